package dev.taxbridge.route;

import dev.taxbridge.avatax.AvataxCircuit;
import dev.taxbridge.avatax.FailureClassifier;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lifecycle.InvoiceTurns;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides what the retry layer does with a failure. The retry layer is Camel redelivery, configured
 * once ({@link RetryThenPark}, {@code routes/failures.camel.yaml}); this bean is its predicates and its
 * Retry-After hook.
 * What a failure is, is the {@link FailureClassifier}'s to say.
 */
@Component
public class Failures {

    /** Exchange property: how often the command found its invoice's turn taken ({@link InvoiceTurns}). */
    public static final String TURN_WAITS = "taxTurnWaits";

    private final FailureClassifier classifier;
    private final long maxDelayMillis;
    private final int maxAttempts;
    private final int maxTurnWaits;

    public Failures(FailureClassifier classifier, @Value("${tax.retry.max-delay:60s}") Duration maxDelay,
            @Value("${tax.retry.max-attempts:5}") int maxAttempts,
            @Value("${tax.lifecycle.turn-waits:240}") int maxTurnWaits) {
        this.classifier = classifier;
        this.maxDelayMillis = maxDelay.toMillis();
        this.maxAttempts = maxAttempts;
        this.maxTurnWaits = maxTurnWaits;
    }

    /**
     * The broker refused or lost a publish (an outcome event, a parked copy): such a failure says
     * nothing about the message, so it is neither retried nor parked; the message goes back to its
     * queue. Checked on the whole cause chain, because Camel matches exception clauses from the
     * innermost cause (a confirm timeout's cause is a plain TimeoutException).
     */
    public boolean brokerFailure(Exchange exchange) {
        for (Throwable t = caught(exchange); t != null; t = t.getCause()) {
            if (t instanceof org.springframework.amqp.AmqpException
                    || t instanceof com.rabbitmq.client.ShutdownSignalException) {
                return true;
            }
        }
        return false;
    }

    /** The redelivery predicate: only transient failures are retried. */
    public boolean retryable(Exchange exchange) {
        Throwable failure = caught(exchange);
        return failure != null && classifier.classify(failure).retryable();
    }

    /**
     * The retry-while predicate: another attempt while fewer than {@code tax.retry.max-attempts} were
     * made. Every retried route must start with {@code countAttempt} ({@link Attempts}); Camel's
     * redelivery counter header cannot stand in for it (it is gone by the time the parking step runs,
     * and bounding by it as well stopped every retry after the first attempt).
     */
    public boolean attemptsLeft(Exchange exchange) {
        Throwable failure = caught(exchange);
        // Waiting for the invoice's turn is no failed attempt: up to tax.lifecycle.turn-waits such waits.
        if (failure != null && InvoiceTurns.turnTaken(classifier.classify(failure))) {
            int waits = exchange.getProperty(TURN_WAITS, 0, Integer.class) + 1;
            exchange.setProperty(TURN_WAITS, waits);
            if (waits <= maxTurnWaits) {
                Attempts.forget(exchange);
                return true;
            }
        }
        // An open circuit made no call; retrying within seconds would not either. The command waits.
        boolean circuitOpen = failure != null && classifier.classify(failure) instanceof AvataxCircuit.CircuitOpen;
        return !circuitOpen && Attempts.of(exchange) < maxAttempts;
    }

    /** Exchange property: the error code of the latest failure, for the retry counter (tax_commands_total). */
    public static final String LAST_FAILURE = "taxLastFailure";

    /**
     * Runs when a failure occurs, before the next attempt is scheduled: AvaTax's Retry-After, when
     * given, replaces the exponential backoff for that attempt (capped by {@code tax.retry.max-delay}).
     * Also remembers the failure's error code ({@link #LAST_FAILURE}) for the retry counter.
     */
    public void honourRetryAfter(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        TaxBridgeException classified = failure == null ? null : classifier.classify(failure);
        exchange.setProperty(LAST_FAILURE, classified == null ? null : classified.errorCode().code());
        Duration retryAfter = classified == null ? null : classified.retryAfter();
        if (retryAfter != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, Math.min(retryAfter.toMillis(), maxDelayMillis));
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }

    /** The failure being handled: the one an exception clause caught, else the exchange's own. */
    private static Throwable caught(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return failure != null ? failure : exchange.getException();
    }
}
