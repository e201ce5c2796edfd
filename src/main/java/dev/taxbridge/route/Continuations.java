package dev.taxbridge.route;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a route goes on after an asynchronous step: AvaTax's answer (read here by the connection's
 * {@code AvataxClient}, then {@code AvataxCallStep} carries the route on) or the broker's confirm of an
 * outcome ({@link EventPublishing}). Those arrive on an I/O thread (the HTTP client's, the AMQP
 * connection's) that must never run a route; a thread of the {@code Continuations} pool takes over,
 * with the command's log context (MDC), runs the step's last part, and carries the route on until its
 * next asynchronous step or its end.
 *
 * <p>A fixed pool of {@code tax.continuations.threads} (16): answers arrive in bursts (64 calls sent
 * together come back together), and a pool that grew with them held 50-70 threads, idle most of the
 * time. A burst waits in the pool's queue, bounded by the commands in flight. This holds because no
 * continuation waits: a caller that waits for an AvaTax answer ({@code AvataxClient.await}: a health ping,
 * the reconciliation) runs on a thread of its own (an HTTP request's), and the confirm of a parked or
 * waiting copy is waited for on {@link ConfirmPool}'s, never here. A step added to a route must keep it so.
 */
@Component
public class Continuations implements Executor, DisposableBean {

    /** The last part of an asynchronous step; what it throws fails the exchange. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private final ExecutorService pool;

    public Continuations(CamelContext camel, @Value("${tax.continuations.threads:16}") int threads) {
        // Abort, not Camel's default: a continuation refused at shutdown runs on the calling thread instead
        // (resume), so its exchange still ends; queue unbounded (bounded by the commands in flight).
        this.pool = camel.getExecutorServiceManager().newThreadPool(this, "Continuations",
                new ThreadPoolProfileBuilder("continuations").poolSize(threads).maxPoolSize(threads).maxQueueSize(-1)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
    }

    /** The log context to hand over, taken on the thread that starts the asynchronous step. */
    public static Map<String, String> logContext() {
        return MDC.getCopyOfContextMap();
    }

    /** After starting an asynchronous step: this thread takes up other work, without the command's context. */
    public static void handedOver(Map<String, String> logContext) {
        if (logContext != null) {
            MDC.clear();
        }
    }

    /**
     * Runs {@code step}, then the rest of the route ({@code callback.done(false)}), on a pool thread: here
     * when this is one already (an AvaTax answer read on it, see {@link #execute}), else handed to one.
     */
    public void resume(Map<String, String> logContext, Exchange exchange, AsyncCallback callback, Step step) {
        Runnable resume = () -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                step.run();
            } catch (Exception failure) {
                exchange.setException(failure);
            }
            try {
                callback.done(false);
            } finally {
                MDC.clear();
            }
        };
        if (ON_POOL.get()) {
            // One hop per answer: the thread that read it carries the route on.
            resume.run();
            return;
        }
        try {
            pool.execute(onPool(resume));
        } catch (RejectedExecutionException shuttingDown) {
            // The pool is shutting down: the exchange must still end, here.
            resume.run();
        }
    }

    /**
     * Runs {@code work} on a pool thread (the AvaTax clients read their answers here); while the pool shuts
     * down, on the calling thread, so that the work still ends.
     */
    @Override
    public void execute(Runnable work) {
        try {
            pool.execute(onPool(work));
        } catch (RejectedExecutionException shuttingDown) {
            work.run();
        }
    }

    /** Whether this thread is one of the pool's (its threads run nothing but what is handed to it here). */
    private static final ThreadLocal<Boolean> ON_POOL = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private static Runnable onPool(Runnable work) {
        return () -> {
            ON_POOL.set(Boolean.TRUE);
            work.run();
        };
    }

    @Override
    public void destroy() {
        pool.shutdown();
    }
}
