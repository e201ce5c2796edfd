package dev.taxbridge.admin;

import dev.taxbridge.web.BearerToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a request to {@code /actuator/**} that carries the admin bearer token an authenticated one
 * (principal {@code admin}), so that {@code management.endpoint.health.show-details: when-authorized}
 * shows the components' details to the operator and only the overall status to everybody else. The
 * bridge has no Spring Security; this is the one place the actuator learns who is calling.
 */
@Component
public class AdminPrincipalFilter extends OncePerRequestFilter {

    static final Principal ADMIN = () -> "admin";

    private final byte[] token;

    public AdminPrincipalFilter(@Value("${tax.admin.token:}") String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admin = token != null && BearerToken.matches(token, request.getHeader(HttpHeaders.AUTHORIZATION));
        chain.doFilter(admin ? new AsAdmin(request) : request, response);
    }

    private static final class AsAdmin extends HttpServletRequestWrapper {
        AsAdmin(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return ADMIN;
        }
    }
}
