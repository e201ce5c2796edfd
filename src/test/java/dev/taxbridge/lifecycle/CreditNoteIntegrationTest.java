package dev.taxbridge.lifecycle;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditNoteIntegrationTest extends BridgeIntegrationTest {

    /** The AvaTax Developer Guide's reconciliation case: a full return of the 2.2.1 invoice. */
    @Test
    void fullCreditNoteRecordsACommittedReturnWithNegativeTotalsAndTheOriginalStaysCommitted() {
        String invoiceId = committedInvoice(sampleInvoice(uniqueId("inv")));
        String noteId = uniqueId("cn");
        ObjectNode command = creditNote(noteId, sampleInvoice(invoiceId), "A", 56789, "B", 4680);
        publish("credit_note.created", command, uniqueId("msg"));

        Event event = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));

        String code = "cn_" + noteId;
        List<Call> calls = simulator.journal().forDocument(code);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).method()).isEqualTo("POST");
        assertThat(calls.get(0).path()).isEqualTo("/api/v2/transactions/createoradjust");
        JsonNode model = calls.get(0).body().get("createTransactionModel");
        String reason = model.at("/taxOverride/reason").asText();
        assertThat(reason).isEqualTo("Credit note CN-1 of invoice DEVGUIDE-2017-0615");
        assertThat(model).isEqualTo(tree("""
                {"type": "ReturnInvoice", "code": "%s", "companyCode": "DEFAULT", "date": "2017-07-01",
                 "customerCode": "TESTCUSTOMER", "currencyCode": "USD", "referenceCode": "%s",
                 "commit": true, "taxOverride": {"type": "TaxDate", "taxDate": "2017-06-15", "reason": "%s"},
                 "addresses": {
                   "shipFrom": {"line1": "255 S King St", "city": "Seattle", "region": "WA", "country": "US",
                                "postalCode": "98104"},
                   "shipTo": {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "region": "WA",
                              "country": "US", "postalCode": "98110"}},
                 "lines": [
                   {"number": "A", "quantity": 10, "amount": -567.89, "taxCode": "SW054000", "itemCode": "SUBSCRIPTION",
                    "description": "Premium plan", "taxOverride": {"type": "TaxAmount", "taxAmount": -51.11, "reason": "%s"}},
                   {"number": "B", "quantity": 2, "amount": -46.80, "taxCode": "SW054000", "itemCode": "setup",
                    "description": "Setup", "taxOverride": {"type": "TaxAmount", "taxAmount": -4.21, "reason": "%s"}}]}
                """.formatted(code, invoiceId, reason, reason, reason)));

        JsonNode returned = simulator.documents().get("DEFAULT", code, "ReturnInvoice");
        assertThat(returned.get("status").asText()).isEqualTo("Committed");
        assertThat(returned.get("totalAmount").decimalValue()).isEqualByComparingTo("-614.69");
        assertThat(returned.get("totalTax").decimalValue()).isEqualByComparingTo("-55.32");
        JsonNode original = simulator.documents().get("DEFAULT", invoiceId, "SalesInvoice");
        assertThat(original.get("status").asText()).isEqualTo("Committed");
        assertThat(original.get("totalTax").decimalValue()).isEqualByComparingTo("55.32");

        JsonNode note = event.body().get("credit_note");
        assertThat(note.get("number").asText()).isEqualTo("CN-1");
        assertThat(note.get("invoice_lago_id").asText()).isEqualTo(invoiceId);
        assertThat(note.get("taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(note.at("/fees/0/lago_id").asText()).isEqualTo("A");
        assertThat(note.at("/fees/0/amount_cents").asLong()).isEqualTo(56789);
        assertThat(note.at("/fees/0/taxes_amount_cents").asLong()).isEqualTo(5111);
        assertThat(note.at("/fees/1/taxes_amount_cents").asLong()).isEqualTo(421);
        assertThat(note.at("/avalara/transaction_code").asText()).isEqualTo(code);
        assertThat(note.at("/avalara/document_type").asText()).isEqualTo("ReturnInvoice");
        assertThat(note.at("/avalara/status").asText()).isEqualTo("Committed");

        publish("credit_note.created", command, uniqueId("replay"));
        List<Event> both = events.await("credit_note.taxes_committed", field("/credit_note/lago_id", noteId), 2);
        assertThat(both.get(1).body().at("/credit_note/taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(simulator.journal().forDocument(code).stream().filter(c -> c.path().endsWith("/createoradjust")))
                .as("one commit per command").hasSize(2);
        JsonNode again = simulator.documents().get("DEFAULT", code, "ReturnInvoice");
        assertThat(again.get("version").asInt()).as("the replay adjusts the same return").isEqualTo(2);
        assertThat(again.get("totalTax").decimalValue()).isEqualByComparingTo("-55.32");
        assertThat(again.get("status").asText()).isEqualTo("Committed");
        assertThat(simulator.documents().get("DEFAULT", invoiceId, "SalesInvoice").get("status").asText())
                .isEqualTo("Committed");
    }

    /**
     * Three fees of 0.50 at 9 % are taxed 4.5 cents each; the invoice total rounds to 14 cents, allocated
     * 5, 5, 4. Crediting the third fee in full returns its 4 cents (AvaTax alone would round its 4.5 to 5);
     * crediting half of the first returns 2 (2.5, rounded towards zero); the second is not credited.
     */
    @Test
    void partialCreditNoteCreditsOnlyItsItemsAndNeverReturnsMoreTaxThanCharged() {
        ObjectNode invoiceCommand = sampleInvoice(uniqueId("inv"));
        ObjectNode invoice = (ObjectNode) invoiceCommand.get("invoice");
        invoice.set("fees", tree("""
                [{"lago_id": "f1", "item": {"type": "add_on", "code": "setup", "name": "Setup"}, "units": "1",
                  "amount_cents": 50},
                 {"lago_id": "f2", "item": {"type": "add_on", "code": "setup", "name": "Setup"}, "units": "1",
                  "amount_cents": 50},
                 {"lago_id": "f3", "item": {"type": "add_on", "code": "setup", "name": "Setup"}, "units": "3",
                  "amount_cents": 50}]"""));
        String invoiceId = invoice.get("lago_id").asText();
        publish("invoice.finalized", invoiceCommand, uniqueId("fin"));
        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        assertThat(committed.body().at("/invoice/fees")).extracting(f -> f.get("taxes_amount_cents").asLong())
                .containsExactly(5L, 5L, 4L);

        String noteId = uniqueId("cn");
        publish("credit_note.created", creditNote(noteId, invoiceCommand, "f3", 50, "f1", 25), uniqueId("msg"));
        Event event = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));

        JsonNode lines = simulator.journal().forDocument("cn_" + noteId).get(0).body()
                .at("/createTransactionModel/lines");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("number").asText()).isEqualTo("f3");
        assertThat(lines.get(0).get("quantity").decimalValue()).as("full credit: the fee's quantity")
                .isEqualByComparingTo("3");
        assertThat(lines.get(0).get("amount").decimalValue()).isEqualByComparingTo("-0.50");
        assertThat(lines.get(0).at("/taxOverride/taxAmount").decimalValue()).isEqualByComparingTo("-0.04");
        assertThat(lines.get(1).get("number").asText()).isEqualTo("f1");
        assertThat(lines.get(1).get("quantity").decimalValue()).as("partial credit").isEqualByComparingTo("1");
        assertThat(lines.get(1).get("amount").decimalValue()).isEqualByComparingTo("-0.25");
        assertThat(lines.get(1).at("/taxOverride/taxAmount").decimalValue()).isEqualByComparingTo("-0.02");

        JsonNode returned = simulator.documents().get("DEFAULT", "cn_" + noteId, "ReturnInvoice");
        assertThat(returned.get("totalTax").decimalValue()).isEqualByComparingTo("-0.06");
        assertThat(returned.get("totalAmount").decimalValue()).isEqualByComparingTo("-0.75");
        JsonNode note = event.body().get("credit_note");
        assertThat(note.get("fees")).extracting(f -> f.get("lago_id").asText()).containsExactly("f3", "f1");
        assertThat(note.get("fees")).extracting(f -> f.get("taxes_amount_cents").asLong()).containsExactly(4L, 2L);
        assertThat(note.get("taxes_amount_cents").asLong()).isEqualTo(6);
    }

    @Test
    void creditingMoreThanAFeeIsRejectedWithoutWritingAReturn() {
        String invoiceId = committedInvoice(sampleInvoice(uniqueId("inv")));
        String noteId = uniqueId("cn");
        String messageId = uniqueId("msg");
        publish("credit_note.created", creditNote(noteId, sampleInvoice(invoiceId), "A", 60000, "B", 10),
                messageId);

        Event failure = events.awaitOne("credit_note.tax_provider_error", field("/lago_id", noteId));
        assertThat(failure.body().get("stage").asText()).isEqualTo("credit_note");
        assertThat(failure.body().get("number").asText()).isEqualTo("CN-1");
        assertThat(failure.body().get("external_customer_id").asText()).isEqualTo("TESTCUSTOMER");
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_message");
        assertThat(failure.body().at("/provider_error/message").asText()).contains("'A'", "60000", "56789");
        deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(simulator.journal().forDocument("cn_" + noteId)).isEmpty();
        assertThat(simulator.documents().withCode("DEFAULT", "cn_" + noteId)).isEmpty();
    }

    @Test
    void creditNoteOnAnInvoiceAvaTaxNeverGetsIsParkedAfterBoundedRetries() {
        String invoiceId = uniqueId("inv");
        String noteId = uniqueId("cn");
        String messageId = uniqueId("msg");
        publish("credit_note.created", creditNote(noteId, sampleInvoice(invoiceId), "A", 100, "B", 100), messageId);

        Event failure = events.awaitOne("credit_note.tax_provider_error", field("/lago_id", noteId));
        assertThat(failure.body().at("/provider_error/provider_code").asText()).isEqualTo("EntityNotFoundError");
        var parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("provider_error");
        assertThat(simulator.journal().forDocument(invoiceId)).as("looked up on each of the 3 attempts").hasSize(3)
                .allSatisfy(call -> assertThat(call.method()).isEqualTo("GET"));
        assertThat(simulator.journal().forDocument("cn_" + noteId)).isEmpty();
    }

    private String committedInvoice(ObjectNode command) {
        String id = command.at("/invoice/lago_id").asText();
        publish("invoice.finalized", command, uniqueId("fin"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        return id;
    }

    private ObjectNode creditNote(String noteId, ObjectNode invoiceCommand, String fee1, long amount1, String fee2,
            long amount2) {
        ObjectNode command = (ObjectNode) tree("""
                {"credit_note": {"lago_id": "%s", "number": "CN-1", "issuing_date": "2017-07-01",
                  "items": [{"fee_lago_id": "%s", "amount_cents": %d}, {"fee_lago_id": "%s", "amount_cents": %d}]}}
                """.formatted(noteId, fee1, amount1, fee2, amount2));
        command.set("invoice", invoiceCommand.get("invoice"));
        return command;
    }
}
