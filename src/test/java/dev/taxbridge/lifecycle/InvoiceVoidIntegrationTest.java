package dev.taxbridge.lifecycle;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.route.CommandEnvelope;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class InvoiceVoidIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    private CamelContext camel;

    @Test
    void voidOfCommittedInvoiceCancelsItWithDocVoidedAndAReplayChangesNothing() {
        String id = committedInvoice();

        publish("invoice.voided", voidCommand(id), uniqueId("void"));
        Event event = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", id));

        List<Call> calls = simulator.journal().forDocument(id);
        Call voidCall = calls.get(calls.size() - 1);
        assertThat(voidCall.method()).isEqualTo("POST");
        assertThat(voidCall.path()).isEqualTo("/api/v2/companies/DEFAULT/transactions/" + id + "/void");
        assertThat(voidCall.body()).isEqualTo(tree("{\"code\": \"DocVoided\"}"));
        assertThat(voidCall.status()).isEqualTo(200);
        assertThat(document(id).get("status").asText()).isEqualTo("Cancelled");

        JsonNode invoice = event.body().get("invoice");
        assertThat(event.body().get("connection").asText()).isEqualTo("default");
        assertThat(invoice.get("reversal").asText()).isEqualTo("voided");
        assertThat(invoice.get("number").asText()).isEqualTo("DEVGUIDE-2017-0615");
        assertThat(invoice.get("taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(invoice.at("/fees/0/taxes_amount_cents").asLong()).isEqualTo(5111);
        assertThat(invoice.at("/fees/1/taxes_amount_cents").asLong()).isEqualTo(421);
        assertThat(invoice.at("/avalara/document_type").asText()).isEqualTo("SalesInvoice");
        assertThat(invoice.at("/avalara/status").asText()).isEqualTo("Cancelled");

        publish("invoice.voided", voidCommand(id), uniqueId("replay"));
        List<Event> both = events.await("invoice.taxes_voided", field("/invoice/lago_id", id), 2);

        assertThat(both.get(1).body().get("invoice")).as("the replay reports the same reversal").isEqualTo(invoice);
        List<Call> replay = simulator.journal().forDocument(id).subList(calls.size(), calls.size() + 2);
        assertThat(replay.get(0).path()).endsWith("/void");
        assertThat(replay.get(0).status()).as("AvaTax: TransactionAlreadyCancelled").isEqualTo(400);
        assertThat(replay.get(1).method()).isEqualTo("GET");
        assertThat(simulator.journal().forDocument(id)).as("nothing but those two calls").hasSize(calls.size() + 2)
                .filteredOn(c -> c.path().endsWith("/createoradjust")).as("committed once, before the void").hasSize(1);
        assertThat(document(id).get("version").asInt()).isEqualTo(1);
        assertThat(document(id).get("status").asText()).isEqualTo("Cancelled");
    }

    @Test
    void lockedInvoiceIsReversedByACommittedReturnInvoiceThatNegatesIt() {
        String id = committedInvoice();
        simulator.documents().lock("DEFAULT", id, "SalesInvoice");

        publish("invoice.voided", sampleInvoice(id), uniqueId("void"));
        Event event = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", id));

        String returnCode = "void_" + id;
        List<Call> calls = simulator.journal().forDocument(returnCode);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).path()).isEqualTo("/api/v2/transactions/createoradjust");
        JsonNode model = calls.get(0).body().get("createTransactionModel");
        assertThat(model.get("type").asText()).isEqualTo("ReturnInvoice");
        assertThat(model.get("code").asText()).isEqualTo(returnCode);
        assertThat(model.get("commit").asBoolean()).isTrue();
        assertThat(model.get("date").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(model.get("referenceCode").asText()).as("the code of the SalesInvoice it returns").isEqualTo(id);
        assertThat(model.get("customerCode").asText()).isEqualTo("TESTCUSTOMER");
        assertThat(model.at("/taxOverride/type").asText()).isEqualTo("TaxDate");
        assertThat(model.at("/taxOverride/taxDate").asText()).isEqualTo("2017-06-15");
        String reason = "Reversal of locked invoice DEVGUIDE-2017-0615 (voided)";
        assertThat(model.at("/taxOverride/reason").asText()).isEqualTo(reason);
        assertThat(model.get("lines")).hasSize(2);
        assertThat(model.at("/lines/0")).isEqualTo(tree("""
                {"number": "A", "quantity": 10, "amount": -567.89, "taxCode": "SW054000", "itemCode": "SUBSCRIPTION",
                 "taxOverride": {"type": "TaxAmount", "taxAmount": -51.11,
                                 "reason": "%s"}}""".formatted(reason)));
        assertThat(model.at("/lines/1/amount").decimalValue()).isEqualByComparingTo("-46.80");
        assertThat(model.at("/lines/1/quantity").decimalValue()).isEqualByComparingTo("2");

        assertThat(document(id).get("status").asText()).as("the locked original stays").isEqualTo("Committed");
        JsonNode returned = simulator.documents().get("DEFAULT", returnCode, "ReturnInvoice");
        assertThat(returned.get("status").asText()).isEqualTo("Committed");
        assertThat(returned.get("totalAmount").decimalValue()).isEqualByComparingTo("-614.69");
        assertThat(returned.get("totalTax").decimalValue()).isEqualByComparingTo("-55.32");

        JsonNode invoice = event.body().get("invoice");
        assertThat(invoice.get("reversal").asText()).isEqualTo("returned");
        assertThat(invoice.get("taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(invoice.at("/avalara/transaction_code").asText()).isEqualTo(returnCode);
        assertThat(invoice.at("/avalara/document_type").asText()).isEqualTo("ReturnInvoice");

        publish("invoice.voided", sampleInvoice(id), uniqueId("replay"));
        List<Event> both = events.await("invoice.taxes_voided", field("/invoice/lago_id", id), 2);
        assertThat(both.get(1).body().at("/invoice/taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(simulator.journal().forDocument(returnCode)).as("one commit of the return per command").hasSize(2)
                .allSatisfy(c -> assertThat(c.path()).isEqualTo("/api/v2/transactions/createoradjust"));
        JsonNode again = simulator.documents().get("DEFAULT", returnCode, "ReturnInvoice");
        assertThat(again.get("version").asInt()).as("the replay adjusted the same return").isEqualTo(2);
        assertThat(again.get("totalTax").decimalValue()).isEqualByComparingTo("-55.32");
        assertThat(again.get("status").asText()).isEqualTo("Committed");
        assertThat(document(id).get("status").asText()).isEqualTo("Committed");
    }

    @Test
    void voidThatArrivesBeforeTheInvoiceIsCommittedIsRetriedUntilItIs() {
        String id = uniqueId("inv");
        publish("invoice.voided", voidCommand(id), uniqueId("void"));
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.journal().forDocument(id).stream()
                .anyMatch(call -> call.path().endsWith("/void") && call.status() == 404));

        publish("invoice.finalized", sampleInvoice(id), uniqueId("fin"));

        Event event = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", id));
        assertThat(event.body().at("/invoice/reversal").asText()).isEqualTo("voided");
        assertThat(document(id).get("status").asText()).isEqualTo("Cancelled");
        assertThat(events.named("invoice.tax_provider_error", field("/lago_id", id))).isEmpty();
    }

    @Test
    void voidOfAnInvoiceAvaTaxNeverGetsIsParkedAfterBoundedRetries() {
        String id = uniqueId("inv");
        String messageId = uniqueId("void");
        publish("invoice.voided", voidCommand(id), messageId);

        Event failure = events.awaitOne("invoice.tax_provider_error", field("/lago_id", id));
        assertThat(failure.body().get("stage").asText()).isEqualTo("void");
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("provider_error");
        assertThat(failure.body().at("/provider_error/provider_code").asText()).isEqualTo("EntityNotFoundError");
        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        Map<String, Object> headers = parked.getProps().getHeaders();
        assertThat(headers.get("x-error-code").toString()).isEqualTo("provider_error");
        assertThat(headers.get("x-provider-error-code").toString()).isEqualTo("EntityNotFoundError");
        assertThat(headers.get("x-original-routing-key").toString()).isEqualTo("invoice.voided");
        assertThat(headers.get("x-attempts").toString()).as("tax.retry.max-attempts in the tests").isEqualTo("3");
        assertThat(simulator.journal().forDocument(id)).as("one void per attempt").hasSize(3)
                .allSatisfy(call -> assertThat(call.status()).isEqualTo(404));
    }

    @Test
    void lostDisputeReversesTheTaxAndOtherStatusesMakeNoCall() {
        String won = committedInvoice();
        String lost = committedInvoice();
        int before = simulator.journal().forDocument(won).size();
        String wonMessage = uniqueId("dispute");
        NotifyBuilder wonDone = new NotifyBuilder(camel).fromRoute("invoice-consume")
                .filter(exchange -> exchange.getProperty(dev.taxbridge.messaging.CommandContext.PROPERTY) != null
                        && wonMessage.equals(dev.taxbridge.route.CommandEnvelope.context(exchange).messageId()))
                .whenCompleted(1).create();

        publish("invoice.disputed", dispute(won, "won"), wonMessage);
        publish("invoice.disputed", dispute(lost, "lost"), uniqueId("dispute"));

        Event event = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", lost));
        assertThat(event.body().at("/invoice/reversal").asText()).isEqualTo("voided");
        assertThat(document(lost).get("status").asText()).isEqualTo("Cancelled");
        List<Call> lostCalls = simulator.journal().forDocument(lost);
        assertThat(lostCalls.get(lostCalls.size() - 1).path()).endsWith("/void");

        assertThat(wonDone.matches(10, TimeUnit.SECONDS)).as("the won dispute was consumed and acknowledged").isTrue();
        assertThat(simulator.journal().forDocument(won)).hasSize(before);
        assertThat(document(won).get("status").asText()).isEqualTo("Committed");
        assertThat(events.named("invoice.taxes_voided", field("/invoice/lago_id", won))).isEmpty();
        assertThat(events.named("invoice.tax_provider_error", field("/lago_id", won))).isEmpty();
    }

    @Test
    void voidOfAnInvoiceWithOnlyCreditsMakesNoCall() {
        String id = uniqueId("inv");
        ObjectNode command = voidCommand(id);
        ((ObjectNode) command.get("invoice")).set("fees", tree("""
                [{"lago_id": "c1", "item": {"type": "credit", "code": "credit", "name": "Prepaid"},
                  "amount_cents": 500}]"""));
        publish("invoice.voided", command, uniqueId("void"));

        Event event = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", id));
        assertThat(event.body().at("/invoice/reversal").asText()).isEqualTo("nothing_recorded");
        assertThat(event.body().at("/invoice/taxes_amount_cents").asLong()).isZero();
        assertThat(event.body().at("/invoice/avalara").isMissingNode()).isTrue();
        assertThat(simulator.journal().forDocument(id)).isEmpty();
    }

    private String committedInvoice() {
        String id = uniqueId("inv");
        publish("invoice.finalized", sampleInvoice(id), uniqueId("fin"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        return id;
    }

    private ObjectNode voidCommand(String id) {
        return (ObjectNode) tree("""
                {"invoice": {"lago_id": "%s", "number": "DEVGUIDE-2017-0615", "issuing_date": "2017-06-15"}}"""
                .formatted(id));
    }

    private ObjectNode dispute(String id, String status) {
        ObjectNode command = sampleInvoice(id);
        command.set("dispute", tree("{\"lago_id\": \"dsp-1\", \"status\": \"%s\"}".formatted(status)));
        return command;
    }

    private JsonNode document(String id) {
        return simulator.documents().get("DEFAULT", id, "SalesInvoice");
    }

}
