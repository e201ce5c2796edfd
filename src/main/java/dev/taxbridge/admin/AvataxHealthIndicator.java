package dev.taxbridge.admin;

import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.ConnectionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "avatax": every connection answers AvaTax's ping. The answer
 * is kept for {@code tax.health.avatax-cache} (30 s) so health probes do not hammer AvaTax.
 */
@Component("avatax")
public class AvataxHealthIndicator implements HealthIndicator {

    private final ConnectionRegistry connections;
    private final ConnectionPing ping;
    private final Duration cacheFor;
    private volatile Health last;
    private volatile Instant lastAt = Instant.EPOCH;

    public AvataxHealthIndicator(ConnectionRegistry connections, ConnectionPing ping,
            @Value("${tax.health.avatax-cache:30s}") Duration cacheFor) {
        this.connections = connections;
        this.ping = ping;
        this.cacheFor = cacheFor;
    }

    @Override
    public Health health() {
        if (last != null && Instant.now().isBefore(lastAt.plus(cacheFor))) {
            return last;
        }
        boolean allReachable = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (AvataxConnection connection : connections.all()) {
            ConnectionPing.Result result = ping.ping(connection.code());
            allReachable &= result.reachable();
            details.put(connection.code(), Map.of("reachable", result.reachable(), "authenticated",
                    result.authenticated()));
        }
        last = (allReachable ? Health.up() : Health.down()).withDetails(details).build();
        lastAt = Instant.now();
        return last;
    }
}
