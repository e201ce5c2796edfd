package dev.taxbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxHttp;
import dev.taxbridge.avatax.SecretRedactor;
import dev.taxbridge.failure.Failures;
import dev.taxbridge.messaging.CommandEnvelope;
import dev.taxbridge.ops.CommandOutcomes;
import dev.taxbridge.ops.OperationsMetrics;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Wraps the HTTP exchange of every AvaTax call ({@code routes/avatax.camel.yaml}): {@link #started} just
 * before the request leaves (after the rate limiter's wait), {@link #finished} once it is over, answered
 * or not. Records the latency in {@code avatax_requests_seconds} and appends the call, bodies redacted,
 * to the {@code tax.audit} stream.
 */
@Component
public class AvataxCallRecorder {

    /** Exchange property: the HTTP status AvaTax answered with; absent when AvaTax did not answer. */
    public static final String ANSWERED = "avataxAnswered";
    private static final String STARTED = "avataxStartedNanos";
    private static final String REQUEST = "avataxRequestBody";
    /** {@code /companies/{companyCode}/transactions/{code}[/void][?documentType=...]} */
    private static final Pattern TRANSACTION_PATH =
            Pattern.compile("/companies/[^/]+/transactions/([^/?]+)(?:/[a-z]+)?(?:\\?(?:.*&)?documentType=([A-Za-z]+))?");

    private final ObjectMapper mapper;
    private final SecretRedactor redactor;
    private final Failures failures;
    private final OperationsMetrics metrics;
    private final AuditTrail trail;

    public AvataxCallRecorder(ObjectMapper mapper, SecretRedactor redactor, Failures failures,
            OperationsMetrics metrics, AuditTrail trail) {
        this.mapper = mapper;
        this.redactor = redactor;
        this.failures = failures;
        this.metrics = metrics;
        this.trail = trail;
    }

    public void started(Exchange exchange) {
        AvataxCall call = exchange.getProperty(AvataxHttp.CALL, AvataxCall.class);
        MDC.put(CommandOutcomes.CONNECTION, call.connection().code());
        exchange.removeProperty(ANSWERED);
        exchange.setProperty(REQUEST, exchange.getMessage().getBody(byte[].class));
        exchange.setProperty(STARTED, System.nanoTime());
    }

    public void finished(Exchange exchange) {
        long nanos = System.nanoTime() - exchange.getProperty(STARTED, Long.class);
        AvataxCall call = exchange.getProperty(AvataxHttp.CALL, AvataxCall.class);
        Message message = exchange.getMessage();
        // Every header was removed before the request, so a status here is AvaTax's answer to this call.
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] response = null;
        String outcome;
        if (status != null) {
            exchange.setProperty(ANSWERED, status);
            response = message.getBody(byte[].class);
            message.setBody(response);
            outcome = String.valueOf(status);
        } else {
            Throwable failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            outcome = failure == null ? "no_answer" : failures.classify(failure).errorCode().code();
        }
        metrics.avataxCall(call.connection().code(), call.operation(), outcome, nanos);
        String messageId = exchange.getProperty(CommandEnvelope.MESSAGE_ID, String.class);
        ObjectNode record = record(call, status, outcome, nanos, messageId,
                json(exchange.getProperty(REQUEST, byte[].class)), json(response));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-connection", call.connection().code());
        headers.put("x-document-code", record.path("document_code").textValue());
        headers.put("x-message-id", messageId);
        trail.append(record, headers);
        exchange.removeProperty(REQUEST);
        if (MDC.get(CommandOutcomes.MESSAGE_ID) == null) {
            // Not inside a command (health ping, reconciliation, a cache load): nobody clears it later.
            MDC.remove(CommandOutcomes.CONNECTION);
        }
    }

    private ObjectNode record(AvataxCall call, Integer status, String outcome, long nanos, String messageId,
            JsonNode request, JsonNode response) {
        ObjectNode record = mapper.createObjectNode();
        record.put("type", AuditTrail.CALL);
        record.put("at", Instant.now().toString());
        record.put("connection", call.connection().code());
        record.put("company_code", call.connection().companyCode());
        record.put("method", call.method());
        record.put("path", call.path());
        record.put("endpoint", call.operation());
        Document document = document(call.path(), request, response);
        record.put("document_code", document.code());
        record.put("document_type", document.type());
        record.put("document_date", document.date());
        if (status == null) {
            record.putNull("status");
            record.put("error_code", outcome);
        } else {
            record.put("status", status);
        }
        record.put("duration_ms", nanos / 1_000_000.0);
        record.put("message_id", messageId);
        record.set("request", request);
        record.set("response", response);
        return record;
    }

    record Document(String code, String type, String date) {
    }

    /**
     * Which document the call was about: AvaTax's own answer when it returned a transaction, else the
     * code in the URL (void, get), else the transaction model sent (create, createoradjust).
     */
    static Document document(String path, JsonNode request, JsonNode response) {
        if (response != null && response.has("id") && response.path("code").isTextual() && response.path("type").isTextual()) {
            return new Document(response.path("code").asText(), response.path("type").asText(),
                    response.path("date").textValue());
        }
        Matcher url = TRANSACTION_PATH.matcher(path);
        if (url.find()) {
            String code = URLDecoder.decode(url.group(1), StandardCharsets.UTF_8).replace("_-ava2f-_", "/")
                    .replace("_-ava2b-_", "+").replace("_-ava3f-_", "?").replace("_-ava23-_", "#")
                    .replace("_-ava25-_", "%");
            return new Document(code, url.group(2), null);
        }
        JsonNode model = request == null ? null
                : request.has("createTransactionModel") ? request.get("createTransactionModel") : request;
        if (model != null && model.path("lines").isArray()) {
            return new Document(model.path("code").textValue(), model.path("type").textValue(),
                    model.path("date").textValue());
        }
        return new Document(null, null, null);
    }

    /** A body as JSON with every secret masked (AvaTax may echo credentials); text when it is not JSON. */
    private JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return mapper.nullNode();
        }
        String text = redactor.redact(new String(body, StandardCharsets.UTF_8));
        try {
            return mapper.readTree(text);
        } catch (java.io.IOException notJson) {
            return mapper.getNodeFactory().textNode(text);
        }
    }
}
