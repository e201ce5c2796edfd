package dev.taxbridge.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxCallListener;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.SecretRedactor;
import dev.taxbridge.route.CommandOutcomes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Hears every AvaTax call an {@code AvataxClient} makes: {@link #started} puts its connection in the
 * command's log context; {@link #finished} appends the call, bodies redacted, to the {@code tax.audit}
 * stream, with the document it was about (AvaTax's answer when it returned a transaction, else the one
 * the request named) and the command's message id.
 */
@Component
public class AvataxCallRecorder implements AvataxCallListener {

    private final ObjectMapper mapper;
    private final SecretRedactor redactor;
    private final AuditTrail trail;

    public AvataxCallRecorder(ObjectMapper mapper, SecretRedactor redactor, AuditTrail trail) {
        this.mapper = mapper;
        this.redactor = redactor;
        this.trail = trail;
    }

    /**
     * Before the request, inside a command: the connection joins the command's log context. Outside one
     * (a health ping, the reconciliation) the caller's thread is left as it was.
     */
    @Override
    public void started(AvataxConnection connection, AvataxCall<?> call) {
        if (MDC.get(CommandOutcomes.MESSAGE_ID) != null) {
            MDC.put(CommandOutcomes.CONNECTION, connection.code());
        }
    }

    /** After the call, answered or not: the audit record, with the calling command's message id. */
    @Override
    public void finished(AvataxConnection connection, AvataxCall<?> call, Result result) {
        byte[] record;
        try {
            record = record(connection, call, result, MDC.get(CommandOutcomes.MESSAGE_ID), document(call, result.answer()));
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        trail.append(record, call.method(), call.path());
    }

    /**
     * The record, written straight to bytes. The request is the bridge's own JSON and an answer the bridge
     * read as JSON is JSON: both go in raw (masked), not parsed into trees and written out again.
     */
    private byte[] record(AvataxConnection connection, AvataxCall<?> call, Result result, String messageId,
            AvataxCall.Document document)
            throws java.io.IOException {
        byte[] request = result.request();
        byte[] response = result.response();
        ByteArrayBuilder bytes = new ByteArrayBuilder(512 + length(request) + length(response));
        try (JsonGenerator json = mapper.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("type", AuditTrail.CALL);
            json.writeStringField("at", Instant.now().toString());
            json.writeStringField("connection", connection.code());
            json.writeStringField("company_code", connection.companyCode());
            json.writeStringField("method", call.method());
            json.writeStringField("path", call.path());
            json.writeStringField("endpoint", call.operation());
            json.writeStringField("document_code", document.code());
            json.writeStringField("document_type", document.type());
            json.writeStringField("document_date", document.date());
            if (result.status() == null) {
                json.writeNullField("status");
                json.writeStringField("error_code", result.outcome());
            } else {
                json.writeNumberField("status", result.status());
            }
            json.writeNumberField("duration_ms", result.nanos() / 1_000_000.0);
            json.writeStringField("message_id", messageId);
            json.writeFieldName("request");
            body(json, request, request != null);
            json.writeFieldName("response");
            body(json, response, result.responseIsJson());
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

    /**
     * Which document the call was about: AvaTax's own answer when it returned a transaction, else the one
     * the request named (code, type, date of a create; code and type of a get or void).
     */
    static AvataxCall.Document document(AvataxCall<?> call, Object answer) {
        if (answer instanceof TransactionModel transaction && transaction.id() != null && transaction.code() != null
                && transaction.type() != null) {
            return new AvataxCall.Document(transaction.code(), transaction.type(),
                    transaction.date() == null ? null : transaction.date().toString());
        }
        return call.document();
    }
}
