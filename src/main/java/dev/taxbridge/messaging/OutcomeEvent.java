package dev.taxbridge.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * An event to publish on {@code tax.events}: its name (the routing key), a stable id and its body, a record
 * the ObjectMapper writes as it is (its {@code event_id} first). The id is derived from the command's message
 * id and the event name, so a redelivered or replayed command announces its outcome under the same
 * {@code event_id} and receivers can drop duplicates.
 */
public record OutcomeEvent(String name, String eventId, String sourceMessageId, Object body) {

    /** One MD5 per thread: {@code UUID.nameUUIDFromBytes} looks the algorithm up on every call. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    });

    /** The name-based (version 3) UUID of the command's message id and the event name, as nameUUIDFromBytes. */
    public static String eventId(String messageId, String name) {
        byte[] hash = MD5.get().digest((messageId + "|" + name).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }
}
