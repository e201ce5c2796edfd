package dev.taxbridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Bearer-token check for every admin endpoint: {@code Authorization: Bearer <tax.admin.token>},
 * compared in constant time. With no token configured every admin call is refused.
 */
@Component
public class AdminTokenGuard {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    public AdminTokenGuard(@Value("${tax.admin.token:}") String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws ResponseStatusException 401 when the header is missing or wrong, 403 when no token is configured */
    public void check(String authorization) {
        if (token == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "admin endpoints are disabled: tax.admin.token is not set");
        }
        if (!matches(token, authorization)) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "missing or wrong bearer token");
        }
    }

    /** Whether {@code Authorization: Bearer <token>} carries the expected token, compared in constant time. */
    public static boolean matches(byte[] expected, String authorization) {
        byte[] given = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(expected, given);
    }
}
