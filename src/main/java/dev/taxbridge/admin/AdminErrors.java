package dev.taxbridge.admin;

import dev.taxbridge.logging.LogMasking;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Admin errors carry their reason ("the broker could not route ... key 'x'; nothing was removed") in
 * Spring Boot's usual error body: Boot leaves {@code message} out by default, and an operator needs it.
 * The reasons are the bridge's own texts; none carries a secret. Every admin controller (dead letters,
 * overview, usage cache, reconciliation) answers this way, so the operator console can show the reason.
 */
@RestControllerAdvice(basePackages = {"dev.taxbridge.admin", "dev.taxbridge.reconciliation"})
class AdminErrors {

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, Object>> refused(ResponseStatusException refused, HttpServletRequest request) {
        HttpStatusCode status = refused.getStatusCode();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().toString());
        body.put("status", status.value());
        body.put("error", status instanceof HttpStatus known ? known.getReasonPhrase() : String.valueOf(status.value()));
        // A reason can repeat what the caller sent, or AvaTax's words (reconciliation): masked like every log line.
        body.put("message", LogMasking.mask(refused.getReason()));
        body.put("path", request.getRequestURI());
        return ResponseEntity.status(refused.getStatusCode()).headers(refused.getHeaders()).body(body);
    }
}
