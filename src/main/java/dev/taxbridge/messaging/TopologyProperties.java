package dev.taxbridge.messaging;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Broker settings beyond the fixed names: which events feed the webhook queue, and after how many
 * deliveries the broker itself parks a message that keeps failing outside the bridge's error handling
 * (a crash loop): quorum queues count deliveries and dead-letter to the queue's DLQ.
 *
 * <p>{@code replicas}: how many nodes of a RabbitMQ cluster hold each quorum queue and the audit stream
 * ({@code x-quorum-initial-group-size}, {@code x-initial-cluster-size}), fixed when the queue is first
 * declared; the broker places no more than the nodes it has. 0, the default, leaves the arguments out:
 * RabbitMQ's own default, a replica on every node of the cluster at declaration, and the form queues an
 * older bridge declared, which RabbitMQ would refuse to redeclare with an argument added
 * (docs/operations.md). Set it to cap the replicas on a larger cluster.
 */
@ConfigurationProperties("tax.topology")
public record TopologyProperties(
        @DefaultValue({"#.tax_provider_error", "integration.provider_error", "customer.address_unresolved"}) List<String> webhookEvents,
        @DefaultValue("20") int deliveryLimit,
        @DefaultValue("0") int replicas) {
}
