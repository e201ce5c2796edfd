package dev.taxbridge.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Admin errors carry their reason ("the broker could not route ... key 'x'; nothing was removed"):
 * Spring Boot's default error body leaves the message out, and an operator needs it. The reasons are
 * the bridge's own texts; none carries a secret.
 */
@RestControllerAdvice(assignableTypes = AdminController.class)
class AdminErrors {

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, Object>> refused(ResponseStatusException refused) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().toString());
        body.put("status", refused.getStatusCode().value());
        body.put("error", refused.getReason());
        return ResponseEntity.status(refused.getStatusCode()).headers(refused.getHeaders()).body(body);
    }
}
