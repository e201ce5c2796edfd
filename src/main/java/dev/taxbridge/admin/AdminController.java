package dev.taxbridge.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.admin.DeadLetterAdmin.ParkedMessage;
import dev.taxbridge.admin.DeadLetterAdmin.ReplayResult;
import dev.taxbridge.mapping.MappingCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** SPEC section 5: the operators' HTTP API. Every call needs the admin bearer token. */
@RestController
@RequestMapping("/admin")
public class AdminController {

    private final AdminTokenGuard guard;
    private final DeadLetterAdmin deadLetters;
    private final ConnectionPing ping;
    private final MappingCatalog mappings;

    public AdminController(AdminTokenGuard guard, DeadLetterAdmin deadLetters, ConnectionPing ping,
            MappingCatalog mappings) {
        this.guard = guard;
        this.deadLetters = deadLetters;
        this.ping = ping;
        this.mappings = mappings;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReplayRequest(List<String> messageIds, String errorCode, Boolean all) {
    }

    @GetMapping("/dead-letters")
    public Map<String, Long> counts(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        guard.check(auth);
        return deadLetters.counts();
    }

    /** A page of a DLQ's messages: {@code offset} skipped, at most {@code limit}; only one error code's if given. */
    @GetMapping("/dead-letters/{queue}")
    public List<ParkedMessage> list(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String queue, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(name = "error_code", required = false) String errorCode) {
        guard.check(auth);
        if (limit < 1 || limit > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        if (offset < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "offset must not be negative");
        }
        return deadLetters.list(queue, offset, limit,
                message -> errorCode == null || Objects.equals(errorCode, message.errorCode()));
    }

    @GetMapping("/dead-letters/{queue}/error-codes")
    public DeadLetterAdmin.ErrorCodes errorCodes(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth, @PathVariable String queue) {
        guard.check(auth);
        return deadLetters.errorCodes(queue);
    }

    /**
     * One parked message with its properties, headers and body, secrets masked. The id is a query
     * parameter: a producer's message id may hold a '/', which a path cannot carry.
     */
    @GetMapping("/dead-letters/{queue}/message")
    public DeadLetterAdmin.ParkedDetail show(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String queue, @RequestParam(name = "message_id") String messageId) {
        guard.check(auth);
        return deadLetters.show(queue, messageId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no parked message '" + messageId + "' in " + queue));
    }

    @PostMapping("/dead-letters/{queue}/replay")
    public ReplayResult replay(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String queue, @RequestBody(required = false) ReplayRequest request) {
        guard.check(auth);
        return deadLetters.replay(queue, selection(request));
    }

    @DeleteMapping("/dead-letters/{queue}/{messageId}")
    public ResponseEntity<Void> discard(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String queue, @PathVariable String messageId) {
        return discardById(auth, queue, messageId);
    }

    /** The same, for any message id (one with a '/' as well). */
    @DeleteMapping("/dead-letters/{queue}/message")
    public ResponseEntity<Void> discardById(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String queue, @RequestParam(name = "message_id") String messageId) {
        guard.check(auth);
        if (!deadLetters.discard(queue, messageId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no parked message '" + messageId + "' in " + queue);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/connections/{code}/ping")
    public ConnectionPing.Result ping(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String code) {
        guard.check(auth);
        return ping.ping(code);
    }

    /** Re-reads config/ and re-binds tax.mappings, so a fixed mapping applies to the next (replayed) message. */
    @PostMapping("/mappings/reload")
    public Map<String, Object> reloadMappings(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) throws java.io.IOException {
        guard.check(auth);
        return Map.of("connections", mappings.reload().mappings().keySet());
    }

    /** Exactly one selector: message ids, an error code, or all. */
    static Predicate<ParkedMessage> selection(ReplayRequest request) {
        if (request == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "say which messages: {\"message_ids\": [...]}, {\"error_code\": \"...\"} or {\"all\": true}");
        }
        int given = (request.messageIds() != null ? 1 : 0) + (request.errorCode() != null ? 1 : 0)
                + (Boolean.TRUE.equals(request.all()) ? 1 : 0);
        if (given != 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "give exactly one of message_ids, error_code or all: true");
        }
        if (request.messageIds() != null) {
            Set<String> ids = new HashSet<>(request.messageIds());
            return message -> ids.contains(message.messageId());
        }
        if (request.errorCode() != null) {
            return message -> Objects.equals(request.errorCode(), message.errorCode());
        }
        return message -> true;
    }
}
