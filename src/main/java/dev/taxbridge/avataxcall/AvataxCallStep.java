package dev.taxbridge.avataxcall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.audit.AvataxCallRecorder;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxCircuits;
import dev.taxbridge.avatax.AvataxHttp;
import dev.taxbridge.avatax.AvataxHttpClients;
import dev.taxbridge.messaging.CommandEnvelope;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one AvaTax call of the {@code avatax-call} route ({@code process: {ref: avataxCallStep}}), made
 * without holding a thread while AvaTax thinks: the connection's circuit admits it, {@link AvataxHttp}
 * builds the request, the connection's non-blocking client ({@link AvataxHttpClients}) sends it, and
 * the step returns at once. When the answer (or the failure) arrives, a thread of the
 * {@code AvataxAnswers} pool writes the latency and the audit record, reads the answer (or has the
 * circuit classify and count the failure) and carries the command's route on from there: publishing
 * its outcome waits for the broker's confirm, which must not stall the client's I/O thread.
 *
 * <p>A consumer that routes asynchronously (the invoices consumer) takes its next command meanwhile;
 * any other caller simply waits for the route to finish, as Camel does for every asynchronous step.
 * The connection's pool ({@code max-connections}) bounds its calls in flight.
 */
@Component
public class AvataxCallStep extends AsyncProcessorSupport implements DisposableBean {

    private final AvataxHttp http;
    private final AvataxHttpClients clients;
    private final AvataxCircuits circuits;
    private final AvataxCallRecorder recorder;
    private final ExecutorService answers;

    public AvataxCallStep(CamelContext camel, AvataxHttp http, AvataxHttpClients clients, AvataxCircuits circuits,
            AvataxCallRecorder recorder) {
        this.http = http;
        this.clients = clients;
        this.circuits = circuits;
        this.recorder = recorder;
        // Grows with the answers being handled at once (a few at a time: each runs until its outcome is
        // confirmed); bounded in practice by the calls in flight. Never a fixed pool: a route carried on
        // here may itself wait for another AvaTax call, whose answer needs a thread of this pool.
        this.answers = camel.getExecutorServiceManager().newCachedThreadPool(this, "AvataxAnswers");
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        AvataxCall call = exchange.getProperty(AvataxHttp.CALL, AvataxCall.class);
        if (call == null) {
            exchange.getMessage().setBody(null);
            callback.done(true);
            return true;
        }
        byte[] request;
        SimpleHttpRequest httpRequest;
        try {
            // No call while the connection's circuit is open: fails at once, and is no failure of AvaTax's.
            circuits.admit(exchange);
            request = http.body(call);
            httpRequest = http.request(call, request);
        } catch (Exception refused) {
            exchange.setException(refused);
            callback.done(true);
            return true;
        }
        recorder.started(call);
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        String messageId = exchange.getProperty(CommandEnvelope.MESSAGE_ID, String.class);
        long started = System.nanoTime();
        clients.client(call.connection().code()).http().execute(SimpleRequestProducer.create(httpRequest),
                SimpleResponseConsumer.create(), new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        long nanos = System.nanoTime() - started;
                        carryOn(logContext, exchange, callback, () -> answered(exchange, call, messageId, nanos,
                                request, response));
                    }

                    @Override
                    public void failed(Exception unanswered) {
                        long nanos = System.nanoTime() - started;
                        carryOn(logContext, exchange, callback, () -> {
                            recorder.finished(call, messageId, nanos, request, null, null, null, unanswered);
                            classify(exchange, unanswered);
                        });
                    }

                    @Override
                    public void cancelled() {
                        failed(new java.io.InterruptedIOException("AvaTax call cancelled"));
                    }
                });
        // The command's log context goes on with its answer; this thread takes up the next one.
        if (logContext != null) {
            MDC.clear();
        }
        return false;
    }

    /** On a thread of the answers pool, with the command's log context: the answer, then the rest of the route. */
    private void carryOn(Map<String, String> logContext, Exchange exchange, AsyncCallback callback, Runnable answer) {
        answers.execute(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                answer.run();
            } catch (Exception failure) {
                exchange.setException(failure);
            }
            try {
                callback.done(false);
            } finally {
                MDC.clear();
            }
        });
    }

    private void answered(Exchange exchange, AvataxCall call, String messageId, long nanos, byte[] request,
            SimpleHttpResponse response) {
        int status = response.getCode();
        byte[] body = response.getBodyBytes();
        Header retryAfter = response.getFirstHeader("Retry-After");
        exchange.setProperty(AvataxCallRecorder.ANSWERED, status);
        JsonNode answer = null;
        try {
            answer = http.read(call, status, retryAfter == null ? null : retryAfter.getValue(), body);
        } catch (Exception refused) {
            recorder.finished(call, messageId, nanos, request, status, body, null, null);
            classify(exchange, refused);
            return;
        }
        recorder.finished(call, messageId, nanos, request, status, body, answer.isNull() ? null : answer, null);
        exchange.getMessage().setBody(answer);
        circuits.answered(exchange);
    }

    /** Counts a transient failure toward opening the circuit; the exchange fails with it, classified. */
    private void classify(Exchange exchange, Exception failure) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        circuits.failed(exchange);
    }

    @Override
    public void destroy() {
        answers.shutdown();
    }
}
