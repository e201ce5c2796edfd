package dev.taxbridge.failure;

import dev.taxbridge.avatax.AvataxCircuits;
import dev.taxbridge.avatax.SecretRedactor;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Classifies any exception into a {@link TaxBridgeException} (SPEC section 4), and decides what the
 * retry layer does with it. The retry layer is Camel redelivery, configured once in
 * {@code routes/failures.camel.yaml}; this bean is its predicate and its Retry-After hook.
 */
@Component
public class Failures {

    private final SecretRedactor redactor;
    private final long maxDelayMillis;
    private final int maxAttempts;

    public Failures(SecretRedactor redactor,
            @org.springframework.beans.factory.annotation.Value("${tax.retry.max-delay:60s}") Duration maxDelay,
            @org.springframework.beans.factory.annotation.Value("${tax.retry.max-attempts:5}") int maxAttempts) {
        this.redactor = redactor;
        this.maxDelayMillis = maxDelay.toMillis();
        this.maxAttempts = maxAttempts;
    }

    public TaxBridgeException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TaxBridgeException known) {
                return known;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || (t instanceof InterruptedIOException && !(t instanceof java.nio.channels.ClosedByInterruptException))) {
                return new TaxBridgeException(ErrorCode.TIMEOUT, "AvaTax did not answer in time ("
                        + t.getClass().getSimpleName() + ")");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof org.apache.hc.core5.http.NoHttpResponseException
                    || t instanceof java.net.SocketException) {
                return new TaxBridgeException(ErrorCode.PROVIDER_UNAVAILABLE, "AvaTax could not be reached ("
                        + t.getClass().getSimpleName() + ")");
            }
            // Any other I/O failure of the call (a TLS handshake, a reset stream) is the connection's,
            // not the message's; JSON errors are I/O exceptions too but are the message's.
            if (t instanceof java.io.IOException && !(t instanceof com.fasterxml.jackson.core.JacksonException)) {
                String detail = redactor.redact(String.valueOf(t.getMessage()));
                return new TaxBridgeException(ErrorCode.PROVIDER_UNAVAILABLE, "AvaTax could not be reached ("
                        + t.getClass().getSimpleName() + ": "
                        + (detail.length() > 200 ? detail.substring(0, 200) + "…" : detail) + ")");
            }
        }
        // Anything else is a defect or an unexpected input; say what it was without echoing data.
        return new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the bridge could not process the message ("
                + failure.getClass().getSimpleName() + ": " + redactor.redact(String.valueOf(failure.getMessage())) + ")");
    }

    /**
     * The broker refused or lost a publish (an outcome event, a parked copy): such a failure says
     * nothing about the message, so it is neither retried nor parked; the message goes back to its
     * queue. Checked on the whole cause chain, because Camel matches exception clauses from the
     * innermost cause (a confirm timeout's cause is a plain TimeoutException).
     */
    public boolean brokerFailure(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.amqp.AmqpException
                    || t instanceof com.rabbitmq.client.ShutdownSignalException) {
                return true;
            }
        }
        return false;
    }

    /** The redelivery predicate: only transient failures are retried. */
    public boolean retryable(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        return failure != null && classify(failure).retryable();
    }

    /** Exchange property: how many attempts the retried step has started (counted by {@link #countAttempt}). */
    public static final String ATTEMPTS = "taxAttempts";

    /** The first step of every retried step: one more attempt. */
    public void countAttempt(Exchange exchange) {
        exchange.setProperty(ATTEMPTS, attempts(exchange) + 1);
    }

    public static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 0, Integer.class);
    }

    /**
     * The retry-while predicate: another attempt while fewer than {@code tax.retry.max-attempts} were
     * made. Every retried route must start with {@link #countAttempt}; Camel's redelivery counter header
     * cannot stand in for it (it is gone by the time the parking step runs, and bounding by it as well
     * stopped every retry after the first attempt).
     */
    public boolean attemptsLeft(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        // An open circuit made no call; retrying within seconds would not either. The command waits.
        boolean circuitOpen = failure != null && classify(failure) instanceof AvataxCircuits.CircuitOpen;
        return !circuitOpen && attempts(exchange) < maxAttempts;
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
        TaxBridgeException classified = failure == null ? null : classify(failure);
        exchange.setProperty(LAST_FAILURE, classified == null ? null : classified.errorCode().code());
        Duration retryAfter = classified == null ? null : classified.retryAfter();
        if (retryAfter != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, Math.min(retryAfter.toMillis(), maxDelayMillis));
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
