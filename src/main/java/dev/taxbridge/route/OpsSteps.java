package dev.taxbridge.route;

import dev.taxbridge.ops.OperationsMetrics;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operations steps of the consumer and webhook routes ({@code process: {ref: ...}}), as plain calls. */
@Configuration(proxyBeanMethods = false)
public class OpsSteps {

    /** Log context and the outcome counter (tax_commands_total) of a consumed command. */
    @Bean
    Processor trackCommand(CommandOutcomes outcomes) {
        return outcomes::track;
    }

    /** The log context only, for commands that are answered rather than parked (estimates). */
    @Bean
    Processor commandLogContext(CommandOutcomes outcomes) {
        return outcomes::logContext;
    }

    /** A webhook delivered to one receiver (tax_webhook_deliveries_total). */
    @Bean
    Processor webhookDelivered(OperationsMetrics metrics) {
        return exchange -> metrics.webhook("delivered");
    }

    /** A webhook delivery parked (tax_webhook_deliveries_total). */
    @Bean
    Processor webhookParked(OperationsMetrics metrics) {
        return exchange -> metrics.webhook("parked");
    }
}
