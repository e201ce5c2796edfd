package dev.taxbridge.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.error.TaxBridgeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Lago-shaped failure events of SPEC section 3 from whatever could be read of the
 * command (a malformed body still yields an event, with the ids it has).
 */
public final class FailureEvents {

    public static final String INTEGRATION_PROVIDER_ERROR = "integration.provider_error";
    public static final String PROVIDER = "avalara";

    private FailureEvents() {
    }

    /** What failed: the command, its parsed body (may be null), the connection and the failure. */
    public record FailedCommand(String routingKey, JsonNode body, String connection, TaxBridgeException failure,
            String messageId) {
    }

    /** Whatever JSON a failed command's body holds, or null: a malformed body still gets its events. */
    public static JsonNode readLeniently(ObjectMapper mapper, byte[] body) {
        try {
            return body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    public static List<OutcomeEvent> eventsFor(FailedCommand failed) {
        List<OutcomeEvent> events = new ArrayList<>(2);
        String object = objectOf(failed.routingKey());
        if (object != null) {
            String name = object + ".tax_provider_error";
            events.add(event(name, failed, "customer".equals(object) ? customerError(failed) : documentError(object, failed)));
        }
        if (failed.failure().errorCode().connectionLevel() || object == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("provider", PROVIDER);
            body.put("provider_code", failed.connection());
            body.put("provider_error", providerError(failed.failure()));
            events.add(event(INTEGRATION_PROVIDER_ERROR, failed, body));
        }
        return events;
    }

    /** invoice / credit_note / fee / customer, from the routing key; estimates report as their object. */
    static String objectOf(String routingKey) {
        if (routingKey == null) {
            return null;
        }
        if (routingKey.equals("estimate.one_off_invoice")) {
            return "invoice";
        }
        if (routingKey.equals("estimate.current_usage")) {
            return "customer";
        }
        String prefix = routingKey.contains(".") ? routingKey.substring(0, routingKey.indexOf('.')) : routingKey;
        return switch (prefix) {
            case "invoice", "credit_note", "fee", "customer" -> prefix;
            default -> null;
        };
    }

    static String stageOf(String routingKey) {
        return switch (routingKey == null ? "" : routingKey) {
            case "invoice.draft" -> "draft";
            case "invoice.finalized" -> "finalize";
            case "invoice.voided" -> "void";
            case "invoice.disputed" -> "dispute";
            case "credit_note.created" -> "credit_note";
            case "fee.pay_in_advance" -> "pay_in_advance";
            default -> routingKey != null && routingKey.startsWith("estimate.") ? "estimate" : routingKey;
        };
    }

    private static Map<String, Object> documentError(String object, FailedCommand failed) {
        JsonNode body = failed.body();
        JsonNode document = field(body, object);
        if (document == null) {
            // Lago's invoice.payment_dispute_lost webhook nests the invoice one level down.
            document = field(field(body, "payment_dispute_lost"), object);
        }
        JsonNode customer = field(document, "customer");
        if (customer == null) {
            customer = field(body, "customer");
        }
        if (customer == null) {
            customer = field(field(body, "invoice"), "customer");
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("lago_id", text(document, "lago_id"));
        String number = text(document, "number");
        if (number != null) {
            error.put("number", number);
        }
        error.put("lago_customer_id", text(customer, "lago_id"));
        error.put("external_customer_id", text(customer, "external_id"));
        error.put("tax_provider", PROVIDER);
        error.put("tax_provider_code", failed.connection());
        error.put("stage", stageOf(failed.routingKey()));
        error.put("provider_error", providerError(failed.failure()));
        return error;
    }

    private static Map<String, Object> customerError(FailedCommand failed) {
        JsonNode customer = field(failed.body(), "customer");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("lago_customer_id", text(customer, "lago_id"));
        error.put("external_customer_id", text(customer, "external_id"));
        error.put("tax_provider", PROVIDER);
        error.put("tax_provider_code", failed.connection());
        if (failed.routingKey() != null && failed.routingKey().startsWith("estimate.")) {
            error.put("stage", "estimate");
        }
        error.put("provider_error", providerError(failed.failure()));
        return error;
    }

    static Map<String, Object> providerError(TaxBridgeException failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", failure.getMessage());
        error.put("error_code", failure.errorCode().code());
        if (failure.providerCode() != null) {
            error.put("provider_code", failure.providerCode());
        }
        return error;
    }

    private static OutcomeEvent event(String name, FailedCommand failed, Map<String, Object> object) {
        String eventId = OutcomeEvent.eventId(failed.messageId(), name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_id", eventId);
        body.putAll(object);
        return new OutcomeEvent(name, eventId, failed.messageId(), body);
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value == null || !value.isValueNode() ? null : value.asText();
    }
}
