package dev.taxbridge.estimate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tax.usage-cache.*}: how long usage-tax rates are reused ({@code ttl}, counted from the
 * AvaTax answer), how many keys are kept ({@code max-size}, least recently used go first), and how
 * long a request waits for an identical request's AvaTax call in flight ({@code wait-timeout}).
 */
@ConfigurationProperties("tax.usage-cache")
public record UsageCacheProperties(
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("100000") long maxSize,
        @DefaultValue("45s") Duration waitTimeout) {
}
