package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.avatax.AvataxCircuit.State;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvataxCircuitTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private AvataxCircuit circuit;

    @BeforeEach
    void circuitThatThreeFailuresOpenForTenSeconds() {
        circuit = new AvataxCircuit("a", 3, Duration.ofSeconds(10), new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        });
    }

    @Test
    void opensAfterTheThresholdProbesAfterTheOpenDurationAndClosesOnAnAnswer() {
        for (int i = 0; i < 3; i++) {
            circuit.admit();
            fail(ErrorCode.PROVIDER_UNAVAILABLE);
        }
        assertThat(circuit.state()).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> circuit.admit()).isInstanceOf(AvataxCircuit.CircuitOpen.class);

        now = now.plusSeconds(10);
        circuit.admit();
        assertThat(circuit.state()).as("the probe").isEqualTo(State.HALF_OPEN);
        assertThatThrownBy(() -> circuit.admit()).as("one probe at a time")
                .isInstanceOf(AvataxCircuit.CircuitOpen.class);
        fail(ErrorCode.TIMEOUT);
        assertThat(circuit.state()).as("the probe failed").isEqualTo(State.OPEN);

        now = now.plusSeconds(10);
        circuit.admit();
        circuit.answered();
        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        circuit.admit();
    }

    @Test
    void aRefusalIsAnAnswerAndALostProbeDoesNotKeepItShut() {
        circuit.admit();
        fail(ErrorCode.TIMEOUT);
        circuit.admit();
        fail(ErrorCode.TIMEOUT);
        fail(ErrorCode.PROVIDER_ERROR);
        fail(ErrorCode.RATE_LIMITED);
        assertThat(circuit.state()).as("the count started again after the 400").isEqualTo(State.CLOSED);
        fail(ErrorCode.RATE_LIMITED);
        fail(ErrorCode.RATE_LIMITED);
        assertThat(circuit.state()).isEqualTo(State.OPEN);

        now = now.plusSeconds(10);
        circuit.admit();
        // The probe's command failed inside the bridge: no answer either way.
        fail(ErrorCode.INVALID_MESSAGE);
        assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
        now = now.plusSeconds(10);
        circuit.admit();
        assertThat(circuit.state()).as("a new probe").isEqualTo(State.HALF_OPEN);
    }

    /**
     * The circuit a connection's client owns: the connection's own threshold (3, not the default 5), counted
     * from the client's calls, and shown as the gauge {@code avatax_circuit_state} from the start.
     */
    @Test
    void aConnectionsClientCountsItsFailuresInItsOwnCircuitShownAsAGauge() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AvataxProperties properties = new AvataxProperties("a", Map.of(
                "a", new AvataxProperties.ConnectionSettings("http://127.0.0.1:9", "1", "key-aaaaaaaa", "C", null,
                        null, null, null, 3, Duration.ofSeconds(10)),
                "b", new AvataxProperties.ConnectionSettings("http://127.0.0.1:9", "1", "key-bbbbbbbb", "C")), "test");
        ConnectionRegistry connections = TestConnections.started(properties, meters);
        AvataxClient client = connections.client("a");
        assertThat(gauge(meters, "a")).isZero();
        assertThat(gauge(meters, "b")).as("every configured connection, from the start").isZero();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> AvataxClient.await(client.ping())).isInstanceOfSatisfying(
                    TaxBridgeException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        }

        assertThat(client.circuitState()).isEqualTo(State.OPEN);
        assertThat(gauge(meters, "a")).isEqualTo(1);
        assertThatThrownBy(() -> AvataxClient.await(client.ping())).isInstanceOf(AvataxCircuit.CircuitOpen.class);
        assertThat(connections.client("b").circuitState()).as("another connection's circuit").isEqualTo(State.CLOSED);
        assertThat(gauge(meters, "b")).isZero();
    }

    private static double gauge(SimpleMeterRegistry meters, String connection) {
        return meters.get("avatax.circuit.state").tag("connection", connection).gauge().value();
    }

    private void fail(ErrorCode code) {
        circuit.failed(new TaxBridgeException(code, "test"));
    }
}
