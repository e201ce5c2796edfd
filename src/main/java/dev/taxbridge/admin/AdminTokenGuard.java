package dev.taxbridge.admin;

import dev.taxbridge.web.BearerToken;
import java.nio.charset.StandardCharsets;
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

    private final byte[] token;

    public AdminTokenGuard(@Value("${tax.admin.token:}") String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws ResponseStatusException 401 when the header is missing or wrong, 403 when no token is configured */
    public void check(String authorization) {
        if (token == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "admin endpoints are disabled: tax.admin.token is not set");
        }
        if (!BearerToken.matches(token, authorization)) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "missing or wrong bearer token");
        }
    }
}
