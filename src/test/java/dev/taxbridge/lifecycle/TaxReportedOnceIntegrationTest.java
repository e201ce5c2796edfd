package dev.taxbridge.lifecycle;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nothing is reported twice: over the broker, counting what the simulator holds as committed. A fee Lago
 * invoices is committed once, with its invoice; a fee Lago records on its own is committed once, and its
 * advance_charges invoice records nothing again; voids, lost disputes and credit notes net an invoice's tax
 * to exactly 0 in any order; credit notes together never return more than a fee was invoiced for.
 */
class TaxReportedOnceIntegrationTest extends BridgeIntegrationTest {

    private static final String COMPANY = "DEFAULT";

    // --- pay-in-advance fees ---------------------------------------------------------------------

    @Test
    void anInvoiceableFeeIsOnlyEstimatedAndItsInvoiceCommitsIt() {
        String feeId = uniqueId("fee");
        String invoiceId = uniqueId("inv");
        publish("fee.pay_in_advance", feeCommand(feeId, true, invoiceId), uniqueId("fee-created"));

        Event estimated = events.awaitOne("fee.taxes_calculated", field("/fee/lago_id", feeId));
        assertThat(estimated.body().at("/fee/avalara/document_type").asText()).isEqualTo("SalesOrder");
        assertThat(estimated.body().at("/fee/taxes_amount_cents").asLong()).isEqualTo(900);
        List<Call> feeCalls = simulator.journal().forDocument("fee_" + feeId);
        assertThat(feeCalls).hasSize(1);
        assertThat(feeCalls.get(0).path()).isEqualTo("/api/v2/transactions/create");
        assertThat(feeCalls.get(0).body().get("type").asText()).isEqualTo("SalesOrder");
        assertThat(feeCalls.get(0).body().get("commit").asBoolean()).isFalse();

        publish("invoice.finalized", invoiceWithFee(invoiceId, feeId, "subscription", "finalized"),
                uniqueId("invoice-created"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));

        assertThat(committedDocumentsHolding(feeId)).as("one committed document holds the fee")
                .containsExactly(invoiceId);
    }

    @Test
    void aNonInvoiceableFeeIsRecordedOnceItsAdvanceChargesInvoiceRecordsNothingAndACreditNoteReturnsAgainstIt() {
        String feeId = uniqueId("fee");
        String invoiceId = uniqueId("inv");
        publish("fee.pay_in_advance", feeCommand(feeId, false, null), uniqueId("fee-created"));
        events.awaitOne("fee.taxes_calculated", field("/fee/lago_id", feeId));

        publish("invoice.finalized", invoiceWithFee(invoiceId, feeId, "advance_charges", "finalized"),
                uniqueId("advance-charges"));

        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        JsonNode invoice = committed.body().get("invoice");
        assertThat(invoice.get("taxes_amount_cents").asLong()).as("the fee's own document's tax").isEqualTo(900);
        assertThat(invoice.at("/fees/0/lago_id").asText()).isEqualTo(feeId);
        assertThat(invoice.at("/fees/0/tax_breakdown")).hasSize(2);
        assertThat(invoice.has("avalara")).as("no document of its own").isFalse();
        assertThat(invoice.at("/documents/0/transaction_code").asText()).isEqualTo("fee_" + feeId);
        assertThat(invoice.at("/documents/0/status").asText()).isEqualTo("Committed");
        assertThat(simulator.journal().forDocument(invoiceId)).as("no call for the invoice itself").isEmpty();
        assertThat(simulator.journal().forDocument("fee_" + feeId)).extracting(Call::method)
                .as("the fee committed once, then read").containsExactly("POST", "GET");
        assertThat(committedDocumentsHolding(feeId)).containsExactly("fee_" + feeId);

        String noteId = uniqueId("cn");
        publish("credit_note.created", creditNote(noteId, invoiceId, feeId, 5000, true), uniqueId("cn-created"));

        Event credited = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        JsonNode model = simulator.journal().forDocument("cn_" + noteId).get(0).body().get("createTransactionModel");
        assertThat(model.get("referenceCode").asText()).isEqualTo(invoiceId);
        assertThat(model.at("/taxOverride/taxDate").asText()).as("the fee document's date").isEqualTo("2026-11-03");
        assertThat(model.at("/lines/0/number").asText()).isEqualTo(feeId);
        assertThat(model.at("/lines/0/amount").decimalValue()).isEqualByComparingTo("-50.00");
        assertThat(model.at("/lines/0/taxOverride/taxAmount").decimalValue()).as("half of the 9.00 charged")
                .isEqualByComparingTo("-4.50");
        assertThat(credited.body().at("/credit_note/taxes_amount_cents").asLong()).isEqualTo(450);
        assertThat(netCommittedTax(invoiceId, "fee_" + feeId)).isEqualByComparingTo("4.50");
    }

