package dev.taxbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.avatax.AvataxProperties.ConnectionSettings;
import dev.taxbridge.avatax.AvataxProperties;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.TestConnections;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.web.server.ResponseStatusException;

/** Health of the AvaTax connections: a ping that never reached AvaTax is not "reachable", and answers are kept. */
class AvataxHealthTest {

    private final AvataxProperties properties = new AvataxProperties("default", Map.of("default",
            new ConnectionSettings("http://127.0.0.1:9/avatax", "1", "a-license-key", "DEFAULT")), "test");
    private final ConnectionRegistry connections = TestConnections.started(properties);

    @Test
    void aPingThatNeverReachedAvataxIsNotReachableAndTheAnswerIsKept() {
        ConnectionPing ping = new ConnectionPing(connections);
        AvataxHealthIndicator health = new AvataxHealthIndicator(connections, ping, Duration.ofMinutes(5));

        // Nothing listens on port 9: AvaTax was never reached.
        Health down = health.health();

        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get("default")).isEqualTo(Map.of("reachable", false, "authenticated", false));
        assertThat(health.health()).as("kept for the cache duration").isSameAs(down);
    }

    @Test
    void anUnknownConnectionIsNotFound() {
        ConnectionPing ping = new ConnectionPing(connections);

        assertThatThrownBy(() -> ping.ping("nope")).isInstanceOf(ResponseStatusException.class);
    }
}
