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
 * declared. The broker places no more than the nodes it has (one on a single node). 0 leaves the argument
 * out (RabbitMQ's own default: every node of the cluster at declaration), for queues an older bridge
 * declared without it, which RabbitMQ refuses to redeclare with it (docs/operations.md).
 */
@ConfigurationProperties("tax.topology")
public record TopologyProperties(
        @DefaultValue({"#.tax_provider_error", "integration.provider_error"}) List<String> webhookEvents,
        @DefaultValue("20") int deliveryLimit,
        @DefaultValue("3") int replicas) {
}
