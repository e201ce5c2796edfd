package dev.taxbridge.messaging;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Opens a consumed command: keeps the original bytes and headers (for parking it unchanged), its
 * routing key and its message id (the producer's, else one derived from the body, so the same body
 * always gets the same id), and enforces the size limit.
 */
@Component
public class CommandEnvelope {

    public static final String ORIGINAL_BODY = "taxOriginalBody";
    public static final String ORIGINAL_HEADERS = "taxOriginalHeaders";
    public static final String ROUTING_KEY = "taxRoutingKey";
    public static final String EXCHANGE = "taxOriginalExchange";
    public static final String MESSAGE_ID = "taxMessageId";
    public static final String QUEUE = "taxQueue";
    /** When the bridge took the command (epoch ms), announced on its outcome as {@code x-received-at}. */
    public static final String RECEIVED_AT = "taxReceivedAt";

    private final int maxBytes;

    public CommandEnvelope(@Value("${tax.messages.max-bytes:1048576}") int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void open(Exchange exchange, String queue) {
        exchange.setProperty(RECEIVED_AT, System.currentTimeMillis());
        byte[] body = exchange.getMessage().getBody(byte[].class);
        Map<String, Object> headers = new LinkedHashMap<>(exchange.getMessage().getHeaders());
        exchange.setProperty(ORIGINAL_BODY, body == null ? new byte[0] : body);
        exchange.setProperty(ORIGINAL_HEADERS, headers);
        exchange.setProperty(QUEUE, queue);
        exchange.setProperty(ROUTING_KEY, headers.get("CamelSpringRabbitmqRoutingKey"));
        exchange.setProperty(EXCHANGE, headers.get("CamelSpringRabbitmqExchangeName"));
        Object producerId = headers.get("CamelSpringRabbitmqMessageId");
        exchange.setProperty(MESSAGE_ID, producerId != null && !producerId.toString().isBlank()
                ? producerId.toString() : derivedId(body));
        exchange.getMessage().setBody(body);
        if (body != null && body.length > maxBytes) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE,
                    "the message is " + body.length + " bytes, over the limit of " + maxBytes);
        }
    }

    public void unknownRoutingKey(String routingKey) {
        throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "unknown routing key '" + routingKey + "'");
    }

    public static String derivedId(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body);
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
