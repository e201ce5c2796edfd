package dev.taxbridge.route;

import dev.taxbridge.messaging.RoutedPublish;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.MDC;
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
        return new WithLogContext(camel.getExecutorServiceManager().newThreadPool(this, "Confirms",
                new ThreadPoolProfileBuilder("confirms").poolSize(threads).maxPoolSize(threads).maxQueueSize(-1)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build()));
    }

    /** The command's log context (MDC) goes with it to the pool thread, as {@link Continuations} does. */
    static final class WithLogContext extends AbstractExecutorService {

        private final ExecutorService pool;

        WithLogContext(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable work) {
            Map<String, String> logContext = Continuations.logContext();
            pool.execute(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    work.run();
                } finally {
                    MDC.clear();
                }
            });
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }
}
