package dev.taxbridge.admin;

import dev.taxbridge.avatax.AvataxCircuits;
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

    private final AvataxCircuits circuits;

    public CircuitHealthIndicator(AvataxCircuits circuits) {
        this.circuits = circuits;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allClosed = true;
        for (Map.Entry<String, AvataxCircuits.State> circuit : circuits.states().entrySet()) {
            details.put(circuit.getKey(), circuit.getValue().name());
            allClosed &= circuit.getValue() == AvataxCircuits.State.CLOSED;
        }
        return (allClosed ? Health.up() : Health.down()).withDetails(details).build();
    }
}
