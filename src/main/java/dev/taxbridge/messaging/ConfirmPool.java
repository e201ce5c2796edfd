package dev.taxbridge.messaging;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads that wait for the broker's confirm of a parked or deferred copy ({@link RoutedPublish}, a
 * blocking wait): the {@code park}, {@code wait} and {@code park-delivery} routes move to this pool first
 * ({@code threads: {executorService: confirms}}), so the wait never holds a {@link Continuations} thread,
 * a consumer's or Camel's redelivery timer. Fixed, {@code tax.publish.confirm-threads} (4): parking is a
 * failure path, and a confirm takes a broker round trip; a burst of failures queues for them.
 */
@Configuration(proxyBeanMethods = false)
public class ConfirmPool {

    @Bean(destroyMethod = "")
    ExecutorService confirms(CamelContext camel, @Value("${tax.publish.confirm-threads}") int threads) {
        // CallerRuns: while the pool shuts down, the copy is still confirmed (on the calling thread) and the
        // exchange ends. Camel shuts the pool down with the context.
        return camel.getExecutorServiceManager().newThreadPool(this, "Confirms",
                new ThreadPoolProfileBuilder("confirms").poolSize(threads).maxPoolSize(threads).maxQueueSize(-1)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
    }
}
