package dev.taxbridge.avatax;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AvaTax connection's circuit breaker, owned by its {@link AvataxClient}. After
 * {@code tax.circuit.failure-threshold} transient failures in a row (timeout, 5xx, 429, unreachable) the
 * circuit opens: for {@code tax.circuit.open-duration} no call is made on the connection, every command for
 * it fails at once with {@link CircuitOpen} (and waits in its wait queue, {@code route.Deferrals}),
 * instead of each consumer spending its retries on an AvaTax that is down. Then one call is let through as
 * the probe (half-open): its success closes the circuit, a transient failure opens it again. Any answer
 * from AvaTax other than a transient failure (a 2xx, a 400) shows AvaTax is up and closes it.
 * <p>
 * Its state shows on {@code /actuator/health} (component {@code circuits}) and as the gauge
 * {@code avatax_circuit_state{connection}}: 0 closed, 1 open, 2 half-open.
 */
public final class AvataxCircuit {

    private static final Logger LOG = LoggerFactory.getLogger(AvataxCircuit.class);

    public enum State {
        CLOSED(0), OPEN(1), HALF_OPEN(2);

        private final int gauge;

        State(int gauge) {
            this.gauge = gauge;
        }

        public int gauge() {
            return gauge;
        }
    }

    /** A call not made because its connection's circuit is open: transient, but not worth a retry now. */
    public static final class CircuitOpen extends TaxBridgeException {
        public CircuitOpen(String connection, Duration retryAfter) {
            super(ErrorCode.PROVIDER_UNAVAILABLE, "AvaTax connection '" + connection
                    + "' keeps failing: circuit open, no call made", null, retryAfter);
        }
    }

    private final String connection;
    private final int threshold;
    private final Duration openDuration;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private Instant openUntil = Instant.EPOCH;

    AvataxCircuit(String connection, int threshold, Duration openDuration) {
        this(connection, threshold, openDuration, Clock.systemUTC());
    }

    /** With a clock of the test's, so that it need not wait for the open duration. */
    AvataxCircuit(String connection, int threshold, Duration openDuration, Clock clock) {
        this.connection = connection;
        this.threshold = threshold;
        this.openDuration = openDuration;
        this.clock = clock;
    }

    /** Before a call: raises {@link CircuitOpen} while the circuit is open. */
    synchronized void admit() {
        if (state == State.CLOSED) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(openUntil)) {
            // This call is the probe. Its slot lasts one open duration: a probe that ends without an
            // answer either way (the bridge failed before the call) does not keep the circuit shut.
            state = State.HALF_OPEN;
            openUntil = now.plus(openDuration);
            LOG.info("AvaTax connection '{}': circuit half-open, probing with the next call", connection);
            return;
        }
        throw new CircuitOpen(connection, Duration.between(now, openUntil));
    }

    /** After AvaTax answered anything but a transient failure. */
    synchronized void answered() {
        if (state != State.CLOSED) {
            LOG.info("AvaTax connection '{}' answers again: circuit closed", connection);
        }
        state = State.CLOSED;
        failures = 0;
    }

    /**
     * After a failed call, its failure classified: counted when transient; when AvaTax did answer (a refusal
     * is an answer) the circuit closes.
     */
    synchronized void failed(TaxBridgeException failure) {
        if (!isTransient(failure)) {
            // AvaTax answered (a refusal, a 401): it is up. An invalid_message here is the bridge's own
            // failure before or after the call and says nothing about AvaTax.
            if (failure.errorCode() != ErrorCode.INVALID_MESSAGE) {
                answered();
            }
            return;
        }
        failures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            state = State.OPEN;
            openUntil = clock.instant().plus(openDuration);
            LOG.warn("AvaTax connection '{}': circuit open for {} after {} transient failure(s), last: {} ({})",
                    connection, openDuration, failures, failure.errorCode().code(), failure.getMessage());
        }
    }

    public synchronized State state() {
        return state;
    }

    static boolean isTransient(TaxBridgeException failure) {
        return !(failure instanceof CircuitOpen) && (failure.errorCode() == ErrorCode.TIMEOUT
                || failure.errorCode() == ErrorCode.PROVIDER_UNAVAILABLE || failure.errorCode() == ErrorCode.RATE_LIMITED);
    }
}
