package dev.taxbridge.invoice;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceFlowIntegrationTest extends BridgeIntegrationTest {

    @Test
    void draftOfDeveloperGuideCase221IsEstimatedAsOneSalesOrderWithExactRequestBody() {
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        publish("invoice.draft", sampleInvoice(id), messageId);

        Event event = events.awaitOne("invoice.taxes_estimated", field("/invoice/lago_id", id));
        // The event's own properties: its id (stable per command and event), its name, where it came from.
        assertThat(event.properties().getMessageId())
                .isEqualTo(dev.taxbridge.messaging.OutcomeEvent.eventId(messageId, "invoice.taxes_estimated"));
        assertThat(event.properties().getType()).isEqualTo("invoice.taxes_estimated");
        assertThat(event.properties().getHeaders()).as("nothing else: no Camel or Spring header leaks")
                .containsOnlyKeys("x-source-message-id", "x-received-at");
        assertThat(event.properties().getHeaders().get("x-source-message-id")).hasToString(messageId);

        List<Call> calls = simulator.journal().forDocument(id);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).method()).isEqualTo("POST");
        assertThat(calls.get(0).path()).isEqualTo("/api/v2/transactions/create");
        assertThat(calls.get(0).accountId()).isEqualTo("1100000001");
        assertThat(calls.get(0).body()).isEqualTo(tree("""
                {"type": "SalesOrder", "code": "%s", "companyCode": "DEFAULT", "date": "2017-06-15",
                 "customerCode": "TESTCUSTOMER", "currencyCode": "USD", "commit": false,
                 "addresses": {
                   "shipFrom": {"line1": "255 S King St", "city": "Seattle", "region": "WA", "country": "US",
                                "postalCode": "98104"},
                   "shipTo": {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "region": "WA",
                              "country": "US", "postalCode": "98110"}},
                 "lines": [
                   {"number": "A", "quantity": 10, "amount": 567.89, "taxCode": "SW054000",
                    "itemCode": "SUBSCRIPTION", "description": "Premium plan"},
                   {"number": "B", "quantity": 2, "amount": 46.80, "taxCode": "SW054000", "itemCode": "setup",
                    "description": "Setup"}]}
                """.formatted(id)));

        JsonNode invoice = event.body().get("invoice");
        assertThat(event.body().get("connection").asText()).isEqualTo("default");
        assertThat(invoice.get("taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(invoice.at("/fees/0/lago_id").asText()).isEqualTo("A");
        assertThat(invoice.at("/fees/0/amount_cents").asLong()).isEqualTo(56789);
        assertThat(invoice.at("/fees/0/taxes_amount_cents").asLong()).isEqualTo(5111);
        assertThat(invoice.at("/fees/0/taxes_rate").decimalValue()).isEqualByComparingTo("9");
        assertThat(invoice.at("/fees/0/tax_breakdown/0/name").asText()).isEqualTo("WA STATE TAX");
        assertThat(invoice.at("/fees/0/tax_breakdown/0/amount_cents").asLong()
                + invoice.at("/fees/0/tax_breakdown/1/amount_cents").asLong()).isEqualTo(5111);
        assertThat(invoice.at("/fees/1/taxes_amount_cents").asLong()).isEqualTo(421);
        assertThat(invoice.at("/avalara/document_type").asText()).isEqualTo("SalesOrder");
        assertThat(invoice.at("/avalara/status").asText()).isEqualTo("Temporary");
        assertThat(event.properties().getContentType()).isEqualTo("application/json");
        assertThat(event.properties().getDeliveryMode()).isEqualTo(2);
        assertThat(simulator.documents().withCode("DEFAULT", id)).as("a SalesOrder is not recorded").isEmpty();
    }

    @Test
    void finalizedInvoicePublishedThreeTimesLeavesExactlyOneCommittedSalesInvoice() {
        String id = uniqueId("inv");
        ObjectNode command = sampleInvoice(id);
        String messageId = uniqueId("msg");
        publish("invoice.finalized", command, messageId);
        publish("invoice.finalized", command, messageId);
        publish("invoice.finalized", command, uniqueId("replay"));

        List<Event> committed = events.await("invoice.taxes_committed", field("/invoice/lago_id", id), 3);

        assertThat(committed).hasSize(3);
        assertThat(committed).extracting(e -> e.body().at("/invoice/taxes_amount_cents").asLong())
                .containsOnly(5532L);
        assertThat(committed).extracting(e -> e.body().at("/invoice/avalara/transaction_code").asText())
                .containsOnly(id);
        assertThat(committed).extracting(e -> e.body().at("/invoice/avalara/status").asText())
                .containsOnly("Committed");
        assertThat(committed.stream().map(e -> e.body().get("event_id").asText()).distinct().count())
                .as("a redelivery announces its outcome under the same event id, a replay under a new one")
                .isEqualTo(2);

        var documents = simulator.documents().withCode("DEFAULT", id);
        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).get("type").asText()).isEqualTo("SalesInvoice");
        assertThat(documents.get(0).get("status").asText()).isEqualTo("Committed");
        assertThat(documents.get(0).get("totalTax").decimalValue()).isEqualByComparingTo("55.32");
        List<Call> calls = simulator.journal().forDocument(id);
        assertThat(calls).hasSize(3).allSatisfy(call -> {
            assertThat(call.path()).isEqualTo("/api/v2/transactions/createoradjust");
            assertThat(call.body().at("/createTransactionModel/type").asText()).isEqualTo("SalesInvoice");
            assertThat(call.body().at("/createTransactionModel/commit").asBoolean()).isTrue();
            assertThat(call.body().at("/createTransactionModel/code").asText()).isEqualTo(id);
        });
    }

    @Test
    void enrichmentUsesAvalaraCustomerIdBillingAddressMinorUnitsCouponsAndSkipsCredits() {
        String id = uniqueId("inv");
        JsonNode command = tree("""
                {"invoice": {
                  "lago_id": "%s", "number": "JP-1", "issuing_date": "2026-11-01", "currency": "JPY",
                  "customer": {
                    "lago_id": "cus-1", "external_id": "ext-jp-1", "name": "Kaisha",
                    "tax_identification_number": "T1234567890123",
                    "address_line1": "1-1 Marunouchi", "city": "Chiyoda", "state": "13", "zipcode": "100-0005",
                    "country": "jp",
                    "shipping_address": {"address_line1": "2-2 Umeda", "city": "Osaka", "country": "JP"},
                    "integration_customers": [
                      {"type": "netsuite", "integration_code": "ns", "external_customer_id": "NS-9"},
                      {"type": "avalara", "integration_code": "default", "external_customer_id": "AVA-42"}]
                  },
                  "fees": [
                    {"lago_id": "f1", "item": {"type": "charge", "code": "api_calls", "name": "API calls"},
                     "units": "1500", "amount_cents": 12000, "precise_coupons_amount_cents": "2000.0"},
                    {"lago_id": "f2", "item": {"type": "credit", "code": "credit", "name": "Prepaid credit"},
                     "units": "1", "amount_cents": 5000},
                    {"lago_id": "f3", "item": {"type": "add_on", "code": "unknown_addon", "name": "Other"},
                     "units": "0", "amount_cents": 999}
                  ]}}
                """.formatted(id));
        publish("invoice.draft", command, null);

        Event event = events.awaitOne("invoice.taxes_estimated", field("/invoice/lago_id", id));

        JsonNode request = simulator.journal().forDocument(id).get(0).body();
        assertThat(request.get("customerCode").asText()).isEqualTo("AVA-42");
        assertThat(request.get("businessIdentificationNo").asText()).isEqualTo("T1234567890123");
        assertThat(request.get("currencyCode").asText()).isEqualTo("JPY");
        assertThat(request.at("/addresses/shipTo")).as("incomplete shipping address: the whole billing address")
                .isEqualTo(tree("""
                        {"line1": "1-1 Marunouchi", "city": "Chiyoda", "region": "13", "country": "JP",
                         "postalCode": "100-0005"}"""));
        assertThat(request.get("lines")).hasSize(2);
        assertThat(request.at("/lines/0")).isEqualTo(tree("""
                {"number": "f1", "quantity": 1500, "amount": 10000, "taxCode": "SW054000", "itemCode": "API_CALLS",
                 "description": "API calls"}"""));
        assertThat(request.at("/lines/1")).as("unmapped add-on: default fallback item, quantity 0 sent as 1")
                .isEqualTo(tree("""
                        {"number": "f3", "quantity": 1, "amount": 999, "taxCode": "P0000000", "itemCode": "FALLBACK",
                         "description": "Other"}"""));

        JsonNode fees = event.body().at("/invoice/fees");
        assertThat(fees).hasSize(3);
        assertThat(fees.get(0).get("taxes_amount_cents").asLong()).isEqualTo(1000);
        assertThat(fees.get(1).get("lago_id").asText()).isEqualTo("f2");
        assertThat(fees.get(1).get("taxes_amount_cents").asLong()).isZero();
        assertThat(fees.get(2).get("taxes_amount_cents").asLong()).isEqualTo(100);
        assertThat(event.body().at("/invoice/taxes_amount_cents").asLong()).isEqualTo(1100);
    }

    @Test
    void malformedInvoiceIsParkedAndTheConsumerKeepsWorking() {
        String badId = uniqueId("bad");
        publish("invoice.finalized", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), badId,
                java.util.Map.of());
        String goodId = uniqueId("inv");
        publish("invoice.finalized", sampleInvoice(goodId), null);

        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", goodId));
        // Searched through the whole DLQ: older parked messages may sit ahead of this one.
        var parked = deadLetters.awaitParked("tax.invoices.dlq", badId);
        assertThat(new String(parked.getBody(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("invalid_message");
        assertThat(simulator.journal().forDocument(badId)).isEmpty();
    }
}
