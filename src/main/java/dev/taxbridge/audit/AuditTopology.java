package dev.taxbridge.audit;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares the {@code tax.audit} stream (with the rest of the topology, on every (re)connection). */
@Configuration(proxyBeanMethods = false)
public class AuditTopology {

    public static final String STREAM = "tax.audit";

    @Bean
    Declarables auditStream(AuditProperties properties) {
        return new Declarables(QueueBuilder.durable(STREAM).stream()
                .withArgument("x-max-age", properties.maxAge())
                .withArgument("x-max-length-bytes", properties.maxLengthBytes())
                .withArgument("x-stream-max-segment-size-bytes", properties.maxSegmentSizeBytes())
                .build());
    }
}
