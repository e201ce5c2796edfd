package dev.taxbridge.ops;

import dev.taxbridge.messaging.Topology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * {@code tax_dead_letters{queue}}: messages parked now in each DLQ. Read from the broker (a passive
 * declare) when the gauge is scraped, not per message; NaN while the broker cannot answer.
 */
@Component
public class DeadLetterGauges {

    public DeadLetterGauges(MeterRegistry registry, AmqpAdmin admin) {
        for (String queue : List.of(Topology.INVOICES, Topology.CUSTOMERS, Topology.WEBHOOKS)) {
            String dlq = Topology.dlq(queue);
            Gauge.builder("tax.dead.letters", admin, a -> parked(a, dlq))
                    .description("Messages parked in the dead-letter queue now")
                    .tag("queue", dlq).register(registry);
        }
    }

    private static double parked(AmqpAdmin admin, String dlq) {
        try {
            QueueInformation info = admin.getQueueInfo(dlq);
            return info == null ? Double.NaN : info.getMessageCount();
        } catch (RuntimeException brokerUnavailable) {
            return Double.NaN;
        }
    }
}
