package dev.taxbridge.avataxcall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.audit.AvataxCallRecorder;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxCircuits;
import dev.taxbridge.avatax.AvataxHttp;
import dev.taxbridge.avatax.AvataxHttpClients;
import dev.taxbridge.messaging.CommandEnvelope;
import dev.taxbridge.messaging.Continuations;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

/**
 * The one AvaTax call of the {@code avatax-call} route ({@code process: {ref: avataxCallStep}}), made
 * without holding a thread while AvaTax thinks: the connection's circuit admits it, {@link AvataxHttp}
 * builds the request, the connection's non-blocking client ({@link AvataxHttpClients}) sends it, and
 * the step returns at once. When the answer (or the failure) arrives, a thread of {@link Continuations}
 * writes the latency and the audit record, reads the answer (or has the circuit classify and count the
 * failure) and carries the command's route on from there; the client's I/O thread runs no route.
 *
 * <p>A consumer that routes asynchronously (the invoices consumer) takes its next command meanwhile;
 * any other caller simply waits for the route to finish, as Camel does for every asynchronous step.
 * The connection's pool ({@code max-connections}) bounds its calls in flight.
 */
@Component
public class AvataxCallStep extends AsyncProcessorSupport {

    private final AvataxHttp http;
    private final AvataxHttpClients clients;
    private final AvataxCircuits circuits;
    private final AvataxCallRecorder recorder;
    private final Continuations continuations;

    public AvataxCallStep(AvataxHttp http, AvataxHttpClients clients, AvataxCircuits circuits,
            AvataxCallRecorder recorder, Continuations continuations) {
        this.http = http;
        this.clients = clients;
        this.circuits = circuits;
        this.recorder = recorder;
        this.continuations = continuations;
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
        CloseableHttpAsyncClient client;
        try {
            // No call while the connection's circuit is open: fails at once, and is no failure of AvaTax's.
            circuits.admit(exchange);
            request = http.body(call);
            httpRequest = http.request(call, request);
            client = clients.client(call.connection().code()).http();
        } catch (Exception refused) {
            // An asynchronous step must end through its callback, whatever happens: never throw from here.
            exchange.setException(refused);
            callback.done(true);
            return true;
        }
        recorder.started(call);
        Map<String, String> logContext = Continuations.logContext();
        String messageId = exchange.getProperty(CommandEnvelope.MESSAGE_ID, String.class);
        long started = System.nanoTime();
        client.execute(SimpleRequestProducer.create(httpRequest),
                SimpleResponseConsumer.create(), new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        long nanos = System.nanoTime() - started;
                        continuations.resume(logContext, exchange, callback, () -> answered(exchange, call,
                                messageId, nanos, request, response));
                    }

                    @Override
                    public void failed(Exception unanswered) {
                        long nanos = System.nanoTime() - started;
                        continuations.resume(logContext, exchange, callback, () -> {
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
        Continuations.handedOver(logContext);
        return false;
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
}
