package dev.taxbridge.failure;

import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How a step the broker refused (an event, a parked copy) is tried again before the message goes back
 * to its queue: {@code tax.retry.broker-redeliveries} tries with exponential backoff. One policy for
 * every route that publishes ({@code redeliveryPolicyRef: brokerFailureBackoff}).
 */
@Configuration(proxyBeanMethods = false)
public class BrokerFailureSettings {

    @Bean
    RedeliveryPolicy brokerFailureBackoff(@Value("${tax.retry.broker-redeliveries}") int redeliveries,
            @Value("${tax.retry.initial-delay-ms}") long initialDelayMillis,
            @Value("${tax.retry.multiplier}") double multiplier,
            @Value("${tax.retry.max-delay-ms}") long maxDelayMillis) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(redeliveries);
        policy.setRedeliveryDelay(initialDelayMillis);
        policy.setUseExponentialBackOff(true);
        // The wait is scheduled, not slept: no thread is held while the broker recovers.
        policy.setAsyncDelayedRedelivery(true);
        policy.setBackOffMultiplier(multiplier);
        policy.setMaximumRedeliveryDelay(maxDelayMillis);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogStackTrace(false);
        policy.setLogRetryStackTrace(false);
        policy.setLogExhaustedMessageHistory(false);
        return policy;
    }
}
