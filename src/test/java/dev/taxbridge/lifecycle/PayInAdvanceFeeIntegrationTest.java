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

class PayInAdvanceFeeIntegrationTest extends BridgeIntegrationTest {

    @Test
    void payInAdvanceFeeIsCommittedAsItsOwnSalesInvoiceAndAReplayChangesNothing() {
        String feeId = uniqueId("fee");
        ObjectNode command = feeCommand(feeId, "WA", "98110");
        publish("fee.pay_in_advance", command, uniqueId("msg"));

        Event event = events.awaitOne("fee.taxes_calculated", field("/fee/lago_id", feeId));

        String code = "fee_" + feeId;
        List<Call> calls = simulator.journal().forDocument(code);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).path()).isEqualTo("/api/v2/transactions/createoradjust");
        assertThat(calls.get(0).body()).isEqualTo(tree("""
                {"adjustmentReason": "Other", "adjustmentDescription": "Resent by the billing system",
                 "createTransactionModel": {
                   "type": "SalesInvoice", "code": "%s", "companyCode": "DEFAULT", "date": "2026-11-03",
                   "customerCode": "AVA-7", "currencyCode": "USD", "commit": true,
                   "addresses": {
                     "shipFrom": {"line1": "255 S King St", "city": "Seattle", "region": "WA", "country": "US",
                                  "postalCode": "98104"},
                     "shipTo": {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "region": "WA",
                                "country": "US", "postalCode": "98110"}},
                   "lines": [{"number": "%s", "quantity": 1500, "amount": 100.00, "taxCode": "SW054000",
                              "itemCode": "API_CALLS", "description": "API calls"}]}}
                """.formatted(code, feeId)));
        JsonNode document = simulator.documents().get("DEFAULT", code, "SalesInvoice");
        assertThat(document.get("status").asText()).isEqualTo("Committed");
        assertThat(document.get("totalTax").decimalValue()).isEqualByComparingTo("9.00");

        JsonNode fee = event.body().get("fee");
        assertThat(event.body().get("connection").asText()).isEqualTo("default");
        assertThat(fee.get("currency").asText()).isEqualTo("USD");
        assertThat(fee.get("taxes_amount_cents").asLong()).isEqualTo(900);
        assertThat(fee.at("/fees/0/lago_id").asText()).isEqualTo(feeId);
        assertThat(fee.at("/fees/0/amount_cents").asLong()).isEqualTo(10000);
        assertThat(fee.at("/fees/0/taxes_rate").decimalValue()).isEqualByComparingTo("9");
        assertThat(fee.at("/fees/0/tax_breakdown")).hasSize(2);
        assertThat(fee.at("/avalara/transaction_code").asText()).isEqualTo(code);
        assertThat(fee.at("/avalara/status").asText()).isEqualTo("Committed");

        publish("fee.pay_in_advance", command, uniqueId("replay"));
        List<Event> both = events.await("fee.taxes_calculated", field("/fee/lago_id", feeId), 2);
        assertThat(both.get(1).body().at("/fee/taxes_amount_cents").asLong()).isEqualTo(900);
        assertThat(simulator.journal().forDocument(code)).as("one commit per command").hasSize(2)
                .allSatisfy(c -> assertThat(c.path()).isEqualTo("/api/v2/transactions/createoradjust"));
        JsonNode again = simulator.documents().get("DEFAULT", code, "SalesInvoice");
        assertThat(again.get("version").asInt()).as("the replay adjusted the same document").isEqualTo(2);
        assertThat(again.get("totalTax").decimalValue()).isEqualByComparingTo("9.00");
        assertThat(again.get("date").asText()).isEqualTo("2026-11-03");
    }

    @Test
    void feeAvaTaxCannotTaxIsReportedAsNotCreated() {
        String feeId = uniqueId("fee");
        String messageId = uniqueId("msg");
        publish("fee.pay_in_advance", feeCommand(feeId, "NV", "89501"), messageId);

        Event failure = events.awaitOne("fee.tax_provider_error", field("/lago_id", feeId));
        assertThat(failure.body().get("stage").asText()).isEqualTo("pay_in_advance");
        assertThat(failure.body().get("lago_customer_id").asText()).isEqualTo("cus-lago-7");
        assertThat(failure.body().get("external_customer_id").asText()).isEqualTo("ext-7");
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_address");
        deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(simulator.journal().forDocument("fee_" + feeId)).extracting(Call::status).containsExactly(400);
        assertThat(simulator.documents().withCode("DEFAULT", "fee_" + feeId)).as("nothing recorded").isEmpty();
        assertThat(events.named("fee.taxes_calculated", field("/fee/lago_id", feeId))).isEmpty();
    }

    private ObjectNode feeCommand(String feeId, String state, String zipcode) {
        return (ObjectNode) tree("""
                {"billing_entity_code": "acme",
                 "fee": {"lago_id": "%s", "item": {"type": "charge", "code": "api_calls", "name": "API calls"},
                         "units": "1500.0", "amount_cents": 12000, "sub_total_excluding_taxes_amount_cents": 10000,
                         "precise_coupons_amount_cents": "2000.0",
                         "amount_currency": "USD", "created_at": "2026-11-03T10:15:00Z", "pay_in_advance": true,
                         "invoiceable": false},
                 "customer": {"lago_id": "cus-lago-7", "external_id": "ext-7", "name": "Seven",
                   "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "%s",
                   "zipcode": "%s", "country": "US",
                   "integration_customers": [{"type": "avalara", "integration_code": "default",
                                              "external_customer_id": "AVA-7"}]}}
                """.formatted(feeId, state, zipcode));
    }
}
