package dev.taxbridge.route;

import java.util.List;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.stereotype.Component;

/**
 * The error handling of every consumer kind, written once: a transient failure is retried with the kind's
 * named redelivery policy ({@link RedeliveryPolicies}) while its attempts last, then handed on; any other
 * failure is handed on at once. One route configuration per kind, which its consumer routes name
 * ({@code routeConfigurationId}) after {@code broker-failures} (routes/failures.camel.yaml), so a broker
 * failure is matched first. Every bean and endpoint here is named, as in the routes.
 */
@Component
class RetryThenPark extends RouteConfigurationBuilder {

    /**
     * One kind's error handling.
     *
     * @param id           the route configuration's id
     * @param name         the clauses' ids: {@code <name>-transient-failure}, {@code <name>-permanent-failure}
     * @param retryable    the predicate bean that says a failure is transient ({@link FailureSteps})
     * @param attempts     the predicate bean that allows one more attempt
     * @param backoff      the named redelivery policy between attempts
     * @param retryAfter   whether AvaTax's or the receiver's Retry-After replaces the backoff ({@link RetryAfterHook})
     * @param onRetry      the processor run before each retry (the retry counter), or null
     * @param afterRetries where a transient failure goes once its attempts are spent
     * @param permanent    where any other failure goes
     */
    record Kind(String id, String name, String retryable, String attempts, String backoff, boolean retryAfter,
            String onRetry, String afterRetries, String permanent) {
    }

    static final List<Kind> KINDS = List.of(
            // timeout, provider_unavailable, rate_limited, none while the connection's circuit is open:
            // then the command waits out the outage in its wait queue (tax.retry.patience) or is parked.
            new Kind("command-failures", "command", "commandRetryable", "commandAttemptsLeft", "commandRetryBackoff", true,
                    "commandRetried", "direct:wait-or-park", "direct:park"),
            // 5xx, 408, 429, timeouts, refused connections; another 4xx is the receiver refusing the webhook.
            new Kind("webhook-failures", "webhook", "webhookRetryable", "webhookAttemptsLeft", "webhookRetryBackoff", true,
                    "webhookRetried", "direct:park-delivery", "direct:park-delivery"),
            // The caller is waiting: a short, bounded retry, Retry-After not honoured; then, or at once for
            // anything else, the failure is announced and answered, never parked.
            new Kind("estimate-failures", "estimate", "commandRetryable", "estimateAttemptsLeft", "estimateRetryBackoff", false,
                    null, "direct:estimate-failed", "direct:estimate-failed"));

    @Override
    public void configuration() {
        KINDS.forEach(this::retryThenPark);
    }

    private void retryThenPark(Kind kind) {
        RouteConfigurationDefinition configuration = routeConfiguration(kind.id());

        OnExceptionDefinition transientFailure = configuration.onException(Exception.class)
                .id(kind.name() + "-transient-failure")
                .onWhen(predicate(kind.retryable()))
                .retryWhile(predicate(kind.attempts()))
                .redeliveryPolicyRef(kind.backoff());
        if (kind.retryAfter()) {
            transientFailure.onExceptionOccurredRef("retryAfterHook");
        }
        if (kind.onRetry() != null) {
            transientFailure.onRedeliveryRef(kind.onRetry());
        }
        transientFailure.handled(true).to(kind.afterRetries());

        configuration.onException(Exception.class)
                .id(kind.name() + "-permanent-failure")
                .redeliveryPolicyRef("noRedelivery")
                .handled(true)
                .to(kind.permanent());
    }

    private Predicate predicate(String name) {
        Predicate predicate = getCamelContext().getRegistry().lookupByNameAndType(name, Predicate.class);
        if (predicate == null) {
            throw new IllegalStateException("No predicate bean " + name + " for the error handling");
        }
        return predicate;
    }
}
