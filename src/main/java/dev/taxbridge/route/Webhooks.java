package dev.taxbridge.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.webhook.WebhookProperties;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.springframework.stereotype.Component;

/**
 * The rules of webhook delivery: the Lago-shaped body, the Standard Webhooks signature (signed by
 * the official library), and what a receiver's answer means (2xx delivered; 5xx, 408, 429 retried;
 * other 4xx rejected).
 */
@Component
public class Webhooks {

    public static final String BODY = "webhookBody";
    public static final String ENDPOINT = "webhookEndpoint";
    public static final String EVENT_ID = "webhookId";
    public static final String EVENT_NAME = "webhookEvent";
    static final String SECRET_PREFIX = "whsec_";

    private final ObjectMapper mapper;
    private final List<Target> targets;
    private final int maxAttempts;

    public Webhooks(ObjectMapper mapper, WebhookProperties properties) {
        this.mapper = mapper;
        this.maxAttempts = properties.maxAttempts();
        List<Target> configured = new ArrayList<>();
        for (int i = 0; i < properties.endpoints().size(); i++) {
            WebhookProperties.Endpoint endpoint = properties.endpoints().get(i);
            if (endpoint.url() == null || endpoint.url().isBlank()) {
                throw new IllegalStateException("tax.webhooks.endpoints[" + i + "].url is empty");
            }
            if (endpoint.secret() == null || !endpoint.secret().startsWith(SECRET_PREFIX)) {
                throw new IllegalStateException("tax.webhooks.endpoints[" + i + "].secret must be a Standard Webhooks"
                        + " secret: 'whsec_' followed by base64");
            }
            configured.add(new Target(i, endpoint.url(), new Webhook(endpoint.secret())));
        }
        this.targets = List.copyOf(configured);
    }

    /** One receiver; its signer holds the decoded secret, which never leaves this object. */
    public record Target(int index, String url, Webhook signer) {

        /** For headers and logs: the index and host, never the path or query (they may carry tokens). */
        public String label() {
            return index + ":" + URI.create(url).getHost();
        }

        @Override
        public String toString() {
            return "Target[" + label() + "]";
        }
    }

    public List<Target> targets() {
        return targets;
    }

    /**
     * {@code {"webhook_type": "<event>", "object_type": "<object>", "<object>": {...}}}; the event's
     * {@code event_id} becomes the webhook id, so retries and replays carry the same id.
     */
    public String body(Exchange exchange) throws IOException {
        CommandContext context = CommandEnvelope.context(exchange);
        byte[] event = context.body();
        String eventName = eventName(context);
        exchange.setProperty(EVENT_NAME, eventName);
        JsonNode object = mapper.readTree(event);
        if (!object.isObject()) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the event is not a JSON object");
        }
        String eventId = object.path("event_id").asText(context.messageId());
        exchange.setProperty(EVENT_ID, eventId);
        String objectType = objectType(eventName);
        ObjectNode webhook = mapper.createObjectNode();
        webhook.put("webhook_type", eventName);
        webhook.put("object_type", objectType);
        webhook.set(objectType, object);
        return mapper.writeValueAsString(webhook);
    }

    /**
     * The event's AMQP {@code type} (the event name; a parked delivery keeps it), else its routing key: a
     * delivery replayed from tax.webhooks.dlq comes back with the routing key {@code tax.webhooks}.
     */
    static String eventName(CommandContext context) {
        String type = context.header(SpringRabbitMQConstants.TYPE);
        return type != null && !type.isBlank() ? type : context.routingKey();
    }

    /** {@code invoice.tax_provider_error} → {@code tax_provider_invoice_error}; integration errors → {@code provider_error}. */
    static String objectType(String eventName) {
        if (eventName != null && eventName.endsWith(".tax_provider_error")) {
            return "tax_provider_" + eventName.substring(0, eventName.indexOf('.')) + "_error";
        }
        if (eventName != null && eventName.endsWith(".provider_error")) {
            return "provider_error";
        }
        return eventName == null ? "event" : eventName.replace('.', '_');
    }

    /** Sets the request to one receiver: URL, signed headers, body. A fresh timestamp per attempt. */
    public String sign(Exchange exchange) throws WebhookSigningException {
        Target target = exchange.getProperty(ENDPOINT, Target.class);
        String body = exchange.getProperty(BODY, String.class);
        String id = exchange.getProperty(EVENT_ID, String.class);
        long timestamp = java.time.Instant.now().getEpochSecond();
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_URI, target.url());
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("webhook-id", id);
        message.setHeader("webhook-timestamp", String.valueOf(timestamp));
        message.setHeader("webhook-signature", target.signer().sign(id, timestamp, body));
        return body;
    }

    /** @throws TaxBridgeException when the receiver did not take the webhook */
    public void checkDelivered(Exchange exchange) {
        Target target = exchange.getProperty(ENDPOINT, Target.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            return;
        }
        String message = "webhook receiver " + target.label() + " answered HTTP " + code;
        if (code >= 500 || code == 408 || code == 429) {
            Duration retryAfter = code == 429 ? retryAfter(exchange.getMessage().getHeader("Retry-After", String.class))
                    : null;
            throw new TaxBridgeException(ErrorCode.WEBHOOK_UNAVAILABLE, message, String.valueOf(code), retryAfter);
        }
        throw new TaxBridgeException(ErrorCode.WEBHOOK_REJECTED, message, String.valueOf(code), null);
    }

    private static Duration retryAfter(String header) {
        try {
            return header == null ? null : Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }

    /** The redelivery predicate of the webhook route: receiver answers worth another try, and I/O failures. */
    public boolean retryable(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TaxBridgeException known) {
                return known.retryable();
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The retry-while predicate: another delivery while fewer than {@code tax.webhooks.max-attempts} were made. */
    public boolean attemptsLeft(Exchange exchange) {
        return Attempts.of(exchange) < maxAttempts;
    }

    /** What a failed delivery is parked as. */
    public static TaxBridgeException classify(Throwable failure, Target target) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TaxBridgeException known) {
                return known;
            }
        }
        String what = failure == null ? "unknown failure" : failure.getClass().getSimpleName();
        return new TaxBridgeException(ErrorCode.WEBHOOK_UNAVAILABLE, "webhook receiver "
                + (target == null ? "?" : target.label()) + " could not be reached (" + what + ")");
    }
}
