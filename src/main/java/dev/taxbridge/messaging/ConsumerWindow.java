package dev.taxbridge.messaging;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives the invoices consumer's prefetch from the AvaTax calls a connection may have in flight
 * ({@code avatax.http.max-connections}), unless {@code tax.consumers.invoices.prefetch} is set.
 *
 * <p>The invoices consumer routes asynchronously: its unacknowledged commands (consumers x prefetch) are
 * its commands in flight. Half as many again as the calls allowed keeps the HTTP pool full while some
 * commands are on either side of their call (parsed, or waiting for their outcome's confirm); the pool
 * holds the rest back without a thread. Default: 64 calls, 2 consumers, prefetch 48, 96 commands in
 * flight (docs/performance.md).
 */
public class ConsumerWindow implements EnvironmentPostProcessor {

    static final String PREFETCH = "tax.consumers.invoices.prefetch";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(PREFETCH)) {
            return;
        }
        int calls = environment.getProperty("avatax.http.max-connections", Integer.class, 64);
        int consumers = environment.getProperty("tax.consumers.invoices.concurrency", Integer.class, 2);
        // Last: anything the user sets wins.
        environment.getPropertySources().addLast(new MapPropertySource("invoiceConsumerWindow",
                Map.of(PREFETCH, prefetch(calls, consumers))));
    }

    static int prefetch(int calls, int consumers) {
        int window = (calls * 3 + 1) / 2;
        return Math.max(1, (window + Math.max(1, consumers) - 1) / Math.max(1, consumers));
    }
}
