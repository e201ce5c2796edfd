package dev.taxbridge.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The bearer-token check of the bridge's HTTP endpoints (admin, estimates). */
public final class BearerToken {

    private static final String BEARER = "Bearer ";

    private BearerToken() {
    }

    /** Whether {@code Authorization: Bearer <token>} carries the expected token, compared in constant time. */
    public static boolean matches(byte[] expected, String authorization) {
        byte[] given = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(expected, given);
    }
}
