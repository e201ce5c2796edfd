package dev.taxbridge.reconciliation;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.audit.AuditTrail;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.AuditProbe;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A connection with {@code commit: false} ({@code nocommit}, company DEVGUIDE): every document the bridge
 * would commit is created uncommitted, the events report {@code Saved}, a void still cancels, and the
 * reconciliation of the day finds nothing amiss. A day of its own, far in the future, as the audit stream
 * outlives the simulator's memory.
 */
class CommitSwitchIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    private AuditTrail trail;

    @Test
    void connectionThatDoesNotCommitRecordsEveryDocumentSavedAndReconcilesClean() throws Exception {
        LocalDate day = LocalDate.of(2100, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(300 * 365));
        String kept = uniqueId("inv");
        String voided = uniqueId("inv");
        for (String id : List.of(kept, voided)) {
            publish("invoice.finalized", invoice(id, day), uniqueId("msg"));
        }
        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", kept));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", voided));

        List<Call> calls = simulator.journal().forDocument(kept);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).body().get("createTransactionModel")).isEqualTo(tree("""
                {"type": "SalesInvoice", "code": "%s", "companyCode": "DEVGUIDE", "date": "%s",
                 "customerCode": "TESTCUSTOMER", "currencyCode": "USD", "commit": false,
                 "addresses": {
                   "shipFrom": {"line1": "255 S King St", "city": "Seattle", "region": "WA", "country": "US",
                                "postalCode": "98104"},
                   "shipTo": {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "region": "WA",
                              "country": "US", "postalCode": "98110"}},
                 "lines": [
                   {"number": "A", "quantity": 10, "amount": 567.89, "taxCode": "SW054000", "itemCode": "premium",
                    "description": "Premium plan"},
                   {"number": "B", "quantity": 2, "amount": 46.80, "taxCode": "P0000000", "itemCode": "setup",
                    "description": "Setup"}]}""".formatted(kept, day)));
        assertThat(committed.body().get("connection").asText()).isEqualTo("nocommit");
        assertThat(committed.body().at("/invoice/avalara/status").asText()).isEqualTo("Saved");
        assertThat(committed.body().at("/invoice/taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(simulator.documents().get("DEVGUIDE", kept, "SalesInvoice").get("status").asText())
                .isEqualTo("Saved");

        String feeId = uniqueId("fee");
        publish("fee.pay_in_advance", fee(feeId, day), uniqueId("msg"));
        Event fee = events.awaitOne("fee.taxes_calculated", field("/fee/lago_id", feeId));
        assertThat(simulator.journal().forDocument("fee_" + feeId).get(0).body()
                .at("/createTransactionModel/commit").asBoolean(true)).isFalse();
        assertThat(fee.body().at("/fee/avalara/status").asText()).isEqualTo("Saved");

        String noteId = uniqueId("cn");
        ObjectNode note = (ObjectNode) tree("""
                {"credit_note": {"lago_id": "%s", "number": "CN-S", "issuing_date": "%s",
                  "items": [{"fee_lago_id": "B", "amount_cents": 4680}]}}""".formatted(noteId, day));
        note.set("invoice", invoice(kept, day).get("invoice"));
        note.put("connection", "nocommit");
        publish("credit_note.created", note, uniqueId("msg"));
        Event credited = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        List<Call> returnCalls = simulator.journal().forDocument("cn_" + noteId);
        assertThat(returnCalls).hasSize(1);
        assertThat(returnCalls.get(0).body().at("/createTransactionModel/commit").asBoolean(true)).isFalse();
        assertThat(credited.body().at("/credit_note/avalara/status").asText()).isEqualTo("Saved");

        publish("invoice.voided", invoice(voided, day), uniqueId("void"));
        Event voidedEvent = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", voided));
        assertThat(voidedEvent.body().at("/invoice/reversal").asText()).isEqualTo("voided");
        assertThat(voidedEvent.body().at("/invoice/avalara/status").asText()).isEqualTo("Cancelled");

        AuditProbe audit = new AuditProbe(trail);
        audit.awaitForDocument(kept, 1);
        audit.awaitForDocument("fee_" + feeId, 1);
        audit.awaitForDocument("cn_" + noteId, 1);
        audit.awaitForDocument(voided, 2);
        HttpResponse<String> response = admin().get("/admin/reconciliation?connection=nocommit&from=" + day
                + "&to=" + day, AdminClient.TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = tree(response.body());
        assertThat(report.path("checked").asInt()).as(response.body()).isEqualTo(4);
        assertThat(report.path("mismatches")).as(response.body()).isEmpty();
    }

    private ObjectNode invoice(String lagoId, LocalDate day) {
        ObjectNode command = sampleInvoice(lagoId);
        ((ObjectNode) command.get("invoice")).put("issuing_date", day.toString());
        command.put("connection", "nocommit");
        return command;
    }

    private ObjectNode fee(String feeId, LocalDate day) {
        return (ObjectNode) tree("""
                {"connection": "nocommit", "billing_entity_code": "acme",
                 "fee": {"lago_id": "%s", "item": {"type": "add_on", "code": "setup", "name": "Setup"},
                         "units": "1.0", "amount_cents": 10000, "amount_currency": "USD", "created_at": "%sT10:15:00Z"},
                 "customer": {"lago_id": "cus-lago-9", "external_id": "ext-9", "name": "Nine",
                   "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                   "zipcode": "98110", "country": "US"}}""".formatted(feeId, day));
    }
}
