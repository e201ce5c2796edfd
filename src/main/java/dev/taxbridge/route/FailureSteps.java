package dev.taxbridge.route;

import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of the failure routes (routes/failures.camel.yaml, park-delivery in routes/webhooks.camel.yaml):
 * parking and deferring, as plain calls to {@link DeadLetters} and {@link Deferrals}; the predicates of the
 * error handling (the {@code broker-failures} configuration and each kind of {@link RetryThenPark}); and the
 * catch of an expected AvaTax refusal (routes/avatax-try.camel.yaml).
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

    /** The broker refused or lost a publish: the message goes back to its queue, neither parked nor retried. */
    @Bean
    Predicate brokerFailed(Failures failures) {
        return failures::brokerFailure;
    }

    /** A command's or an estimate's failure is transient. */
    @Bean
    Predicate commandRetryable(Failures failures) {
        return failures::retryable;
    }

    @Bean
    Predicate commandAttemptsLeft(Failures failures) {
        return failures::attemptsLeft;
    }

    @Bean
    Predicate estimateAttemptsLeft(EstimateReplies replies) {
        return replies::attemptsLeft;
    }

    /** A webhook delivery's failure is the receiver's or the network's passing trouble. */
    @Bean
    Predicate webhookRetryable(Webhooks webhooks) {
        return webhooks::retryable;
    }

    @Bean
    Predicate webhookAttemptsLeft(Webhooks webhooks) {
        return webhooks::attemptsLeft;
    }

    /** Keeps an AvaTax refusal the caller expects as the answer ({@code avataxRefusal}), else throws it on. */
    @Bean
    Processor acceptRefusal(AvataxRefusals refusals) {
        return refusals::accept;
    }
}
