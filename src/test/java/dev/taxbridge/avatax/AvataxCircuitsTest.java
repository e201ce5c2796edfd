package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.avatax.AvataxCircuits.State;
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
import org.springframework.mock.env.MockEnvironment;

class AvataxCircuitsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private AvataxCircuits circuits;

    @BeforeEach
    void connectionWhoseThreeFailuresOpenItForTenSeconds() {
        AvataxProperties properties = new AvataxProperties("a", Map.of("a",
                new AvataxProperties.ConnectionSettings("http://127.0.0.1:9", "1", "key-aaaaaaaa", "C", null, null, null, null,
                        3, Duration.ofSeconds(10))), "test");
        FailureClassifier failures = new FailureClassifier(new SecretRedactor(properties, new MockEnvironment()));
        circuits = new AvataxCircuits(failures, meters, properties, 1000, Duration.ofHours(1));
        circuits.useClock(new Clock() {
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
        assertThat(gauge()).isZero();
        for (int i = 0; i < 3; i++) {
            circuits.admit("a");
            fail("a", ErrorCode.PROVIDER_UNAVAILABLE);
        }
        assertThat(circuits.state("a")).isEqualTo(State.OPEN);
        assertThat(gauge()).isEqualTo(1);
        assertThatThrownBy(() -> circuits.admit("a")).isInstanceOf(AvataxCircuits.CircuitOpen.class);

        now = now.plusSeconds(10);
        circuits.admit("a");
        assertThat(circuits.state("a")).as("the probe").isEqualTo(State.HALF_OPEN);
        assertThatThrownBy(() -> circuits.admit("a")).as("one probe at a time")
                .isInstanceOf(AvataxCircuits.CircuitOpen.class);
        fail("a", ErrorCode.TIMEOUT);
        assertThat(circuits.state("a")).as("the probe failed").isEqualTo(State.OPEN);

        now = now.plusSeconds(10);
        circuits.admit("a");
        circuits.answered("a");
        assertThat(circuits.state("a")).isEqualTo(State.CLOSED);
        circuits.admit("a");
    }

    @Test
    void aRefusalIsAnAnswerAndALostProbeDoesNotKeepItShut() {
        circuits.admit("a");
        fail("a", ErrorCode.TIMEOUT);
        circuits.admit("a");
        fail("a", ErrorCode.TIMEOUT);
        fail("a", ErrorCode.PROVIDER_ERROR);
        fail("a", ErrorCode.RATE_LIMITED);
        assertThat(circuits.state("a")).as("the count started again after the 400").isEqualTo(State.CLOSED);
        fail("a", ErrorCode.RATE_LIMITED);
        fail("a", ErrorCode.RATE_LIMITED);
        assertThat(circuits.state("a")).isEqualTo(State.OPEN);

        now = now.plusSeconds(10);
        circuits.admit("a");
        // The probe's command failed inside the bridge: no answer either way.
        fail("a", ErrorCode.INVALID_MESSAGE);
        assertThat(circuits.state("a")).isEqualTo(State.HALF_OPEN);
        now = now.plusSeconds(10);
        circuits.admit("a");
        assertThat(circuits.state("a")).as("a new probe").isEqualTo(State.HALF_OPEN);
    }

    private double gauge() {
        return meters.get("avatax.circuit.state").tag("connection", "a").gauge().value();
    }

    private void fail(String connection, ErrorCode code) {
        assertThat(circuits.failed(connection, new TaxBridgeException(code, "test")).errorCode()).isEqualTo(code);
    }
}
