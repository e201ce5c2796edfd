package dev.taxbridge.admin;

import dev.taxbridge.avatax.AvataxCircuit;
import dev.taxbridge.avatax.AvataxClient;
import dev.taxbridge.avatax.ConnectionRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "circuits": each AvaTax connection's circuit (CLOSED, OPEN,
 * HALF_OPEN). DOWN while any is not closed: commands for that connection wait instead of being taxed.
 * Read from memory, so it is current, unlike the cached ping of "avatax".
 */
@Component("circuits")
public class CircuitHealthIndicator implements HealthIndicator {

    private final ConnectionRegistry connections;

    public CircuitHealthIndicator(ConnectionRegistry connections) {
        this.connections = connections;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allClosed = true;
        for (AvataxClient client : connections.clients()) {
            AvataxCircuit.State state = client.circuitState();
            details.put(client.connection().code(), state.name());
            allClosed &= state == AvataxCircuit.State.CLOSED;
        }
        return (allClosed ? Health.up() : Health.down()).withDetails(details).build();
    }
}
