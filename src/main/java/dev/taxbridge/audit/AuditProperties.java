package dev.taxbridge.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tax.audit.*}: retention of the {@code tax.audit} stream (RabbitMQ applies it per segment, so a
 * smaller segment drops old records closer to the limit), and how the reconciliation reads it back.
 * Records are written in batches of up to {@code batch-size}, {@code linger} after the first; up to
 * {@code queue-capacity} wait for the broker; past it a call goes on at once without its record.
 * The retention arguments are fixed when the stream is first declared; change them on a running
 * broker with a policy (docs/operations.md), not here.
 */
@ConfigurationProperties("tax.audit")
public record AuditProperties(
        @DefaultValue("90D") String maxAge,
        @DefaultValue("10000000000") long maxLengthBytes,
        @DefaultValue("100000000") long maxSegmentSizeBytes,
        @DefaultValue("500") int readPrefetch,
        @DefaultValue("120s") Duration readTimeout,
        @DefaultValue("200") int batchSize,
        @DefaultValue("20ms") Duration linger,
        @DefaultValue("20000") int queueCapacity) {
}
