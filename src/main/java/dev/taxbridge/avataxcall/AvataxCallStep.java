package dev.taxbridge.avataxcall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.audit.AvataxCallRecorder;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxCircuits;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxHttp;
import dev.taxbridge.messaging.CommandEnvelope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one AvaTax call of the {@code avatax-call} route ({@code process: {ref: avataxCallStep}}): the
 * connection's circuit admits it, {@link AvataxHttp} prepares it, the connection's own HTTP producer
 * sends it, the latency and the audit record are written whatever happened, and the answer is read (or
 * the failure classified and counted by the circuit).
 *
 * <p>One Java step rather than YAML's doTry/doFinally around a {@code toD}: the producer of each
 * connection is resolved once and kept (no endpoint resolution per call), and nothing is copied or
 * reflected per call. The HTTP pool of a connection ({@code max-connections}) bounds its calls in flight.
 */
@Component
public class AvataxCallStep implements Processor, DisposableBean {

    private final CamelContext camel;
    private final AvataxHttp http;
    private final AvataxCircuits circuits;
    private final AvataxCallRecorder recorder;
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();

    public AvataxCallStep(CamelContext camel, AvataxHttp http, AvataxCircuits circuits, AvataxCallRecorder recorder) {
        this.camel = camel;
        this.http = http;
        this.circuits = circuits;
        this.recorder = recorder;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        AvataxCall call = exchange.getProperty(AvataxHttp.CALL, AvataxCall.class);
        if (call == null) {
            exchange.getMessage().setBody(null);
            return;
        }
        // No call while the connection's circuit is open: fails at once, and is no failure of AvaTax's.
        circuits.admit(exchange);
        try {
            JsonNode answer = answer(exchange, call);
            // The HTTP producer puts its answer in a message of its own: ask for the current one.
            exchange.getMessage().setBody(answer);
            circuits.answered(exchange);
        } catch (Exception failure) {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            // Counts a transient failure toward opening the circuit; throws it again, classified.
            circuits.failed(exchange);
        }
    }

    private JsonNode answer(Exchange exchange, AvataxCall call) throws Exception {
        byte[] request = http.prepare(exchange);
        exchange.getMessage().setBody(request);
        recorder.started(call);
        String messageId = exchange.getProperty(CommandEnvelope.MESSAGE_ID, String.class);
        long started = System.nanoTime();
        try {
            producer(call.connection()).process(exchange);
            Exception failed = exchange.getException();
            if (failed != null) {
                exchange.setException(null);
                throw failed;
            }
        } catch (Exception unanswered) {
            recorder.finished(call, messageId, System.nanoTime() - started, request, null, null, null, unanswered);
            throw unanswered;
        }
        long nanos = System.nanoTime() - started;
        Message message = exchange.getMessage();
        // Every header was removed before the request, so a status here is AvaTax's answer to this call.
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] response = message.getBody(byte[].class);
        message.setBody(response);
        if (status != null) {
            exchange.setProperty(AvataxCallRecorder.ANSWERED, status);
        }
        JsonNode answer = null;
        try {
            answer = http.read(exchange);
            return answer;
        } finally {
            recorder.finished(call, messageId, nanos, request, status, response,
                    answer != null && !answer.isNull() ? answer : null, null);
        }
    }

    /** The connection's own HTTP producer (component {@code avatax-<code>}), started once and kept. */
    private Producer producer(AvataxConnection connection) {
        return producers.computeIfAbsent(connection.code(), code -> {
            try {
                Producer producer = camel.getEndpoint(connection.endpoint()).createProducer();
                ServiceHelper.startService(producer);
                return producer;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the HTTP producer of AvaTax connection " + code, e);
            }
        });
    }

    @Override
    public void destroy() {
        producers.values().forEach(ServiceHelper::stopAndShutdownService);
    }
}
