package dev.taxbridge.ops;

import dev.taxbridge.messaging.Topology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * {@code tax_queue_consumers{queue}}: the consumers the broker counts on each work queue, every bridge's
 * together. Zero means commands wait unprocessed although the process (and this gauge) is up. Read from
 * the broker (a passive declare) when scraped; NaN while the broker cannot answer.
 */
@Component
public class ConsumerGauges {

    public ConsumerGauges(MeterRegistry registry, AmqpAdmin admin) {
        for (String queue : List.of(Topology.INVOICES, Topology.CUSTOMERS, Topology.ESTIMATES, Topology.WEBHOOKS)) {
            Gauge.builder("tax.queue.consumers", admin, a -> consumers(a, queue))
                    .description("Consumers on the work queue now, as the broker counts them")
                    .tag("queue", queue).register(registry);
        }
    }

    private static double consumers(AmqpAdmin admin, String queue) {
        try {
            QueueInformation info = admin.getQueueInfo(queue);
            return info == null ? Double.NaN : info.getConsumerCount();
        } catch (RuntimeException brokerUnavailable) {
            return Double.NaN;
        }
    }
}
