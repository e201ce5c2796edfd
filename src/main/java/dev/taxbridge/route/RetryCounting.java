package dev.taxbridge.route;

import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.messaging.Topology;
import dev.taxbridge.ops.OperationsMetrics;
import dev.taxbridge.ops.OperationsMetrics.Outcome;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code onRedelivery} processors of the retry layers: each runs just before another attempt, so it
 * counts exactly the retries (never the last, exhausted attempt, which is parked and counted as such).
 */
@Configuration(proxyBeanMethods = false)
public class RetryCounting {

    /** A command's transient failure (timeout, provider_unavailable, rate_limited) is tried again. */
    @Bean
    Processor commandRetried(OperationsMetrics metrics) {
        return exchange -> metrics.command(CommandEnvelope.context(exchange).routingKey(), Outcome.RETRIED,
                exchange.getProperty(Failures.LAST_FAILURE, String.class));
    }

    /**
     * A message whose outcome (or parking) the broker refused is tried again (broker-failure backoff):
     * a webhook delivery counts as a retried delivery, anything else as a retried command.
     */
    @Bean
    Processor retriedAfterBrokerFailure(OperationsMetrics metrics) {
        return exchange -> {
            CommandContext context = CommandEnvelope.context(exchange);
            if (Topology.WEBHOOKS.equals(context.queue())) {
                metrics.webhook("retried");
            } else {
                metrics.command(context.routingKey(), Outcome.RETRIED, OperationsMetrics.BROKER_FAILURE);
            }
        };
    }

    /** A webhook delivery to one receiver is tried again. */
    @Bean
    Processor webhookRetried(OperationsMetrics metrics) {
        return exchange -> metrics.webhook("retried");
    }
}
