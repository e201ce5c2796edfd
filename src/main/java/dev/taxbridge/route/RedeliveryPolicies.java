package dev.taxbridge.route;

import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The named redelivery policies of the retry layer ({@code redeliveryPolicyRef}), each from its settings.
 * A retry logs one WARN line, without a stack trace; a command's exhausted attempt is handled (parked,
 * deferred or answered) and logged there, a broker failure's goes back to its queue with an ERROR line.
 */
@Configuration(proxyBeanMethods = false)
public class RedeliveryPolicies {

    /**
     * A step the broker refused (an event, a parked copy) is tried {@code tax.retry.broker-redeliveries}
     * times more, with the commands' backoff, before the message goes back to its queue.
     */
    @Bean
    RedeliveryPolicy brokerFailureBackoff(@Value("${tax.retry.broker-redeliveries}") int redeliveries,
            @Value("${tax.retry.initial-delay-ms}") long initialDelayMillis,
            @Value("${tax.retry.multiplier}") double multiplier,
            @Value("${tax.retry.max-delay-ms}") long maxDelayMillis) {
        RedeliveryPolicy policy = quiet(new RedeliveryPolicy());
        policy.setMaximumRedeliveries(redeliveries);
        policy.setRedeliveryDelay(initialDelayMillis);
        policy.setUseExponentialBackOff(true);
        // The wait is scheduled, not slept: no thread is held while the broker recovers.
        policy.setAsyncDelayedRedelivery(true);
        policy.setBackOffMultiplier(multiplier);
        policy.setMaximumRedeliveryDelay(maxDelayMillis);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        return policy;
    }

    /**
     * A command's transient AvaTax failure: exponential backoff with jitter (AvaTax's Retry-After, when
     * given, replaces it: {@link RetryAfterHook}), scheduled rather than slept, so no thread is held while
     * AvaTax recovers. How many attempts: {@link Failures#attemptsLeft}.
     */
    @Bean
    RedeliveryPolicy commandRetryBackoff(@Value("${tax.retry.initial-delay-ms}") long initialDelayMillis,
            @Value("${tax.retry.multiplier}") double multiplier,
            @Value("${tax.retry.max-delay-ms}") long maxDelayMillis) {
        RedeliveryPolicy policy = backoff(initialDelayMillis, multiplier, maxDelayMillis);
        policy.setAsyncDelayedRedelivery(true);
        return policy;
    }

    /**
     * A webhook delivery that failed transiently (5xx, 408, 429, timeout): the webhooks' backoff, scheduled
     * rather than slept, so a receiver that is down holds no consumer thread.
     */
    @Bean
    RedeliveryPolicy webhookRetryBackoff(@Value("${tax.webhooks.backoff.initial-delay-ms}") long initialDelayMillis,
            @Value("${tax.webhooks.backoff.multiplier}") double multiplier,
            @Value("${tax.webhooks.backoff.max-delay-ms}") long maxDelayMillis) {
        RedeliveryPolicy policy = backoff(initialDelayMillis, multiplier, maxDelayMillis);
        policy.setAsyncDelayedRedelivery(true);
        return policy;
    }

    /**
     * An estimate's transient AvaTax failure: the caller is waiting, so a short, fixed delay, scheduled
     * rather than slept (the estimates consumer answers other requests meanwhile).
     */
    @Bean
    RedeliveryPolicy estimateRetryBackoff(@Value("${tax.estimates.retry.delay-ms}") long delayMillis) {
        RedeliveryPolicy policy = retried(new RedeliveryPolicy());
        policy.setRedeliveryDelay(delayMillis);
        policy.setAsyncDelayedRedelivery(true);
        return policy;
    }

    /** A permanent failure: handled at once, no retry and no exhausted-retries log line. */
    @Bean
    RedeliveryPolicy noRedelivery() {
        RedeliveryPolicy policy = quiet(new RedeliveryPolicy());
        policy.setMaximumRedeliveries(0);
        policy.setLogExhausted(false);
        return policy;
    }

    private static RedeliveryPolicy backoff(long initialDelayMillis, double multiplier, long maxDelayMillis) {
        RedeliveryPolicy policy = retried(new RedeliveryPolicy());
        policy.setRedeliveryDelay(initialDelayMillis);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(multiplier);
        policy.setMaximumRedeliveryDelay(maxDelayMillis);
        policy.setUseCollisionAvoidance(true);
        policy.setCollisionAvoidanceFactor(0.2);
        return policy;
    }

    private static RedeliveryPolicy retried(RedeliveryPolicy policy) {
        quiet(policy);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setRetriesExhaustedLogLevel(LoggingLevel.DEBUG);
        return policy;
    }

    private static RedeliveryPolicy quiet(RedeliveryPolicy policy) {
        policy.setLogStackTrace(false);
        policy.setLogRetryStackTrace(false);
        policy.setLogExhaustedMessageHistory(false);
        return policy;
    }
}
