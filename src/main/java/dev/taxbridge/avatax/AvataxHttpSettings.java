package dev.taxbridge.avatax;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code avatax.http.*}: the defaults of every connection's HTTP client. */
@ConfigurationProperties("avatax.http")
public record AvataxHttpSettings(
        @DefaultValue("5000") long connectTimeoutMs,
        @DefaultValue("5000") long connectionRequestTimeoutMs,
        @DefaultValue("30000") long responseTimeoutMs,
        @DefaultValue("64") int maxConnections) {
}
