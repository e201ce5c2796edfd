package dev.taxbridge.webhook;

import dev.taxbridge.route.Webhooks;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code tax.webhooks.*}: the receivers of failure webhooks and how deliveries are retried. */
@ConfigurationProperties("tax.webhooks")
public record WebhookProperties(
        List<Endpoint> endpoints,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("2") int concurrency) {

    public WebhookProperties {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** A receiver: its URL and its Standard Webhooks secret ({@code whsec_} + base64). */
    public record Endpoint(String url, String secret) {

        @Override
        public String toString() {
            return "Endpoint[url=" + url + ", secret=******]";
        }
    }
}
