package dev.taxbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.avatax.AvataxProperties.ConnectionSettings;
import dev.taxbridge.avatax.AvataxProperties;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.FailureClassifier;
import dev.taxbridge.avatax.SecretRedactor;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.env.MockEnvironment;

/**
 * Health while the bridge starts: before the AvaTax route runs nothing is pinged and nothing cached, and
 * a ping that never reached AvaTax is not "reachable".
 */
class AvataxHealthTest {

    private final AvataxProperties properties = new AvataxProperties("default", Map.of("default",
            new ConnectionSettings("http://127.0.0.1:9/avatax", "1", "a-license-key", "DEFAULT")), "test");
    private final ConnectionRegistry connections = new ConnectionRegistry(properties);
    private final FailureClassifier failures = new FailureClassifier(new SecretRedactor(properties,
            new MockEnvironment()));

    @Test
    void beforeTheRoutesHaveStartedTheAnswerIsUnknownAndNotCached() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ConnectionPing ping = new ConnectionPing(camel.createProducerTemplate(), connections, failures);
            AvataxHealthIndicator health = new AvataxHealthIndicator(camel, connections, ping, Duration.ofMinutes(5));

            assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(health.health().getDetails()).containsKey("reason");

            // The route starts (its AvaTax refuses connections): the next probe pings instead of the cache.
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:avatax-call").routeId("avatax-call")
                            .throwException(new java.net.ConnectException("Connection refused"));
                }
            });
            Health started = health.health();
            assertThat(started.getStatus()).isEqualTo(Status.DOWN);
            assertThat(started.getDetails().get("default")).isEqualTo(Map.of("reachable", false, "authenticated", false));
        }
    }

    @Test
    void aPingThatNeverReachedAvataxIsNotReachable() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            // A failure inside the bridge, not on the network: AvaTax was never reached.
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:avatax-call").routeId("avatax-call")
                            .throwException(new IllegalStateException("a defect in the bridge"));
                }
            });
            camel.start();
            ConnectionPing ping = new ConnectionPing(camel.createProducerTemplate(), connections, failures);

            ConnectionPing.Result result = ping.ping("default");

            assertThat(result.reachable()).isFalse();
            assertThat(result.authenticated()).isFalse();
        }
    }
}
