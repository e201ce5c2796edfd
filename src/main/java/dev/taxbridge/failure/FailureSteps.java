package dev.taxbridge.failure;

import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of the failure routes (routes/failures.camel.yaml, park-delivery in routes/webhooks.camel.yaml):
 * parking and deferring, as plain calls to {@link DeadLetters} and {@link Deferrals}.
 */
@Configuration(proxyBeanMethods = false)
public class FailureSteps {

    /** Parks the command; the body becomes the failure events to announce. */
    @Bean
    Processor parkCommand(DeadLetters deadLetters) {
        return exchange -> exchange.getMessage().setBody(deadLetters.park(exchange));
    }

    @Bean
    Processor parkDelivery(DeadLetters deadLetters) {
        return deadLetters::parkDelivery;
    }

    /** The choice of wait-or-park: a transient failure within its patience waits. */
    @Bean
    Predicate deferralPatient(Deferrals deferrals) {
        return deferrals::patient;
    }

    @Bean
    Processor defer(Deferrals deferrals) {
        return deferrals::defer;
    }
}
