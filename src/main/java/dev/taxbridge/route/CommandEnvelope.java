package dev.taxbridge.route;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.messaging.CommandContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Opens a consumed command into its {@link CommandContext}, once: the original bytes and the headers a parked
 * or deferred copy carries again, its routing key, exchange and queue, and its message id (the producer's,
 * else one derived from the body, so the same body always gets the same id). The inbound headers are then
 * removed, so nothing inbound reaches AvaTax, an event or a webhook. {@link #admit} enforces the size limit.
 */
@Component
public class CommandEnvelope {

    private static final String AMQP = "CamelSpringRabbitmq";
    /**
     * The AMQP properties a parked or deferred copy is published with again (as Camel names them); every other
     * {@code Camel*} header is the consumer's own.
     */
    private static final Set<String> KEPT_PROPERTIES = Set.of(SpringRabbitMQConstants.CONTENT_TYPE,
            SpringRabbitMQConstants.CONTENT_ENCODING, SpringRabbitMQConstants.MESSAGE_ID,
            SpringRabbitMQConstants.CORRELATION_ID, SpringRabbitMQConstants.REPLY_TO, SpringRabbitMQConstants.TYPE,
            SpringRabbitMQConstants.APP_ID, SpringRabbitMQConstants.TIMESTAMP);

    private final int maxBytes;

    public CommandEnvelope(@Value("${tax.messages.max-bytes:1048576}") int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Opens the command the consumer route took from its queue (named by the route's spring-rabbitmq
     * endpoint). Never fails, so that a command refused by {@link #admit} is still counted and logged with its
     * ids.
     */
    public CommandContext open(Exchange exchange) {
        long receivedAt = System.currentTimeMillis();
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        Map<String, Object> inbound = message.getHeaders();
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> header : inbound.entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (name.startsWith(AMQP) ? KEPT_PROPERTIES.contains(name) : !name.startsWith("Camel") && value != null) {
                kept.put(name, value);
            }
        }
        Object routingKey = inbound.get(SpringRabbitMQConstants.ROUTING_KEY);
        Object exchangeName = inbound.get(SpringRabbitMQConstants.EXCHANGE_NAME);
        Object producerId = kept.get(SpringRabbitMQConstants.MESSAGE_ID);
        CommandContext context = new CommandContext(body, kept, routingKey == null ? null : routingKey.toString(),
                exchangeName == null ? null : exchangeName.toString(), queue(exchange),
                producerId != null && !producerId.toString().isBlank() ? producerId.toString() : derivedId(body),
                receivedAt);
        attach(exchange, context);
        // Captured above: the rest of the route sees none of them (only Camel's redelivery headers come later).
        inbound.clear();
        message.setBody(context.body());
        return context;
    }

    /** The context of the exchange's command, or null when none was opened. */
    public static CommandContext context(Exchange exchange) {
        return exchange.getProperty(CommandContext.PROPERTY, CommandContext.class);
    }

    /** Puts the context in its exchange property, where every step reads it. */
    public static void attach(Exchange exchange, CommandContext context) {
        exchange.setProperty(CommandContext.PROPERTY, context);
    }

    /** The work queue the consuming route reads, from its endpoint: named once, in the route's {@code from}. */
    private static String queue(Exchange exchange) {
        return exchange.getFromEndpoint() instanceof SpringRabbitMQEndpoint consumer ? consumer.getQueues() : null;
    }

    /** Refuses a command over {@code tax.messages.max-bytes}. */
    public void admit(CommandContext context) {
        if (context.body().length > maxBytes) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE,
                    "the message is " + context.body().length + " bytes, over the limit of " + maxBytes);
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
