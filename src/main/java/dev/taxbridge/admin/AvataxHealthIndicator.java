package dev.taxbridge.admin;

import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.ConnectionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "avatax": every connection answers AvaTax's ping. The answer
 * is kept for {@code tax.health.avatax-cache} (30 s) so health probes do not hammer AvaTax. Until the
 * AvaTax route has started nothing is pinged and nothing is cached: the answer is UNKNOWN (starting).
 */
@Component("avatax")
public class AvataxHealthIndicator implements HealthIndicator {

    /** The route every AvaTax call goes through; a ping before it has started cannot reach AvaTax. */
    static final String AVATAX_ROUTE = "avatax-call";

    private final CamelContext camel;
    private final ConnectionRegistry connections;
    private final ConnectionPing ping;
    private final Duration cacheFor;
    private volatile Health last;
    private volatile Instant lastAt = Instant.EPOCH;

    public AvataxHealthIndicator(CamelContext camel, ConnectionRegistry connections, ConnectionPing ping,
            @Value("${tax.health.avatax-cache:30s}") Duration cacheFor) {
        this.camel = camel;
        this.connections = connections;
        this.ping = ping;
        this.cacheFor = cacheFor;
    }

    @Override
    public Health health() {
        if (last != null && Instant.now().isBefore(lastAt.plus(cacheFor))) {
            return last;
        }
        ServiceStatus route = camel.getRouteController().getRouteStatus(AVATAX_ROUTE);
        if (route == null || !route.isStarted()) {
            return Health.unknown().withDetail("reason", "starting: the AvaTax routes are not started yet").build();
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
