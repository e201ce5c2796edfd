package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxModels.CompanyModel;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.CustomerModel;
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
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One AvaTax connection as Java sees it: a typed method per endpoint the bridge uses, each answering a
 * {@link CompletableFuture} of AvaTax's own model. Around every call, in this order: the connection's
 * circuit ({@link AvataxCircuits}) admits it or fails it at once; the listeners hear it start; the
 * connection's rate limiter gives it a slot and a timer sends it then (no thread waits for the slot);
 * the connection's non-blocking HTTP client ({@link AvataxHttpClients}) sends it with Basic auth and
 * {@code X-Avalara-Client}; the answer is read on a continuation thread (never the I/O thread) as the
 * call's model, or classified ({@link AvataxErrors}, {@link FailureClassifier}) and counted by the
 * circuit; the listeners hear how it went; the future completes, with the caller's log context (MDC).
 * A failed future always holds a classified {@link TaxBridgeException}.
 */
public final class AvataxClient {

    private static final Logger LOG = LoggerFactory.getLogger(AvataxClient.class);

    /** {@code application/json} as AvaTax's examples send it, without a charset parameter. */
    private static final ContentType JSON = ContentType.create("application/json");

    private final AvataxConnection connection;
    private final CloseableHttpAsyncClient http;
    private final AvataxCircuits circuits;
    private final AvataxErrors errors;
    private final FailureClassifier classifier;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService timer;
    private final Executor completions;
    private final List<AvataxCallListener> listeners;
    private final String clientHeader;

    AvataxClient(AvataxConnection connection, CloseableHttpAsyncClient http, AvataxCircuits circuits,
            AvataxErrors errors, FailureClassifier classifier, ObjectMapper mapper, ScheduledExecutorService timer,
            Executor completions, List<AvataxCallListener> listeners, String clientHeader) {
        this.connection = connection;
        this.http = http;
        this.circuits = circuits;
        this.errors = errors;
        this.classifier = classifier;
        this.mapper = mapper;
        this.timer = timer;
        this.completions = completions;
        this.listeners = listeners;
        this.clientHeader = clientHeader;
    }

    public AvataxConnection connection() {
        return connection;
    }

    /** {@code GET utilities/ping}. */
    public CompletableFuture<PingResultModel> ping() {
        return send(AvataxEndpoints.ping(connection));
    }

    /** {@code GET companies?$filter=companyCode eq '<the connection's company code>'}. */
    public CompletableFuture<FetchResult<CompanyModel>> companyByCode() {
        return send(AvataxEndpoints.companyByCode(connection));
    }

    /** {@code POST transactions/create}. */
    public CompletableFuture<TransactionModel> createTransaction(CreateTransactionModel model) {
        return send(AvataxEndpoints.createTransaction(connection, model));
    }

    /** {@code POST transactions/createoradjust}. */
    public CompletableFuture<TransactionModel> createOrAdjustTransaction(CreateTransactionModel model) {
        return send(AvataxEndpoints.createOrAdjust(connection, model));
    }

    /** {@code GET companies/{companyCode}/transactions/{code}?documentType=...}. */
    public CompletableFuture<TransactionModel> getTransaction(String code, String documentType) {
        return send(AvataxEndpoints.getTransaction(connection, code, documentType));
    }

    /** {@code POST companies/{companyCode}/transactions/{code}/void?documentType=...}. */
    public CompletableFuture<TransactionModel> voidTransaction(String code, String documentType, String reasonCode) {
        return send(AvataxEndpoints.voidTransaction(connection, code, documentType, reasonCode));
    }

    /** {@code GET companies/{companyCode}/transactions?$filter=date ge ... and date le ...}: the first page. */
    public CompletableFuture<FetchResult<TransactionModel>> listTransactions(LocalDate from, LocalDate to, int top) {
        return send(AvataxEndpoints.listTransactions(connection, from, to, top));
    }

    /** A further page of a transaction list, at the path of AvaTax's {@code @nextLink}. */
    public CompletableFuture<FetchResult<TransactionModel>> listTransactionsPage(String path) {
        return send(AvataxEndpoints.listPage(connection, path));
    }

    /** {@code GET companies/{companyId}/customers/{customerCode}}. */
    public CompletableFuture<CustomerModel> getCustomer(long companyId, String customerCode) {
        return send(AvataxEndpoints.getCustomer(connection, companyId, customerCode));
    }

    /** {@code POST companies/{companyId}/customers}. */
    public CompletableFuture<List<CustomerModel>> createCustomers(long companyId, List<CustomerModel> customers) {
        return send(AvataxEndpoints.createCustomers(connection, companyId, customers));
    }

    /** {@code PUT companies/{companyId}/customers/{customerCode}}. */
    public CompletableFuture<CustomerModel> updateCustomer(long companyId, String customerCode,
            CustomerModel customer) {
        return send(AvataxEndpoints.updateCustomer(connection, companyId, customerCode, customer));
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
     * Makes a call {@link AvataxEndpoints} described for this connection. Returns at once; the future
     * completes with the answer (null for an empty 2xx) or a classified {@link TaxBridgeException}.
     */
    public <T> CompletableFuture<T> send(AvataxCall<T> call) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        byte[] body;
        SimpleHttpRequest request;
        try {
            if (!connection.code().equals(call.connection().code())) {
                throw new IllegalArgumentException("a call for connection '" + call.connection().code()
                        + "' sent through connection '" + connection.code() + "'");
            }
            // No call while the connection's circuit is open: fails at once, and is no failure of AvaTax's.
            circuits.admit(connection.code());
            body = call.body() == null ? null : mapper.writeValueAsBytes(call.body());
            request = request(call, body);
        } catch (Exception refused) {
            answer.completeExceptionally(classifier.classify(refused));
            return answer;
        }
        listeners.forEach(listener -> listener.started(call));
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        long wait = connection.limiter() == null ? 0 : connection.limiter().reserve();
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
            circuits.answered(connection.code());
        } else {
            failure = circuits.failed(connection.code(), failure);
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
        TaxBridgeException failure = circuits.failed(connection.code(), cause);
        tell(call, new AvataxCallListener.Result(nanos, body, null, null, null, false, failure));
        answer.completeExceptionally(failure);
    }

    /** A listener that fails does not take AvaTax's answer with it. */
    private void tell(AvataxCall<?> call, AvataxCallListener.Result result) {
        for (AvataxCallListener listener : listeners) {
            try {
                listener.finished(call, result);
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
