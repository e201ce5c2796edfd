package dev.taxbridge.messaging;

import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.interceptor.RetryOperationsInterceptor;
import org.springframework.retry.policy.NeverRetryPolicy;

/**
 * How the consumers (routes/*.camel.yaml, {@code retry=#requeueOnFailure}, SMLC) treat a message the
 * routes could not finish: a failure the routes do not handle (the broker did not confirm a publish)
 * reaches the listener container, which must put the message back. Without this advice the
 * container's default recoverer logs "Message(s) dropped on recovery" and acknowledges it: lost.
 * No retry here (the one retry layer is Camel redelivery); a message that keeps coming back is
 * parked by the broker after the work queue's delivery limit. The recoverer requeues that one
 * message without restarting the consumer ({@link RequeueAndContinue}).
 */
@Configuration(proxyBeanMethods = false)
public class ConsumerSettings {

    @Bean
    RetryOperationsInterceptor requeueOnFailure() {
        return RetryInterceptorBuilder.stateless()
                .retryPolicy(new NeverRetryPolicy())
                .recoverer(new RequeueAndContinue())
                .build();
    }
}
