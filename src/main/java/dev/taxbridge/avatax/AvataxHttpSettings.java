package dev.taxbridge.avatax;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code avatax.http.*}: the defaults of every connection's HTTP client; {@link #of} gives a connection's
 * own, which its {@link AvataxClient} is built with.
 */
@ConfigurationProperties("avatax.http")
public record AvataxHttpSettings(
        @DefaultValue("5000") long connectTimeoutMs,
        @DefaultValue("5000") long connectionRequestTimeoutMs,
        @DefaultValue("30000") long responseTimeoutMs,
        @DefaultValue("64") int maxConnections) {

    /** A connection's settings: what it sets itself, else these defaults. */
    AvataxHttpSettings of(AvataxProperties.ConnectionSettings connection) {
        return new AvataxHttpSettings(
                connection.connectTimeoutMs() != null ? connection.connectTimeoutMs() : connectTimeoutMs,
                connectionRequestTimeoutMs,
                connection.responseTimeoutMs() != null ? connection.responseTimeoutMs() : responseTimeoutMs,
                connection.maxConnections() != null ? connection.maxConnections() : maxConnections);
    }
}
