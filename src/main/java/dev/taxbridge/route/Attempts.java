package dev.taxbridge.route;

import org.apache.camel.Exchange;

/**
 * How many attempts a retried step has started, counted in the exchange property {@value #PROPERTY} by
 * the {@code countAttempt} step that opens every retried route (commands, estimates, webhook deliveries).
 */
public final class Attempts {

    public static final String PROPERTY = "taxAttempts";

    private Attempts() {
    }

    /** One more attempt. */
    public static void count(Exchange exchange) {
        exchange.setProperty(PROPERTY, of(exchange) + 1);
    }

    /** The attempt just made does not count (it waited for its turn, it did not fail). */
    public static void forget(Exchange exchange) {
        exchange.setProperty(PROPERTY, Math.max(0, of(exchange) - 1));
    }

    public static int of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, 0, Integer.class);
    }
}
