package dev.taxbridge.invoice;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import dev.taxbridge.support.LagoFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Lago's invoice statuses and webhooks on the bridge's routing keys, as docs/lago-bodies.md's routing
 * table says: what is committed, estimated or refused, over the broker, from Lago's own bodies.
 */
class LagoInvoiceStatusesIntegrationTest extends BridgeIntegrationTest {

    @ParameterizedTest(name = "invoice.finalized of a {0} invoice is committed")
    @ValueSource(strings = {"finalized", "absent"})
    void finalizedIsCommitted(String status) {
        ObjectNode body = invoice("invoice.created", status);
        String id = body.at("/invoice/lago_id").asText();

        publish("invoice.finalized", body, uniqueId("fin"));

        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        assertThat(simulator.documents().get("DEFAULT", id, "SalesInvoice").get("status").asText())
                .isEqualTo("Committed");
    }

    @ParameterizedTest(name = "invoice.finalized of a {0} invoice is refused, naming {1}")
    @CsvSource({"draft, invoice.draft", "voided, invoice.voided", "failed, when Lago finalizes it",
            "pending, when Lago finalizes it", "deleted, never reported", "Closed, when Lago finalizes it",
            "overdue, none of Lago's invoice statuses"})
    void anyOtherStatusIsRefusedOnTheFinalizedKey(String status, String advice) {
        ObjectNode body = invoice("invoice.created", status);
        String id = body.at("/invoice/lago_id").asText();
        String messageId = uniqueId("fin");

        publish("invoice.finalized", body, messageId);

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        Map<String, Object> headers = parked.getProps().getHeaders();
        assertThat(headers.get("x-error-code").toString()).isEqualTo("invalid_message");
        assertThat(headers.get("x-error-message").toString())
                .contains("invoice.status is '" + status + "', not finalized", advice);
        Event failure = events.awaitOne("invoice.tax_provider_error", field("/lago_id", id));
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_message");
        assertThat(simulator.journal().forDocument(id)).as("no AvaTax call").isEmpty();
    }

    @ParameterizedTest(name = "invoice.draft of a {0} invoice is estimated")
    @ValueSource(strings = {"draft", "finalized", "pending", "failed"})
    void theDraftKeyEstimatesWhateverTheStatus(String status) {
        ObjectNode body = invoice("invoice.drafted", status);
        String id = body.at("/invoice/lago_id").asText();

        publish("invoice.draft", body, uniqueId("draft"));

        events.awaitOne("invoice.taxes_estimated", field("/invoice/lago_id", id));
        List<Call> calls = simulator.journal().forDocument(id);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/api/v2/transactions/create");
            assertThat(call.body().get("type").asText()).isEqualTo("SalesOrder");
        });
        assertThat(simulator.documents().withCode("DEFAULT", id)).as("nothing recorded").isEmpty();
    }

    @Test
    void aDraftCreditNoteIsRefused() {
        String ids = LagoFixtures.freshIds();
        ObjectNode webhook = LagoFixtures.lago(mapper, "credit_note.created.json", ids);
        ((ObjectNode) webhook.get("credit_note")).put("status", "draft");
        String messageId = uniqueId("cn");

        publish("credit_note.created", webhook, messageId);

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("invalid_message");
        assertThat(parked.getProps().getHeaders().get("x-error-message").toString())
                .contains("credit_note.status is 'draft', not finalized");
        assertThat(simulator.journal().calls(call -> call.path().contains(ids))).isEmpty();
    }

    // --- the routing table: each Lago webhook carrying a taxable object, on its routing key ---------

    @Test
    void aOneOffInvoiceIsCommittedOnTheFinalizedKey() {
        ObjectNode body = invoice("invoice.one_off_created", "finalized");
        ObjectNode invoice = (ObjectNode) body.get("invoice");
        invoice.put("invoice_type", "one_off");
        ((ObjectNode) invoice.get("fees").get(0)).set("item", tree(
                "{\"type\": \"add_on\", \"code\": \"setup\", \"name\": \"Setup\"}"));
        String id = invoice.get("lago_id").asText();

        publish("invoice.finalized", body, uniqueId("one-off"));

        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        assertThat(committed.body().at("/invoice/avalara/status").asText()).isEqualTo("Committed");
        assertThat(committed.body().at("/invoice/taxes_amount_cents").asLong()).isPositive();
    }

    @Test
    void aWalletTopUpHasOnlyCreditFeesAndIsAcknowledgedWithNoCall() {
        ObjectNode body = invoice("invoice.paid_credit_added", "finalized");
        ObjectNode invoice = (ObjectNode) body.get("invoice");
        invoice.put("invoice_type", "credit");
        ArrayNode fees = (ArrayNode) invoice.get("fees");
        fees.remove(1);
        ((ObjectNode) fees.get(0)).set("item", tree("{\"type\": \"credit\", \"code\": \"credit\", \"name\": \"Credit\"}"));
        String id = invoice.get("lago_id").asText();

        publish("invoice.finalized", body, uniqueId("top-up"));

        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        assertThat(committed.body().at("/invoice/taxes_amount_cents").asLong()).isZero();
        assertThat(simulator.journal().forDocument(id)).isEmpty();
    }

    @Test
    void readyToFinalizeIsADraftEstimatedOnTheDraftKey() {
        ObjectNode body = invoice("invoice.ready_to_finalize", "draft");
        String id = body.at("/invoice/lago_id").asText();

        publish("invoice.draft", body, uniqueId("ready"));

        events.awaitOne("invoice.taxes_estimated", field("/invoice/lago_id", id));
        assertThat(simulator.documents().withCode("DEFAULT", id)).isEmpty();
    }

    @Test
    void aDeletedDraftOnTheVoidedKeyHadNothingRecorded() {
        ObjectNode body = invoice("invoice.deleted", "deleted");
        String id = body.at("/invoice/lago_id").asText();

        publish("invoice.voided", body, uniqueId("deleted"));

        Event event = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", id));
        assertThat(event.body().at("/invoice/reversal").asText()).isEqualTo("nothing_recorded");
        assertThat(simulator.journal().forDocument(id)).as("no AvaTax call").isEmpty();
    }

    @Test
    void aRestInvoiceWhoseAvalaraLinkHasTypeNullTakesTheCustomerCodeFromTheLink() {
        ObjectNode command = LagoFixtures.lago(mapper, "invoice.rest.json", LagoFixtures.freshIds());
        for (JsonNode entry : command.at("/invoice/customer/integration_customers")) {
            if ("avalara".equals(entry.path("type").asText())) {
                ((ObjectNode) entry).putNull("type");
            }
        }
        String id = command.at("/invoice/lago_id").asText();

        publish("invoice.finalized", command, uniqueId("rest"));

        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        assertThat(committed.body().get("connection").asText()).as("the link's integration_code").isEqualTo("lago_us");
        JsonNode model = simulator.journal().forDocument(id).get(0).body().get("createTransactionModel");
        assertThat(model.get("customerCode").asText()).isEqualTo("AVA-RLB-0077");
    }

    /** Lago's invoice webhook body (invoice.created.json) as another webhook, with the given status. */
    private ObjectNode invoice(String webhookType, String status) {
        ObjectNode body = LagoFixtures.lago(mapper, "invoice.created.json", LagoFixtures.freshIds());
        body.put("webhook_type", webhookType);
        ObjectNode invoice = (ObjectNode) body.get("invoice");
        if ("absent".equals(status)) {
            invoice.remove("status");
        } else {
            invoice.put("status", status);
        }
        return body;
    }
}
