package dev.taxbridge.route;

import dev.taxbridge.avatax.FailureClassifier;
import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.messaging.CopyHeaders;
import dev.taxbridge.messaging.RoutedPublish;
import dev.taxbridge.messaging.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Patience with AvaTax outages. A command whose transient failure (timeout, provider_unavailable,
 * rate_limited) outlasted its retries on the consumer thread is not parked while
 * {@code tax.retry.patience} (1 h) has not passed since its first such failure: it is put in its work
 * queue's wait queue ({@code tax.invoices.wait}, {@code tax.customers.wait}) for
 * {@code tax.retry.defer-delay}, after which the broker hands it back to the work queue. The copy is
 * confirmed before the command is acknowledged, as a parked one is. No consumer holds it meanwhile
 * (RabbitMQ's consumer_timeout would close the channel after 30 min) and no requeue counts toward a
 * delivery limit. When the patience has run out, the command is parked as before.
 */
@Component
public class Deferrals {

    private static final Logger LOG = LoggerFactory.getLogger(Deferrals.class);
    private final FailureClassifier failures;
    private final RabbitTemplate rabbit;
    private volatile Duration patience;
    private final Duration delay;
    private final long confirmTimeoutMillis;
    private final Clock clock = Clock.systemUTC();

    public Deferrals(FailureClassifier failures, RabbitTemplate rabbit,
            @Value("${tax.retry.patience:1h}") Duration patience,
            @Value("${tax.retry.defer-delay:30s}") Duration delay,
            @Value("${tax.publish.confirm-timeout:10s}") Duration confirmTimeout) {
        this.failures = failures;
        this.rabbit = rabbit;
        this.patience = patience;
        this.delay = delay;
        this.confirmTimeoutMillis = confirmTimeout.toMillis();
    }

    /** Whether the failure is transient and the command's patience has not run out: it waits, not parked. */
    public boolean patient(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught == null || !failures.classify(caught).errorCode().retryable()) {
            return false;
        }
        Instant now = clock.instant();
        Instant first = firstFailedAt(CommandEnvelope.context(exchange).headers());
        Duration waited = first == null ? Duration.ZERO : Duration.between(first, now);
        return waited.compareTo(patience) < 0;
    }

    /** One application context serves every end-to-end test; the outage tests need a longer patience. */
    public void patience(Duration patience) {
        this.patience = patience;
    }

    public Duration patience() {
        return patience;
    }

    /** The header when it is one of ours: a time not in the future (a forged one would wait forever). */
    private Instant firstFailedAt(Map<String, Object> headers) {
        Object value = headers.get(CopyHeaders.FIRST_FAILED_AT);
        if (value == null) {
            return null;
        }
        try {
            Instant first = Instant.parse(value.toString());
            return first.isAfter(clock.instant()) ? null : first;
        } catch (DateTimeParseException forged) {
            return null;
        }
    }

    /** Puts the command, byte for byte, into its wait queue (confirmed, mandatory). */
    public void defer(Exchange exchange) {
        CommandContext context = CommandEnvelope.context(exchange);
        Map<String, Object> headers = context.headers();
        Instant first = firstFailedAt(headers);
        MessageProperties properties = DeadLetters.originalProperties(headers);
        // The broker's records of earlier waits and deliveries; the wait count is ours.
        properties.getHeaders().remove("x-death");
        properties.getHeaders().remove("x-delivery-count");
        properties.setHeader(CopyHeaders.FIRST_FAILED_AT, (first == null ? clock.instant() : first).toString());
        int deferrals = headers.get(CopyHeaders.DEFERRALS) instanceof Number n ? n.intValue() + 1 : 1;
        properties.setHeader(CopyHeaders.DEFERRALS, deferrals);
        if (properties.getMessageId() == null) {
            properties.setMessageId(context.messageId());
        }
        properties.setExpiration(Long.toString(delay.toMillis()));
        String routingKey = context.routingKey();
        byte[] body = context.body();
        rabbit.execute(channel -> {
            try (RoutedPublish publish = new RoutedPublish(channel)) {
                publish.publish(Topology.WAIT_EXCHANGE, routingKey,
                        new DefaultMessagePropertiesConverter().fromMessageProperties(properties, "UTF-8"),
                        body);
                publish.confirm(confirmTimeoutMillis);
            }
            return null;
        });
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = caught == null ? "?" : failures.classify(caught).getMessage();
        // At WARN once per command and outage; its later waits (one per defer-delay) would flood the log.
        String message = "Message {} ({}) waits {} (wait #{}, failing since {}): {}";
        if (deferrals == 1) {
            LOG.warn(message, properties.getMessageId(), routingKey, delay, deferrals, first == null ? "now" : first, reason);
        } else {
            LOG.debug(message, properties.getMessageId(), routingKey, delay, deferrals, first, reason);
        }
    }
}
