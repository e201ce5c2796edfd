package dev.taxbridge.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.FailureClassifier;
import dev.taxbridge.avatax.SecretRedactor;
import dev.taxbridge.ops.CommandOutcomes;
import dev.taxbridge.ops.OperationsMetrics;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
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
    private final FailureClassifier failures;
    private final OperationsMetrics metrics;
    private final AuditTrail trail;

    public AvataxCallRecorder(ObjectMapper mapper, SecretRedactor redactor, FailureClassifier failures,
            OperationsMetrics metrics, AuditTrail trail) {
        this.mapper = mapper;
        this.redactor = redactor;
        this.failures = failures;
        this.metrics = metrics;
        this.trail = trail;
    }

    /** Before the request: the connection joins the log context. */
    public void started(AvataxCall call) {
        MDC.put(CommandOutcomes.CONNECTION, call.connection().code());
    }

    /**
     * After the call, answered or not: the latency metric and the audit record. {@code status} is null
     * when AvaTax did not answer ({@code failure} says why); {@code answer} is the answer as the bridge
     * already read it (a 2xx), so its bytes go into the record as they are (masked), not parsed again.
     */
    public void finished(AvataxCall call, String messageId, long nanos, byte[] request, Integer status,
            byte[] response, JsonNode answer, Throwable failure) {
        boolean responseIsJson = answer != null;
        String outcome = status != null ? String.valueOf(status)
                : failure == null ? "no_answer" : failures.classify(failure).errorCode().code();
        metrics.avataxCall(call.connection().code(), call.operation(), outcome, nanos);
        Document document = document(call.path(), request, answer);
        byte[] record;
        try {
            record = record(call, status, outcome, nanos, messageId, document, request, response, responseIsJson);
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        trail.append(record, call.method(), call.path());
        if (MDC.get(CommandOutcomes.MESSAGE_ID) == null) {
            // Not inside a command (health ping, reconciliation, a cache load): nobody clears it later.
            MDC.remove(CommandOutcomes.CONNECTION);
        }
    }

    /**
     * The record, written straight to bytes. The request is the bridge's own JSON and an answer the bridge
     * read as JSON is JSON: both go in raw (masked), not parsed into trees and written out again.
     */
    private byte[] record(AvataxCall call, Integer status, String outcome, long nanos, String messageId,
            Document document, byte[] request, byte[] response, boolean responseIsJson) throws java.io.IOException {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512 + length(request) + length(response));
        try (JsonGenerator json = mapper.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("type", AuditTrail.CALL);
            json.writeStringField("at", Instant.now().toString());
            json.writeStringField("connection", call.connection().code());
            json.writeStringField("company_code", call.connection().companyCode());
            json.writeStringField("method", call.method());
            json.writeStringField("path", call.path());
            json.writeStringField("endpoint", call.operation());
            json.writeStringField("document_code", document.code());
            json.writeStringField("document_type", document.type());
            json.writeStringField("document_date", document.date());
            if (status == null) {
                json.writeNullField("status");
                json.writeStringField("error_code", outcome);
            } else {
                json.writeNumberField("status", status);
            }
            json.writeNumberField("duration_ms", nanos / 1_000_000.0);
            json.writeStringField("message_id", messageId);
            json.writeFieldName("request");
            body(json, request, request != null);
            json.writeFieldName("response");
            body(json, response, responseIsJson);
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** A body, every secret masked (AvaTax may echo credentials): raw when known to be JSON, else parsed or as text. */
    private void body(JsonGenerator json, byte[] body, boolean isJson) throws java.io.IOException {
        if (body == null || body.length == 0) {
            json.writeNull();
            return;
        }
        String text = redactor.redact(new String(body, StandardCharsets.UTF_8));
        if (isJson) {
            json.writeRawValue(text);
            return;
        }
        try {
            json.writeTree(mapper.readTree(text));
        } catch (java.io.IOException notJson) {
            json.writeString(text);
        }
    }

    private static int length(byte[] body) {
        return body == null ? 0 : body.length;
    }

    record Document(String code, String type, String date) {
    }

    /**
     * Which document the call was about: AvaTax's own answer when it returned a transaction, else the
     * code in the URL (void, get), else the transaction model sent (create, createoradjust).
     */
    Document document(String path, byte[] request, JsonNode response) {
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
        JsonNode sent = tree(request);
        JsonNode model = sent == null ? null
                : sent.has("createTransactionModel") ? sent.get("createTransactionModel") : sent;
        if (model != null && model.path("lines").isArray()) {
            return new Document(model.path("code").textValue(), model.path("type").textValue(),
                    model.path("date").textValue());
        }
        return new Document(null, null, null);
    }

    /** The request as a tree, only for a failed call's record (an answered one names its document). */
    private JsonNode tree(byte[] request) {
        try {
            return request == null || request.length == 0 ? null : mapper.readTree(request);
        } catch (java.io.IOException notJson) {
            return null;
        }
    }
}
