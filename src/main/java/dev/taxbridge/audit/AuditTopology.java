package dev.taxbridge.audit;

import dev.taxbridge.messaging.TopologyProperties;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the {@code tax.audit} stream (with the rest of the topology, on every (re)connection),
 * replicated on {@code tax.topology.replicas} nodes of a cluster like the quorum queues.
 */
@Configuration(proxyBeanMethods = false)
public class AuditTopology {

    public static final String STREAM = "tax.audit";

    @Bean
    Declarables auditStream(AuditProperties properties, TopologyProperties topology) {
        QueueBuilder stream = QueueBuilder.durable(STREAM).stream()
                .withArgument("x-max-age", properties.maxAge())
                .withArgument("x-max-length-bytes", properties.maxLengthBytes())
                .withArgument("x-stream-max-segment-size-bytes", properties.maxSegmentSizeBytes());
        if (topology.replicas() > 0) {
            stream.withArgument("x-initial-cluster-size", topology.replicas());
        }
        return new Declarables(stream.build());
    }
}
