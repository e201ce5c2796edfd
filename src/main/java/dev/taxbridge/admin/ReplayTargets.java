package dev.taxbridge.admin;

import dev.taxbridge.messaging.Topology;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a parked message may be replayed to: only the exchange and the routing keys the bridge itself
 * consumes from that DLQ's work queue. The parked message's headers ({@code x-original-exchange},
 * {@code x-original-routing-key}, {@code x-death}) only say which of those keys it came with: anybody
 * who can publish into a DLQ can forge them, and a replay must not deliver into a queue they name.
 */
public final class ReplayTargets {

    /** Where a replay goes. */
    public record Target(String exchange, String routingKey) {
    }

    private record Allowed(String exchange, Set<String> routingKeys) {
    }

    private static final Map<String, Allowed> BY_DLQ = Map.of(
            Topology.dlq(Topology.INVOICES), new Allowed(Topology.COMMANDS_EXCHANGE, Set.of("invoice.draft",
                    "invoice.finalized", "invoice.voided", "invoice.disputed", "credit_note.created",
                    "fee.pay_in_advance")),
            Topology.dlq(Topology.CUSTOMERS), new Allowed(Topology.COMMANDS_EXCHANGE,
                    Set.of("customer.created", "customer.updated")),
            // Webhook deliveries go back to the webhook queue only (default exchange), never to tax.events.
            Topology.dlq(Topology.WEBHOOKS), new Allowed("", Set.of(Topology.WEBHOOKS)));

    private ReplayTargets() {
    }

    /** @return the replay target, or empty when {@code claimedRoutingKey} is not one the DLQ's work queue serves */
    public static Optional<Target> of(String dlq, String claimedRoutingKey) {
        Allowed allowed = BY_DLQ.get(dlq);
        if (allowed == null || !allowed.routingKeys().contains(claimedRoutingKey)) {
            return Optional.empty();
        }
        return Optional.of(new Target(allowed.exchange(), claimedRoutingKey));
    }
}
