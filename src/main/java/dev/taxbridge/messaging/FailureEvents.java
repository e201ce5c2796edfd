package dev.taxbridge.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.error.TaxBridgeException;
import java.util.ArrayList;
import java.util.List;

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
        ProviderError error = ProviderError.of(failed.failure());
        if (object != null) {
            String name = object + ".tax_provider_error";
            String eventId = OutcomeEvent.eventId(failed.messageId(), name);
            events.add(new OutcomeEvent(name, eventId, failed.messageId(), "customer".equals(object)
                    ? customerError(eventId, failed, error) : documentError(eventId, object, failed, error)));
        }
        if (failed.failure().errorCode().connectionLevel() || object == null) {
            String eventId = OutcomeEvent.eventId(failed.messageId(), INTEGRATION_PROVIDER_ERROR);
            events.add(new OutcomeEvent(INTEGRATION_PROVIDER_ERROR, eventId, failed.messageId(),
                    new IntegrationError(eventId, PROVIDER, failed.connection(), error)));
        }
        return events;
    }

    /** {@code <object>.tax_provider_error} of an invoice, credit note or fee. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DocumentError(String eventId, String lagoId, String number, String lagoCustomerId,
            String externalCustomerId, String taxProvider, String taxProviderCode, String stage,
            ProviderError providerError) {
    }

    /** {@code customer.tax_provider_error}; {@code stage} only for an estimate. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerError(String eventId, String lagoCustomerId, String externalCustomerId, String taxProvider,
            String taxProviderCode, String stage, ProviderError providerError) {
    }

    /** {@code integration.provider_error}: the connection itself failed, or the command names no object. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IntegrationError(String eventId, String provider, String providerCode, ProviderError providerError) {
    }

    /** What went wrong; {@code provider_code} only when AvaTax (or the receiver) named one. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProviderError(String message, String errorCode, String providerCode) {

        static ProviderError of(TaxBridgeException failure) {
            return new ProviderError(failure.getMessage(), failure.errorCode().code(), failure.providerCode());
        }
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

    private static DocumentError documentError(String eventId, String object, FailedCommand failed,
            ProviderError error) {
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
        return new DocumentError(eventId, text(document, "lago_id"), text(document, "number"),
                text(customer, "lago_id"), text(customer, "external_id"), PROVIDER, failed.connection(),
                stageOf(failed.routingKey()), error);
    }

    private static CustomerError customerError(String eventId, FailedCommand failed, ProviderError error) {
        JsonNode customer = field(failed.body(), "customer");
        return new CustomerError(eventId, text(customer, "lago_id"), text(customer, "external_id"), PROVIDER,
                failed.connection(), failed.routingKey() != null && failed.routingKey().startsWith("estimate.")
                        ? "estimate" : null, error);
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
