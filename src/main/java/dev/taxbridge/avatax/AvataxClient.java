package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.PingResultModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One AvaTax connection's client, and the owner of everything the connection keeps between calls: its
 * circuit ({@link AvataxCircuit}), its rate limiter ({@link RequestRateLimiter}, none without
 * {@code max-requests-per-second}) and its non-blocking HTTP client with its own bounded pool. One per
 * configured connection, built once by {@link ConnectionRegistry}, which hands it out and closes it on
 * shutdown.
 * <p>
 * Around every call ({@link #send}, an {@link AvataxCall} from {@link AvataxEndpoints}), in this order: the
 * circuit admits it or fails it at once; the listeners hear it start; the rate limiter gives it a slot and a
 * timer sends it then (no thread waits for the slot); the HTTP client sends it with Basic auth and
 * {@code X-Avalara-Client}; the answer is read on a continuation thread (never the I/O thread) as the
 * call's model, or classified ({@link AvataxErrors}, {@link FailureClassifier}) and counted by the circuit;
 * the listeners hear how it went; the future completes, with the caller's log context (MDC). A failed
 * future always holds a classified {@link TaxBridgeException}.
 * <p>
 * The HTTP client: the connection's timeouts and pool size (defaults {@code avatax.http.*});
 * {@code max-connections} is the most calls the connection has in flight, a call beyond that waits for a
 * free connection in the pool's queue (at most {@code connection-request-timeout-ms}) holding no thread.
 * Automatic retries, redirects and cookies off (the retry layer is Camel redelivery, AvaTax needs no
 * session); HTTP/1.1 only; one I/O thread.
 */
public final class AvataxClient {

    private static final Logger LOG = LoggerFactory.getLogger(AvataxClient.class);

    /** {@code application/json} as AvaTax's examples send it, without a charset parameter. */
    private static final ContentType JSON = ContentType.create("application/json");

    /**
     * What every connection's client shares, built once by {@link ConnectionRegistry}: the timer that sends
     * rate-limited calls when their slot comes (one thread that only hands requests to the HTTP clients),
     * the continuation threads that read answers, the listeners and the {@code X-Avalara-Client} value.
     */
    record Shared(AvataxErrors errors, FailureClassifier classifier, ObjectMapper mapper,
            ScheduledExecutorService timer, Executor completions, List<AvataxCallListener> listeners,
            String clientHeader) {
    }

    private final AvataxConnection connection;
    private final AvataxHttpSettings settings;
    private final PoolingAsyncClientConnectionManager pool;
    private final CloseableHttpAsyncClient http;
    private final AvataxCircuit circuit;
    private final RequestRateLimiter limiter;
    private final AvataxErrors errors;
    private final FailureClassifier classifier;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService timer;
    private final Executor completions;
    private final List<AvataxCallListener> listeners;
    private final String clientHeader;

    /** Builds the HTTP client; {@link #start} starts it. {@code limiter}: null for no limit. */
    AvataxClient(AvataxConnection connection, AvataxHttpSettings settings, AvataxCircuit circuit,
            RequestRateLimiter limiter, Shared shared) {
        this.connection = connection;
        this.settings = settings;
        this.pool = pool(settings);
        this.http = http(pool, settings);
        this.circuit = circuit;
        this.limiter = limiter;
        this.errors = shared.errors();
        this.classifier = shared.classifier();
        this.mapper = shared.mapper();
        this.timer = shared.timer();
        this.completions = shared.completions();
        this.listeners = shared.listeners();
        this.clientHeader = shared.clientHeader();
    }

    public AvataxConnection connection() {
        return connection;
    }

    /** The connection's circuit now (health, the console's overview, the gauge). */
    public AvataxCircuit.State circuitState() {
        return circuit.state();
    }

    /** {@code GET utilities/ping}. */
    public CompletableFuture<PingResultModel> ping() {
        return send(AvataxEndpoints.ping());
    }

    /** The first page of the connection's company's documents dated from {@code from} to {@code to}. */
    public CompletableFuture<FetchResult<TransactionModel>> listTransactions(LocalDate from, LocalDate to, int top) {
        return send(AvataxEndpoints.listTransactions(connection.companyCode(), from, to, top));
    }

    /** A further page of a transaction list, at the path of AvaTax's {@code @nextLink}. */
    public CompletableFuture<FetchResult<TransactionModel>> listTransactionsPage(String path) {
        return send(AvataxEndpoints.listPage(path));
    }

    /**
     * Waits for an answer, for callers on a thread of their own (an HTTP request, the reconciliation): the
     * answer, or the classified {@link TaxBridgeException} the call failed with.
     */
    public static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (java.util.concurrent.CompletionException failed) {
            throw failed.getCause() instanceof TaxBridgeException classified ? classified : failed;
        }
    }

    /**
     * Makes a call {@link AvataxEndpoints} described, on this connection. Returns at once; the future
     * completes with the answer (null for an empty 2xx) or a classified {@link TaxBridgeException}.
     */
    public <T> CompletableFuture<T> send(AvataxCall<T> call) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        byte[] body;
        SimpleHttpRequest request;
        try {
            // No call while the connection's circuit is open: fails at once, and is no failure of AvaTax's.
            circuit.admit();
            body = call.body() == null ? null : mapper.writeValueAsBytes(call.body());
            request = request(call, body);
        } catch (Exception refused) {
            answer.completeExceptionally(classifier.classify(refused));
            return answer;
        }
        listeners.forEach(listener -> listener.started(connection, call));
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        long wait = limiter == null ? 0 : limiter.reserve();
        if (wait <= 0) {
            execute(call, body, request, logContext, answer);
        } else {
            try {
                timer.schedule(() -> execute(call, body, request, logContext, answer), wait, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                completions.execute(() -> inContext(logContext,
                        () -> unanswered(call, body, 0, new InterruptedIOException("the bridge is stopping"), answer)));
            }
        }
        return answer;
    }

    private <T> void execute(AvataxCall<T> call, byte[] body, SimpleHttpRequest request,
            Map<String, String> logContext, CompletableFuture<T> answer) {
        long started = System.nanoTime();
        FutureCallback<SimpleHttpResponse> done = new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                long nanos = System.nanoTime() - started;
                completions.execute(() -> inContext(logContext, () -> answered(call, body, nanos, response, answer)));
            }

            @Override
            public void failed(Exception unanswered) {
                long nanos = System.nanoTime() - started;
                completions.execute(() -> inContext(logContext,
                        () -> unanswered(call, body, nanos, unanswered, answer)));
            }

            @Override
            public void cancelled() {
                failed(new InterruptedIOException("AvaTax call cancelled"));
            }
        };
        try {
            http.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), done);
        } catch (RuntimeException notSent) {
            // A client already closed (the bridge is stopping) refuses here rather than through the callback.
            done.failed(new InterruptedIOException("AvaTax call not sent: " + notSent.getClass().getSimpleName()));
        }
    }

    private <T> void answered(AvataxCall<T> call, byte[] body, long nanos, SimpleHttpResponse response,
            CompletableFuture<T> answer) {
        int status = response.getCode();
        byte[] bytes = response.getBodyBytes();
        T value = null;
        TaxBridgeException failure = null;
        boolean json = false;
        if (status >= 200 && status < 300) {
            try {
                value = bytes == null || bytes.length == 0 ? null : mapper.readValue(bytes, call.answerType());
                json = value != null;
            } catch (IOException unreadable) {
                failure = new TaxBridgeException(ErrorCode.PROVIDER_ERROR, "AvaTax " + call.operation()
                        + " answered HTTP " + status + " with a body that is not JSON of its "
                        + call.answerType().getRawClass().getSimpleName());
            }
        } else {
            Header retryAfter = response.getFirstHeader("Retry-After");
            failure = errors.classify(call.operation(), status, bytes, retryAfter == null ? null : retryAfter.getValue());
        }
        if (failure == null) {
            circuit.answered();
        } else {
            failure = failed(failure);
        }
        tell(call, new AvataxCallListener.Result(nanos, body, status, bytes, value, json, failure));
        if (failure == null) {
            answer.complete(value);
        } else {
            answer.completeExceptionally(failure);
        }
    }

    private <T> void unanswered(AvataxCall<T> call, byte[] body, long nanos, Exception cause,
            CompletableFuture<T> answer) {
        TaxBridgeException failure = failed(cause);
        tell(call, new AvataxCallListener.Result(nanos, body, null, null, null, false, failure));
        answer.completeExceptionally(failure);
    }

    /** The failure classified, and counted by the circuit. */
    private TaxBridgeException failed(Throwable caught) {
        TaxBridgeException failure = classifier.classify(caught);
        circuit.failed(failure);
        return failure;
    }

    /** A listener that fails does not take AvaTax's answer with it. */
    private void tell(AvataxCall<?> call, AvataxCallListener.Result result) {
        for (AvataxCallListener listener : listeners) {
            try {
                listener.finished(connection, call, result);
            } catch (RuntimeException failed) {
                LOG.warn("AvaTax call listener {} failed: {}", listener.getClass().getSimpleName(),
                        failed.getClass().getSimpleName());
            }
        }
    }

    private SimpleHttpRequest request(AvataxCall<?> call, byte[] body) {
        SimpleHttpRequest request = SimpleHttpRequest.create(call.method(), connection.baseUrl() + call.path());
        request.setHeader("Authorization", connection.authorization());
        request.setHeader("X-Avalara-Client", clientHeader);
        request.setHeader("Accept", "application/json");
        if (body != null) {
            request.setBody(body, JSON);
        }
        return request;
    }

    /** Starts the HTTP client's I/O thread. */
    void start() {
        http.start();
    }

    /** Closes the HTTP client: calls still in flight are let finish, new ones fail as not sent. */
    void close() {
        http.close(CloseMode.GRACEFUL);
    }

    /** What the HTTP client was built with (for the tests). */
    AvataxHttpSettings settings() {
        return settings;
    }

    /** The HTTP client's pool (for the tests). */
    PoolingAsyncClientConnectionManager pool() {
        return pool;
    }

    /** The rate limiter, or null for none (for the tests). */
    RequestRateLimiter limiter() {
        return limiter;
    }

    private static PoolingAsyncClientConnectionManager pool(AvataxHttpSettings settings) {
        return PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(settings.connectTimeoutMs(), TimeUnit.MILLISECONDS)
                        .setSocketTimeout(Timeout.ofMilliseconds(settings.responseTimeoutMs()))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                .build();
    }

    private static CloseableHttpAsyncClient http(PoolingAsyncClientConnectionManager pool,
            AvataxHttpSettings settings) {
        return HttpAsyncClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.connectionRequestTimeoutMs()))
                        .setResponseTimeout(Timeout.ofMilliseconds(settings.responseTimeoutMs()))
                        .build())
                // One I/O thread reads and writes every connection of the pool; answers are handed on at once.
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
    }

    /** Runs {@code work} with the caller's log context, and leaves the thread without it. */
    private static void inContext(Map<String, String> logContext, Runnable work) {
        if (logContext != null) {
            MDC.setContextMap(logContext);
        }
        try {
            work.run();
        } finally {
            MDC.clear();
        }
    }
}
