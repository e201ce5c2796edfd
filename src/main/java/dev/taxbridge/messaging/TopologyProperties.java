package dev.taxbridge.messaging;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Broker settings beyond the fixed names: which events feed the webhook queue, and after how many
 * deliveries the broker itself parks a message that keeps failing outside the bridge's error handling
 * (a crash loop): quorum queues count deliveries and dead-letter to the queue's DLQ.
 */
@ConfigurationProperties("tax.topology")
public record TopologyProperties(
        @DefaultValue({"#.tax_provider_error", "integration.provider_error"}) List<String> webhookEvents,
        @DefaultValue("20") int deliveryLimit) {
}
