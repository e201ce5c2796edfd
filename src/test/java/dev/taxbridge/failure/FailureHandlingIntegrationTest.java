package dev.taxbridge.failure;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.audit.AuditTrail;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AuditProbe;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import dev.taxbridge.support.WebhookReceiver;
import dev.taxbridge.support.WebhookReceiver.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** SPEC section 4: every error code from its cause, parked with its headers, announced, and webhooked. */
class FailureHandlingIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    private AuditTrail trail;

    @BeforeEach
    void emptyParkingQueues() {
        deadLetters.purge("tax.invoices.dlq", "tax.webhooks.dlq");
    }

    static Stream<Arguments> permanentFailures() {
        return Stream.<Arguments>of(
                Arguments.of("unmapped_item", "strict", (Consumer<ObjectNode>) invoice -> { }, false, null),
                Arguments.of("missing_address", null, (Consumer<ObjectNode>) invoice -> {
                    ObjectNode customer = (ObjectNode) invoice.get("customer");
                    customer.remove("state");
                    customer.remove("zipcode");
                }, false, null),
                Arguments.of("invalid_address", null, (Consumer<ObjectNode>) invoice -> {
                    ObjectNode customer = (ObjectNode) invoice.get("customer");
                    customer.put("country", "DE").put("state", "BE").put("city", "Berlin").put("zipcode", "10115");
                }, true, "GetTaxError"),
                Arguments.of("invalid_credentials", "badcreds", (Consumer<ObjectNode>) invoice -> { }, true,
                        "AuthenticationException"),
                Arguments.of("connection_not_found", "nope", (Consumer<ObjectNode>) invoice -> { }, false, null),
                Arguments.of("company_not_found", "nocompany", (Consumer<ObjectNode>) invoice -> { }, true,
                        "EntityNotFoundError"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("permanentFailures")
    void permanentFailureIsParkedOnceWithHeadersEventAndSignedWebhook(String errorCode, String connection,
            Consumer<ObjectNode> breakIt, boolean avataxCalled, String providerCode) {
        String id = uniqueId("inv");
        ObjectNode command = sampleInvoice(id);
        if (connection != null) {
            command.put("connection", connection);
        }
        breakIt.accept((ObjectNode) command.get("invoice"));
        String messageId = uniqueId("msg");
        byte[] body = json(command);
        publish("invoice.finalized", body, messageId, Map.of("x-producer", "billing"));

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getBody()).as("the original bytes").isEqualTo(body);
        Map<String, Object> headers = parked.getProps().getHeaders();
        assertThat(headers.get("x-error-code")).hasToString(errorCode);
        assertThat(headers.get("x-error-message").toString()).isNotBlank();
        assertThat(headers.get("x-failed-at").toString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(headers.get("x-attempts")).hasToString("1");
        assertThat(headers.get("x-original-exchange")).hasToString("tax.commands");
        assertThat(headers.get("x-original-routing-key")).hasToString("invoice.finalized");
        assertThat(headers.get("x-connection")).hasToString(connection == null ? "default" : connection);
        assertThat(headers.get("x-producer")).as("the producer's own headers are kept").hasToString("billing");
        assertThat(parked.getProps().getContentType()).isEqualTo("application/json");
        if (providerCode != null) {
            assertThat(headers.get("x-provider-error-code")).hasToString(providerCode);
        }
        assertThat(simulator.journal().forDocument(id)).hasSize(avataxCalled ? 1 : 0);

        Event event = events.awaitOne("invoice.tax_provider_error", field("/lago_id", id));
        JsonNode error = event.body();
        assertThat(error.get("stage").asText()).isEqualTo("finalize");
        assertThat(error.get("lago_customer_id").asText()).isEqualTo("b7ab2926-1de8-4428-9bcd-779314ac129b");
        assertThat(error.get("external_customer_id").asText()).isEqualTo("TESTCUSTOMER");
        assertThat(error.get("tax_provider_code").asText()).isEqualTo(connection == null ? "default" : connection);
        assertThat(error.at("/provider_error/error_code").asText()).isEqualTo(errorCode);
        assertThat(error.at("/provider_error/message").asText()).isEqualTo(headers.get("x-error-message").toString());
        if (ErrorCode.valueOf(errorCode.toUpperCase()).connectionLevel()) {
            Event integration = events.awaitOne("integration.provider_error",
                    json -> OutcomeEvent.eventId(messageId, "integration.provider_error")
                            .equals(json.get("event_id").asText()));
            assertThat(integration.body().get("provider").asText()).isEqualTo("avalara");
            assertThat(integration.body().at("/provider_error/error_code").asText()).isEqualTo(errorCode);
        }

        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !webhooks.deliveries(webhookId).isEmpty());
        // Once: a second park, event or webhook would follow within moments of the first; none comes.
        Awaitility.await("one parked copy, one event, one webhook delivery per receiver")
                .during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(250)).until(() ->
                        deadLetters.count("tax.invoices.dlq", messageId) == 1
                                && events.named("invoice.tax_provider_error", field("/lago_id", id)).size() == 1
                                && webhooks.deliveries(webhookId).size() == 1
                                && WebhookReceiver.second().deliveries(webhookId).size() == 1);
        Delivery delivery = webhooks.deliveries(webhookId).get(0);
        assertThat(delivery.verified()).isTrue();
        JsonNode webhook = tree(delivery.body());
        assertThat(webhook.get("webhook_type").asText()).isEqualTo("invoice.tax_provider_error");
        assertThat(webhook.get("object_type").asText()).isEqualTo("tax_provider_invoice_error");
        assertThat(webhook.at("/tax_provider_invoice_error/provider_error/error_code").asText()).isEqualTo(errorCode);
        assertThat(webhook.at("/tax_provider_invoice_error/lago_id").asText()).isEqualTo(id);
    }

    @Test
    void providerErrorKeepsAvataxCodeAndIsNotRetried() {
        String id = uniqueId("inv");
        simulator.faults().add(new Fault(400, null, null, null, null, id, null, null));
        String messageId = uniqueId("msg");
        publish("invoice.finalized", sampleInvoice(id), messageId);

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code")).hasToString("provider_error");
        assertThat(parked.getProps().getHeaders().get("x-provider-error-code")).hasToString("InvalidParameterValue");
        assertThat(simulator.journal().forDocument(id)).hasSize(1);
        Event event = events.awaitOne("invoice.tax_provider_error", field("/lago_id", id));
        assertThat(event.body().at("/provider_error/provider_code").asText()).isEqualTo("InvalidParameterValue");
    }

    static Stream<Arguments> transientFailures() {
        return Stream.of(
                Arguments.of("provider_unavailable", new Fault(500, null, null, null, null, "%s", null, null)),
                Arguments.of("rate_limited", new Fault(429, 0, null, null, null, "%s", null, null)),
                Arguments.of("timeout", new Fault(null, null, 2500, null, null, "%s", null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFailures")
    void transientFailureIsRetriedUpToMaxAttemptsThenParked(String errorCode, Fault template) {
        String id = uniqueId("inv");
        simulator.faults().add(new Fault(template.status(), template.retryAfterSeconds(), template.delayMillis(), null,
                null, id, null, null));
        String messageId = uniqueId("msg");
        publish("invoice.finalized", sampleInvoice(id), messageId);

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code")).hasToString(errorCode);
        assertThat(parked.getProps().getHeaders().get("x-attempts")).as("tax.retry.max-attempts=3").hasToString("3");
        // A timed-out call is journalled when the simulator finally answers, after the bridge gave up on it.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> simulator.journal().forDocument(id).size() >= 3);
        assertThat(simulator.journal().forDocument(id)).hasSize(3);
        events.awaitOne("invoice.tax_provider_error", field("/lago_id", id));
    }

    @Test
    void transientFailureThatClearsIsCommittedOnceWithoutParking() {
        String id = uniqueId("inv");
        simulator.faults().add(new Fault(503, null, null, 2, null, id, null, null));
        String messageId = uniqueId("msg");
        publish("invoice.finalized", sampleInvoice(id), messageId);

        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        assertThat(simulator.journal().forDocument(id)).extracting(Call::status).containsExactly(503, 503, 200);
        assertThat(simulator.documents().withCode("DEFAULT", id)).hasSize(1);
        assertThat(deadLetters.find("tax.invoices.dlq", messageId)).isNull();
        assertThat(events.named("invoice.tax_provider_error", field("/lago_id", id))).isEmpty();
    }

    @Test
    void retryAfterFromAvataxIsHonoured() {
        String id = uniqueId("inv");
        simulator.faults().add(new Fault(429, 1, null, 1, null, id, null, null));
        publish("invoice.finalized", sampleInvoice(id), uniqueId("msg"));

        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        List<Call> calls = simulator.journal().forDocument(id);
        assertThat(calls).extracting(Call::status).containsExactly(429, 200);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                .as("Retry-After: 1 replaces the 20 ms test backoff").isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void retryAfterLongerThanTheMaxDelayIsCappedByIt() {
        String id = uniqueId("inv");
        simulator.faults().add(new Fault(429, 20, null, 1, null, id, null, null));
        publish("invoice.finalized", sampleInvoice(id), uniqueId("msg"));

        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        List<Call> calls = simulator.journal().forDocument(id);
        assertThat(calls).extracting(Call::status).containsExactly(429, 200);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                .as("Retry-After: 20 capped by tax.retry.max-delay (2s in the tests)")
                .isBetween(Duration.ofMillis(1800), Duration.ofSeconds(5));
    }

    static Stream<Arguments> badInput() {
        String tooBig = "{\"invoice\": {\"lago_id\": \"x\", \"pad\": \"" + "x".repeat(70_000) + "\"}}";
        return Stream.of(
                Arguments.of("not JSON", "invoice.finalized", "{\"invoice\": "),
                Arguments.of("JSON null", "invoice.finalized", "null"),
                Arguments.of("wrong type", "invoice.finalized",
                        "{\"invoice\": {\"lago_id\": \"x\", \"issuing_date\": \"2026-01-01\", \"currency\": \"USD\","
                                + " \"customer\": {\"external_id\": \"c\"}, \"fees\": \"many\"}}"),
                Arguments.of("fractional cents", "invoice.finalized",
                        "{\"invoice\": {\"lago_id\": \"x\", \"issuing_date\": \"2026-01-01\", \"currency\": \"USD\","
                                + " \"customer\": {\"external_id\": \"c\"}, \"fees\": [{\"lago_id\": \"f\","
                                + " \"item\": {\"type\": \"add_on\", \"code\": \"setup\"}, \"amount_cents\": 10.5}]}}"),
                Arguments.of("missing field", "invoice.finalized", "{\"invoice\": {\"lago_id\": \"x\"}}"),
                Arguments.of("unknown currency", "invoice.draft",
                        "{\"invoice\": {\"lago_id\": \"x\", \"issuing_date\": \"2026-01-01\", \"currency\": \"XYZ\","
                                + " \"customer\": {\"external_id\": \"c\"}, \"fees\": []}}"),
                Arguments.of("unknown routing key", "invoice.exploded", "{\"invoice\": {\"lago_id\": \"x\"}}"),
                Arguments.of("over the size limit", "invoice.finalized", tooBig));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsParkedAsInvalidMessageWithoutCallingAvatax(String what, String routingKey, String body) {
        String messageId = uniqueId("bad");
        // The test's own document code, so that a call it caused can be told from every other call.
        String lagoId = uniqueId("x");
        byte[] bytes = body.replace("\"lago_id\": \"x\"", "\"lago_id\": \"" + lagoId + "\"")
                .getBytes(StandardCharsets.UTF_8);
        publish(routingKey, bytes, messageId, Map.of());

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getBody()).isEqualTo(bytes);
        assertThat(parked.getProps().getHeaders().get("x-error-code")).hasToString("invalid_message");
        assertThat(parked.getProps().getHeaders().get("x-original-routing-key")).hasToString(routingKey);
        events.awaitOne("invoice.tax_provider_error", body2 ->
                OutcomeEvent.eventId(messageId, "invoice.tax_provider_error").equals(body2.get("event_id").asText()));
        // No AvaTax call: none for its document code, and none in the audit trail while it was handled
        // (each call's record carries the message id of the command it was made for; "not JSON" and
        // "JSON null" have no document code at all).
        assertThat(simulator.journal().forDocument(lagoId)).as("no AvaTax call for its code").isEmpty();
        assertThat(new AuditProbe(trail).records(record -> messageId.equals(record.path("message_id").asText())))
                .as("no AvaTax call for the command").isEmpty();
    }
}
