package dev.taxbridge.avatax;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One circuit breaker per AvaTax connection. After {@code tax.circuit.failure-threshold} transient
 * failures in a row (timeout, 5xx, 429, unreachable) the connection's circuit opens: for
 * {@code tax.circuit.open-duration} no call is made on it, every command for it fails at once with
 * {@link CircuitOpen} (and waits in its wait queue, {@code failure.Deferrals}), instead of each
 * consumer spending its retries on an AvaTax that is down. Then one call is let through as the probe
 * (half-open): its success closes the circuit, a transient failure opens it again. Any answer from
 * AvaTax other than a transient failure (a 2xx, a 400) shows AvaTax is up and closes it.
 * <p>
 * State per connection on {@code /actuator/health} (component {@code circuits}) and as the gauge
 * {@code avatax_circuit_state{connection}}: 0 closed, 1 open, 2 half-open.
 */
@Component
public class AvataxCircuits {

    private static final Logger LOG = LoggerFactory.getLogger(AvataxCircuits.class);

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

    private final class Circuit {
        private final int threshold;
        private final Duration openDuration;
        private State state = State.CLOSED;
        private int failures;
        private Instant openUntil = Instant.EPOCH;

        Circuit(int threshold, Duration openDuration) {
            this.threshold = threshold;
            this.openDuration = openDuration;
        }

        synchronized void admit(String connection) {
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

        synchronized void answered(String connection) {
            if (state != State.CLOSED) {
                LOG.info("AvaTax connection '{}' answers again: circuit closed", connection);
            }
            state = State.CLOSED;
            failures = 0;
        }

        synchronized void failed(String connection, TaxBridgeException failure) {
            failures++;
            if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
                state = State.OPEN;
                openUntil = clock.instant().plus(openDuration);
                LOG.warn("AvaTax connection '{}': circuit open for {} after {} transient failure(s), last: {} ({})",
                        connection, openDuration, failures, failure.errorCode().code(), failure.getMessage());
            }
        }

        synchronized State state() {
            return state;
        }
    }

    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
    private final FailureClassifier classifier;
    private final MeterRegistry meters;
    private final int threshold;
    private final Duration openDuration;
    private Clock clock = Clock.systemUTC();

    public AvataxCircuits(FailureClassifier classifier, MeterRegistry meters, AvataxProperties avatax,
            @Value("${tax.circuit.failure-threshold:5}") int threshold,
            @Value("${tax.circuit.open-duration:30s}") Duration openDuration) {
        this.classifier = classifier;
        this.meters = meters;
        this.threshold = threshold;
        this.openDuration = openDuration;
        // Every configured connection shows on health and metrics from the start, closed.
        avatax.connections().forEach((code, settings) -> circuits.put(code, register(code, new Circuit(
                settings.circuitFailureThreshold() == null ? threshold : settings.circuitFailureThreshold(),
                settings.circuitOpenDuration() == null ? openDuration : settings.circuitOpenDuration()))));
    }

    /** Before a call: raises {@link CircuitOpen} while the connection's circuit is open. */
    public void admit(String connection) {
        circuit(connection).admit(connection);
    }

    /** After AvaTax answered anything but a transient failure. */
    public void answered(String connection) {
        circuit(connection).answered(connection);
    }

    /**
     * After a failed call: classifies the failure, counts it when transient, closes the circuit when AvaTax
     * did answer (a refusal is an answer), and returns it classified.
     */
    public TaxBridgeException failed(String connection, Throwable caught) {
        TaxBridgeException failure = classifier.classify(caught);
        if (isTransient(failure)) {
            circuit(connection).failed(connection, failure);
        } else if (failure.errorCode() != ErrorCode.INVALID_MESSAGE) {
            // AvaTax answered (a refusal, a 401): it is up. An invalid_message here is the bridge's own
            // failure before or after the call and says nothing about AvaTax.
            circuit(connection).answered(connection);
        }
        return failure;
    }

    public State state(String connection) {
        Circuit circuit = circuits.get(connection);
        return circuit == null ? State.CLOSED : circuit.state();
    }

    public Map<String, State> states() {
        Map<String, State> states = new java.util.TreeMap<>();
        circuits.forEach((connection, circuit) -> states.put(connection, circuit.state()));
        return states;
    }

    /** For tests that must not wait for the open duration. */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    static boolean isTransient(TaxBridgeException failure) {
        return !(failure instanceof CircuitOpen) && (failure.errorCode() == ErrorCode.TIMEOUT
                || failure.errorCode() == ErrorCode.PROVIDER_UNAVAILABLE || failure.errorCode() == ErrorCode.RATE_LIMITED);
    }

    private Circuit circuit(String connection) {
        return circuits.computeIfAbsent(connection, code -> register(code, new Circuit(threshold, openDuration)));
    }

    private Circuit register(String connection, Circuit circuit) {
        Gauge.builder("avatax.circuit.state", circuit, c -> c.state().gauge())
                .description("AvaTax connection circuit: 0 closed, 1 open, 2 half-open")
                .tag("connection", connection).register(meters);
        return circuit;
    }
}