    @Test
    void voidingAnAdvanceChargesInvoiceReturnsWhatItsFeesDocumentsHaveLeft() {
        String feeId = uniqueId("fee");
        String invoiceId = uniqueId("inv");
        publish("fee.pay_in_advance", feeCommand(feeId, false, null), uniqueId("fee-created"));
        events.awaitOne("fee.taxes_calculated", field("/fee/lago_id", feeId));
        ObjectNode invoice = invoiceWithFee(invoiceId, feeId, "advance_charges", "finalized");
        publish("invoice.finalized", invoice, uniqueId("advance-charges"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        String noteId = uniqueId("cn");
        publish("credit_note.created", creditNote(noteId, invoiceId, feeId, 2500, true), uniqueId("cn-created"));
        events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        ((ObjectNode) invoice.get("invoice")).put("status", "voided");

        publish("invoice.voided", invoice, uniqueId("void"));

        Event voided = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", invoiceId));
        assertThat(voided.body().at("/invoice/reversal").asText()).isEqualTo("returned");
        assertThat(voided.body().at("/invoice/taxes_amount_cents").asLong()).as("9.00 less the 2.25 credited")
                .isEqualTo(675);
        JsonNode model = simulator.journal().forDocument("void_" + invoiceId).get(0).body()
                .get("createTransactionModel");
        assertThat(model.get("referenceCode").asText()).isEqualTo(invoiceId);
        assertThat(model.at("/taxOverride/taxDate").asText()).as("the fee document's date").isEqualTo("2026-11-03");
        assertThat(netCommittedTax(invoiceId, "fee_" + feeId)).isEqualByComparingTo("0");
    }

    // --- voids, lost disputes and credit notes in any order ---------------------------------------

    @Test
    void aCreditNoteThenTheVoidNetToZero() {
        String invoiceId = committedInvoice();
        String noteId = uniqueId("cn");
        publish("credit_note.created", creditNote(noteId, invoiceId, "A", 20000, false), uniqueId("cn"));
        events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        String voidMessage = uniqueId("void");

        publish("invoice.voided", sampleInvoice(invoiceId), voidMessage);

        Event voided = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", invoiceId));
        assertThat(voided.body().at("/invoice/reversal").asText()).isEqualTo("returned");
        assertThat(netCommittedTax(invoiceId)).isEqualByComparingTo("0");
        assertThat(document(invoiceId, "SalesInvoice").get("status").asText())
                .as("the return negates what the credit note left").isEqualTo("Committed");
        assertNothingParked(voidMessage, invoiceId);
    }

    @Test
    void theVoidThenACreditNoteNetToZeroAndTheNoteIsAcknowledgedWithNothingReported() {
        String invoiceId = committedInvoice();
        publish("invoice.voided", sampleInvoice(invoiceId), uniqueId("void"));
        events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", invoiceId));
        String noteId = uniqueId("cn");
        String noteMessage = uniqueId("cn");

        publish("credit_note.created", creditNote(noteId, invoiceId, "A", 56789, false), noteMessage);

        Event note = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        assertThat(note.body().at("/credit_note/not_reported").asText()).isEqualTo("invoice_voided");
        assertThat(note.body().at("/credit_note/taxes_amount_cents").asLong()).isZero();
        assertThat(note.body().at("/credit_note/avalara").isMissingNode()).isTrue();
        assertThat(simulator.documents().withCode(COMPANY, "cn_" + noteId)).as("nothing returned").isEmpty();
        assertThat(netCommittedTax(invoiceId)).isEqualByComparingTo("0");
        assertNothingParked(noteMessage, noteId);
        assertThat(events.named("credit_note.tax_provider_error", field("/lago_id", noteId))).isEmpty();
    }

    @Test
    void aPartialCreditNoteThenALostDisputeNetToZero() {
        String invoiceId = committedInvoice();
        String noteId = uniqueId("cn");
        publish("credit_note.created", creditNote(noteId, invoiceId, "A", 28000, false), uniqueId("cn"));
        events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        assertThat(netCommittedTax(invoiceId)).as("55.32 less the 25.19 returned (5111 x 28000 / 56789, rounded down)")
                .isEqualByComparingTo("30.13");
        ObjectNode dispute = sampleInvoice(invoiceId);
        dispute.set("dispute", tree("{\"lago_id\": \"dsp-1\", \"status\": \"lost\"}"));
        String disputeMessage = uniqueId("dispute");

        publish("invoice.disputed", dispute, disputeMessage);

        Event voided = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", invoiceId));
        assertThat(voided.body().at("/invoice/reversal").asText()).isEqualTo("returned");
        assertThat(voided.body().at("/invoice/taxes_amount_cents").asLong()).as("what the credit note left")
                .isEqualTo(3013);
        assertThat(netCommittedTax(invoiceId)).isEqualByComparingTo("0");
        assertNothingParked(disputeMessage, invoiceId);

        publish("invoice.voided", sampleInvoice(invoiceId), uniqueId("void-after-dispute"));
        events.await("invoice.taxes_voided", field("/invoice/lago_id", invoiceId), 2);
        assertThat(netCommittedTax(invoiceId)).as("a void after the lost dispute returns nothing more")
                .isEqualByComparingTo("0");
    }

    @Test
    void twoCreditNotesBeyondTheFeeTheSecondIsRefusedAndTheNetNeverGoesBelowZero() {
        String invoiceId = committedInvoice();
        String first = uniqueId("cn");
        publish("credit_note.created", creditNote(first, invoiceId, "A", 40000, false), uniqueId("cn"));
        events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", first));
        String second = uniqueId("cn");
        String secondMessage = uniqueId("cn");

        publish("credit_note.created", creditNote(second, invoiceId, "A", 40000, false), secondMessage);

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", secondMessage);
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("invalid_message");
        assertThat(parked.getProps().getHeaders().get("x-error-message").toString())
                .contains("(40000) is more than the 16789 left of the 56789", "40000 credited by earlier");
        assertThat(simulator.documents().withCode(COMPANY, "cn_" + second)).isEmpty();
        BigDecimal net = netCommittedTax(invoiceId);
        assertThat(net).as("55.32 less the 35.99 of the first").isEqualByComparingTo("19.33");
        assertThat(net.signum()).isPositive();
    }

    @Test
    void aVoidAndItsCreditNotesPublishedTogetherNetToZeroForEveryInvoice() {
        // Lago voids with generate_credit_note: the void and two credit notes arrive together, in any order.
        List<String> invoices = java.util.stream.IntStream.range(0, 8).mapToObj(i -> committedInvoice()).toList();
        List<String> messages = new java.util.ArrayList<>();
        for (String invoiceId : invoices) {
            String first = uniqueId("cn");
            String second = uniqueId("cn");
            messages.addAll(List.of(uniqueId("cn"), uniqueId("void"), uniqueId("cn")));
            int at = messages.size() - 3;
            publish("credit_note.created", creditNote(first, invoiceId, "A", 30000, false), messages.get(at));
            publish("invoice.voided", sampleInvoice(invoiceId), messages.get(at + 1));
            publish("credit_note.created", creditNote(second, invoiceId, "B", 4680, false), messages.get(at + 2));
        }

        for (String invoiceId : invoices) {
            events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", invoiceId));
            events.await("credit_note.taxes_committed", field("/credit_note/invoice_lago_id", invoiceId), 2);
            assertThat(netCommittedTax(invoiceId)).as("net tax of " + invoiceId).isEqualByComparingTo("0");
        }
        messages.forEach(id -> assertThat(deadLetters.count("tax.invoices.dlq", id)).as(id).isZero());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private String committedInvoice() {
        String id = uniqueId("inv");
        publish("invoice.finalized", sampleInvoice(id), uniqueId("fin"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        return id;
    }

    /**
     * The tax an invoice's documents hold as reported, positive for the tax charged: its SalesInvoice (or
     * the named fee documents) and every ReturnInvoice answering it, less what AvaTax holds as cancelled.
     */
    private BigDecimal netCommittedTax(String invoiceId, String... originals) {
        BigDecimal net = BigDecimal.ZERO;
        for (JsonNode document : simulator.documents().inCompany(COMPANY)) {
            String code = document.path("code").asText();
            String type = document.path("type").asText();
            boolean original = "SalesInvoice".equals(type) && (originals.length == 0 ? code.equals(invoiceId)
                    : List.of(originals).contains(code));
            boolean answer = "ReturnInvoice".equals(type) && invoiceId.equals(document.path("referenceCode").asText());
            if ((original || answer) && "Committed".equals(document.path("status").asText())) {
                net = net.add(document.path("totalTax").decimalValue());
            }
        }
        return net;
    }

    private List<String> committedDocumentsHolding(String feeId) {
        return simulator.documents().inCompany(COMPANY).stream()
                .filter(d -> "Committed".equals(d.path("status").asText()))
                .filter(d -> !d.path("type").asText().equals("ReturnInvoice"))
                .filter(d -> d.path("lines").findValuesAsText("lineNumber").contains(feeId))
                .map(d -> d.path("code").asText())
                .toList();
    }

    private JsonNode document(String code, String type) {
        return simulator.documents().get(COMPANY, code, type);
    }

    private void assertNothingParked(String messageId, String lagoId) {
        assertThat(deadLetters.count("tax.invoices.dlq", messageId)).isZero();
        assertThat(events.named("invoice.tax_provider_error", field("/lago_id", lagoId))).isEmpty();
        assertThat(events.named("credit_note.tax_provider_error", field("/lago_id", lagoId))).isEmpty();
    }

    /** Lago's fee.created body (FeeSerializer) with the customer beside it. */
    private ObjectNode feeCommand(String feeId, boolean invoiceable, String invoiceId) {
        return (ObjectNode) tree("""
                {"billing_entity_code": "acme",
                 "fee": {"lago_id": "%s", "lago_invoice_id": %s,
                         "item": {"type": "charge", "code": "api_calls", "name": "API calls"},
                         "units": "1500.0", "amount_cents": 10000, "sub_total_excluding_taxes_amount_cents": 10000,
                         "precise_coupons_amount_cents": "0.0", "amount_currency": "USD",
                         "created_at": "2026-11-03T10:15:00Z", "pay_in_advance": true, "invoiceable": %s},
                 "customer": {"lago_id": "cus-lago-7", "external_id": "ext-7", "name": "Seven",
                   "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                   "zipcode": "98110", "country": "US"}}
                """.formatted(feeId, invoiceId == null ? "null" : "\"" + invoiceId + "\"", invoiceable));
    }

    /** Lago's invoice holding the pay-in-advance fee. */
    private ObjectNode invoiceWithFee(String invoiceId, String feeId, String invoiceType, String status) {
        return (ObjectNode) tree("""
                {"invoice": {"lago_id": "%s", "number": "ACM-PIA-%s", "issuing_date": "2026-11-30",
                  "invoice_type": "%s", "status": "%s", "currency": "USD", "billing_entity_code": "acme",
                  "customer": {"lago_id": "cus-lago-7", "external_id": "ext-7", "name": "Seven",
                    "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                    "zipcode": "98110", "country": "US"},
                  "fees": [{"lago_id": "%s", "lago_invoice_id": "%s",
                            "item": {"type": "charge", "code": "api_calls", "name": "API calls"},
                            "units": "1500.0", "amount_cents": 10000, "sub_total_excluding_taxes_amount_cents": 10000,
                            "precise_coupons_amount_cents": "0.0", "pay_in_advance": true,
                            "invoiceable": %s}]}}
                """.formatted(invoiceId, invoiceId, invoiceType, status, feeId, invoiceId,
                !"advance_charges".equals(invoiceType)));
    }

    /** Lago's credit note (CreditNoteSerializer, items with their fee) crediting one fee. */
    private ObjectNode creditNote(String noteId, String invoiceId, String feeId, long amountCents,
            boolean payInAdvanceFee) {
        ObjectNode command = (ObjectNode) tree("""
                {"credit_note": {"lago_id": "%s", "number": "CN-%s", "lago_invoice_id": "%s",
                  "invoice_number": "INV-%s", "issuing_date": "2026-12-01", "status": "finalized",
                  "credit_status": "available", "currency": "USD", "billing_entity_code": "acme",
                  "customer": {"lago_id": "cus-lago-7", "external_id": "TESTCUSTOMER", "name": "Test Customer",
                    "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                    "zipcode": "98110", "country": "US"},
                  "items": [{"lago_id": "%s-item", "amount_cents": %d,
                             "fee": {"lago_id": "%s", "item": {"type": "subscription", "code": "premium",
                                     "name": "Premium plan"}, "amount_cents": %d,
                                     "precise_coupons_amount_cents": "0.0",
                                     "pay_in_advance": %s, "invoiceable": %s}}]}}
                """.formatted(noteId, noteId, invoiceId, invoiceId, noteId, amountCents, feeId,
                payInAdvanceFee ? 10000 : "A".equals(feeId) ? 56789 : 4680, payInAdvanceFee, !payInAdvanceFee));
        return command;
    }
}
