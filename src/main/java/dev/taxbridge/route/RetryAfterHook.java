package dev.taxbridge.route;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** The {@code onExceptionOccurred} processor of the retry layer: applies AvaTax's Retry-After. */
@Component("retryAfterHook")
public class RetryAfterHook implements Processor {

    private final Failures failures;

    public RetryAfterHook(Failures failures) {
        this.failures = failures;
    }

    @Override
    public void process(Exchange exchange) {
        failures.honourRetryAfter(exchange);
    }
}
