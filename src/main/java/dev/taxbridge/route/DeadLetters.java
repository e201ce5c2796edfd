package dev.taxbridge.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.FailureClassifier;
import dev.taxbridge.avatax.SecretRedactor;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.failure.ParsedCommands;
import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.messaging.CopyHeaders;
import dev.taxbridge.messaging.FailureEvents;
import dev.taxbridge.messaging.FailureEvents.FailedCommand;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.messaging.RoutedPublish;
import dev.taxbridge.messaging.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Parks a failed command: the original body, byte for byte, with its original properties and
 * headers plus the SPEC's {@code x-error-*} headers, into {@code <queue>.dlq}, confirmed by the
 * broker before the command is acknowledged. Returns the failure events to announce.
 */
@Component
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final String CAMEL_RABBIT = "CamelSpringRabbitmq";
    /** The headers parking adds; a message parked again (after a replay) gets fresh ones. */
    private static final MessagePropertiesConverter PROPERTIES = new DefaultMessagePropertiesConverter();

    private final FailureClassifier classifier;
    private final RabbitTemplate rabbit;
    private final ObjectMapper mapper;
    private final SecretRedactor redactor;
    private final ConnectionRegistry connections;
    private final long confirmTimeoutMillis;

    public DeadLetters(FailureClassifier classifier, RabbitTemplate rabbit, ObjectMapper mapper,
            SecretRedactor redactor, ConnectionRegistry connections,
            @Value("${tax.publish.confirm-timeout:10s}") Duration confirmTimeout) {
        this.classifier = classifier;
        this.rabbit = rabbit;
        this.mapper = mapper;
        this.redactor = redactor;
        this.connections = connections;
        this.confirmTimeoutMillis = confirmTimeout.toMillis();
    }

    /**
     * Exchange property: the failure being parked, classified once. A retry of the park step (the
     * broker refused the parked copy) must not park the broker's refusal instead of the failure.
     */
    public static final String PARKED_FAILURE = "taxParkedFailure";

    public List<OutcomeEvent> park(Exchange exchange) {
        TaxBridgeException failure = exchange.getProperty(PARKED_FAILURE, TaxBridgeException.class);
        if (failure == null) {
            Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            failure = classifier.classify(caught == null ? new IllegalStateException("unknown") : caught);
            exchange.setProperty(PARKED_FAILURE, failure);
        }
        CommandContext context = contextOf(exchange);
        byte[] body = context.body();
        Map<String, Object> headers = context.headers();
        String queue = context.queue();
        String routingKey = context.routingKey();
        String messageId = context.messageId();
        // What the failure events name: read from the command as it was parsed; only a body that did not
        // parse is read again, leniently.
        JsonNode json = ParsedCommands.outline(context.command());
        if (json == null) {
            json = FailureEvents.readLeniently(mapper, body);
        }
        String connection = connections.codeNamedBy(json);
        int attempts = Math.max(1, Attempts.of(exchange));

        String message = redactor.redact(failure.getMessage());
        MessageProperties properties = parkedProperties(headers, messageId, failure, message, attempts,
                context.exchange() == null ? Topology.COMMANDS_EXCHANGE : context.exchange(), routingKey);
        properties.setHeader("x-connection", connection);
        String dlq = Topology.dlq(queue == null ? Topology.INVOICES : queue);
        send(dlq, body, properties);
        LOG.warn("Parked message {} ({}) in {}: {} after {} attempt(s): {}", messageId, routingKey, dlq,
                failure.errorCode().code(), attempts, message);
        TaxBridgeException redacted = new TaxBridgeException(failure.errorCode(), message, failure.providerCode(),
                failure.retryAfter(), failure.retryable());
        return FailureEvents.eventsFor(new FailedCommand(routingKey, json, connection, redacted, messageId));
    }

    /**
     * Parks a webhook delivery that failed for one receiver. Its replay goes back to the webhook queue
     * only (default exchange, routing key {@code tax.webhooks}), not to every subscriber of tax.events.
     * No event is published: a failing webhook must not announce itself through webhooks.
     */
    public void parkDelivery(Exchange exchange) {
        Webhooks.Target target = exchange.getProperty(Webhooks.ENDPOINT, Webhooks.Target.class);
        TaxBridgeException failure = exchange.getProperty(PARKED_FAILURE, TaxBridgeException.class);
        if (failure == null) {
            failure = Webhooks.classify(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), target);
            exchange.setProperty(PARKED_FAILURE, failure);
        }
        CommandContext context = contextOf(exchange);
        byte[] body = context.body();
        String messageId = context.messageId();
        int attempts = Math.max(1, Attempts.of(exchange));
        String message = redactor.redact(failure.getMessage());
        MessageProperties properties = parkedProperties(context.headers(), messageId, failure, message, attempts, "",
                Topology.WEBHOOKS);
        properties.setHeader("x-event-name", exchange.getProperty(Webhooks.EVENT_NAME, String.class));
        properties.setHeader("x-webhook-endpoint", target == null ? null : target.label());
        String dlq = Topology.dlq(Topology.WEBHOOKS);
        send(dlq, body, properties);
        LOG.warn("Parked webhook {} for receiver {} in {}: {} after {} attempt(s): {}", messageId,
                target == null ? "?" : target.label(), dlq, failure.errorCode().code(), attempts, message);
    }

    /** The command's context; a message that failed before it was opened is parked as it is. */
    private static CommandContext contextOf(Exchange exchange) {
        CommandContext context = CommandEnvelope.context(exchange);
        return context != null ? context
                : new CommandContext(exchange.getMessage().getBody(byte[].class), null, null, null, null, null, null);
    }

    private MessageProperties parkedProperties(Map<String, Object> headers, String messageId,
            TaxBridgeException failure, String message, int attempts, String originalExchange, String routingKey) {
        MessageProperties properties = originalProperties(headers == null ? Map.of() : headers);
        if (properties.getMessageId() == null) {
            properties.setMessageId(messageId);
        }
        properties.setHeader("x-error-code", failure.errorCode().code());
        properties.setHeader("x-error-message", message);
        properties.setHeader("x-failed-at", Instant.now().toString());
        properties.setHeader("x-attempts", attempts);
        properties.setHeader("x-original-exchange", originalExchange);
        properties.setHeader("x-original-routing-key", routingKey);
        if (failure.providerCode() != null) {
            properties.setHeader("x-provider-error-code", failure.providerCode());
        }
        return properties;
    }

    private void send(String queue, byte[] body, MessageProperties properties) {
        // Mandatory: a DLQ that is gone must fail the park (the command goes back to its queue), not
        // swallow the message with a confirm.
        rabbit.execute(channel -> {
            try (RoutedPublish publish = new RoutedPublish(channel)) {
                publish.publish("", queue, PROPERTIES.fromMessageProperties(properties, "UTF-8"),
                        body == null ? new byte[0] : body);
                publish.confirm(confirmTimeoutMillis);
            }
            return null;
        });
    }

    /** The AMQP properties and application headers the producer sent, rebuilt from the Camel headers. */
    static MessageProperties originalProperties(Map<String, Object> headers) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setContentType(headerText(headers, CAMEL_RABBIT + "ContentType", "application/json"));
        properties.setContentEncoding(headerText(headers, CAMEL_RABBIT + "ContentEncoding", null));
        properties.setMessageId(headerText(headers, CAMEL_RABBIT + "MessageId", null));
        properties.setCorrelationId(headerText(headers, CAMEL_RABBIT + "CorrelationId", null));
        properties.setReplyTo(headerText(headers, CAMEL_RABBIT + "ReplyTo", null));
        properties.setType(headerText(headers, CAMEL_RABBIT + "Type", null));
        properties.setAppId(headerText(headers, CAMEL_RABBIT + "AppId", null));
        if (headers.get(CAMEL_RABBIT + "Timestamp") instanceof Date timestamp) {
            properties.setTimestamp(timestamp);
        }
        headers.forEach((name, value) -> {
            if (!name.startsWith("Camel") && !CopyHeaders.PARKING.contains(name) && value != null) {
                properties.setHeader(name, value);
            }
        });
        return properties;
    }

    private static String headerText(Map<String, Object> headers, String name, String fallback) {
        Object value = headers == null ? null : headers.get(name);
        return value == null ? fallback : value.toString();
    }
}
