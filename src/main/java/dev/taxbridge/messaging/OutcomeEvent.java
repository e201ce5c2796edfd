package dev.taxbridge.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * An event to publish on {@code tax.events}: its name (the routing key), a stable id and its body.
 * The id is derived from the command's message id and the event name, so a redelivered or replayed
 * command announces its outcome under the same {@code event_id} and receivers can drop duplicates.
 */
public record OutcomeEvent(String name, String eventId, String sourceMessageId, Map<String, Object> body) {

    public static String eventId(String messageId, String name) {
        return UUID.nameUUIDFromBytes((messageId + "|" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
