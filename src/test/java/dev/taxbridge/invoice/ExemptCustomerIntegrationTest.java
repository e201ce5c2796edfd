package dev.taxbridge.invoice;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.estimate.EstimateClient;
import dev.taxbridge.estimate.EstimateClient.Reply;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AvataxWireNames;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import dev.taxbridge.support.LagoFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Customers exempt by Lago metadata (an entity use code, an exemption number), over the real broker on the
 * simulator: the exact AvaTax request of an invoice, a credit note, a pay-in-advance fee and a Lago
 * {@code customer_usage} estimate, what comes back exempt to the cent, and a code AvaTax cannot hold parked.
 */
class ExemptCustomerIntegrationTest extends BridgeIntegrationTest {

    private static final String SHIP = """
            "addresses": {
              "shipFrom": {"line1": "255 S King St", "city": "Seattle", "region": "WA", "country": "US",
                           "postalCode": "98104"},
              "shipTo": {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "region": "WA",
                         "country": "US", "postalCode": "98110"}}""";

    @Test
    void invoiceOfACustomerWithAnEntityUseCodeIsSentWithItAndComesBackExemptToTheCent() {
        String id = uniqueId("inv");
        ObjectNode command = sampleInvoice(id);
        metadata((ObjectNode) command.at("/invoice/customer"), "avalara_entity_use_code", "  E ");
        publish("invoice.finalized", command, uniqueId("msg"));

        Event event = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));

        List<Call> calls = simulator.journal().forDocument(id);
        assertThat(calls).hasSize(1);
        JsonNode model = calls.get(0).body().get("createTransactionModel");
        assertThat(model).isEqualTo(tree("""
                {"type": "SalesInvoice", "code": "%s", "companyCode": "DEFAULT", "date": "2017-06-15",
                 "customerCode": "TESTCUSTOMER", "currencyCode": "USD", "commit": true, %s,
                 "lines": [
                   {"number": "A", "quantity": 10, "amount": 567.89, "taxCode": "SW054000", "itemCode": "SUBSCRIPTION",
                    "description": "Premium plan"},
                   {"number": "B", "quantity": 2, "amount": 46.80, "taxCode": "SW054000", "itemCode": "setup",
                    "description": "Setup"}],
                 "entityUseCode": "E"}""".formatted(id, SHIP)));
        assertThat(AvataxWireNames.unknownFields(model, "CreateTransactionModel")).isEmpty();

        JsonNode invoice = event.body().get("invoice");
        assertThat(invoice.get("taxes_amount_cents").asLong()).isZero();
        assertExempt(invoice.at("/fees/0"), "A", 56789, tree("""
                {"entity_use_code": "E", "exemption_no": null, "certificate_id": null}"""));
        assertExempt(invoice.at("/fees/1"), "B", 4680, tree("""
                {"entity_use_code": "E", "exemption_no": null, "certificate_id": null}"""));
        assertThat(invoice.at("/avalara/status").asText()).isEqualTo("Committed");
    }

    @Test
    void creditNoteOfACustomerWithAnExemptionNumberReturnsNothingAndIsSentWithTheNumber() {
        String invoiceId = uniqueId("inv");
        ObjectNode invoice = sampleInvoice(invoiceId);
        metadata((ObjectNode) invoice.at("/invoice/customer"), "avalara_exemption_no", "EX-2017-42");
        publish("invoice.finalized", invoice, uniqueId("msg"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));

        String noteId = uniqueId("cn");
        ObjectNode note = (ObjectNode) tree("""
                {"credit_note": {"lago_id": "%s", "number": "CN-9", "issuing_date": "2017-07-01",
                  "items": [{"fee_lago_id": "A", "amount_cents": 56789}]}}""".formatted(noteId));
        note.set("invoice", invoice.get("invoice"));
        publish("credit_note.created", note, uniqueId("msg"));

        Event event = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));

        List<Call> calls = simulator.journal().forDocument("cn_" + noteId);
        assertThat(calls).hasSize(1);
        JsonNode model = calls.get(0).body().get("createTransactionModel");
        String reason = "Credit note CN-9 of invoice DEVGUIDE-2017-0615";
        assertThat(model).isEqualTo(tree("""
                {"type": "ReturnInvoice", "code": "cn_%s", "companyCode": "DEFAULT", "date": "2017-07-01",
                 "customerCode": "TESTCUSTOMER", "currencyCode": "USD", "referenceCode": "%s",
                 "commit": true, "taxOverride": {"type": "TaxDate", "taxDate": "2017-06-15", "reason": "%s"}, %s,
                 "lines": [
                   {"number": "A", "quantity": 10, "amount": -567.89, "taxCode": "SW054000", "itemCode": "SUBSCRIPTION",
                    "description": "Premium plan", "taxOverride": {"type": "TaxAmount", "taxAmount": 0.00, "reason": "%s"}}],
                 "exemptionNo": "EX-2017-42"}""".formatted(noteId, invoiceId, reason, SHIP, reason)));

        JsonNode credited = event.body().get("credit_note");
        assertThat(credited.get("taxes_amount_cents").asLong()).isZero();
        assertExempt(credited.at("/fees/0"), "A", 56789, tree("""
                {"entity_use_code": null, "exemption_no": "EX-2017-42", "certificate_id": null}"""));
    }

    @Test
    void payInAdvanceFeeOfACustomerWithBothKeysIsSentWithBoth() {
        String feeId = uniqueId("fee");
        ObjectNode command = (ObjectNode) tree("""
                {"billing_entity_code": "acme",
                 "fee": {"lago_id": "%s", "item": {"type": "charge", "code": "api_calls", "name": "API calls"},
                         "units": "1500.0", "amount_cents": 10000, "sub_total_excluding_taxes_amount_cents": 10000,
                         "amount_currency": "USD", "created_at": "2026-11-03T10:15:00Z"},
                 "customer": {"lago_id": "cus-lago-8", "external_id": "ext-8", "name": "County of Kitsap",
                   "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                   "zipcode": "98110", "country": "US"}}""".formatted(feeId));
        metadata((ObjectNode) command.get("customer"), "avalara_entity_use_code", "N");
        metadata((ObjectNode) command.get("customer"), "avalara_exemption_no", " KC-7781 ");
        metadata((ObjectNode) command.get("customer"), "account_manager", "Dana");
        publish("fee.pay_in_advance", command, uniqueId("msg"));

        Event event = events.awaitOne("fee.taxes_calculated", field("/fee/lago_id", feeId));

        List<Call> calls = simulator.journal().forDocument("fee_" + feeId);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).body().get("createTransactionModel")).isEqualTo(tree("""
                {"type": "SalesInvoice", "code": "fee_%s", "companyCode": "DEFAULT", "date": "2026-11-03",
                 "customerCode": "ext-8", "currencyCode": "USD", "commit": true, %s,
                 "lines": [{"number": "%s", "quantity": 1500, "amount": 100.00, "taxCode": "SW054000",
                            "itemCode": "API_CALLS", "description": "API calls"}],
                 "entityUseCode": "N", "exemptionNo": "KC-7781"}""".formatted(feeId, SHIP, feeId)));

        JsonNode fee = event.body().get("fee");
        assertThat(fee.get("taxes_amount_cents").asLong()).isZero();
        assertExempt(fee.at("/fees/0"), feeId, 10000, tree("""
                {"entity_use_code": "N", "exemption_no": "KC-7781", "certificate_id": null}"""));
    }

    @Test
    void lagoUsageEstimateOfAnExemptCustomerIsSentWithTheCodeAndTheCachedReplySaysTheSame() throws Exception {
        String ids = LagoFixtures.freshIds();
        String subscription = uniqueId("sub");
        String apiCalls = ids + "1a901a90b101";
        try (EstimateClient client = new EstimateClient(connectionFactory, mapper, true)) {
            Reply first = client.request("estimate.current_usage", usageRequest(ids, subscription, 5000),
                    uniqueId("corr"));

            List<Call> calls = simulator.journal().forDocument("usage-" + subscription);
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).body()).isEqualTo(tree("""
                    {"type": "SalesOrder", "code": "usage-%s", "companyCode": "DEFAULT", "date": "2026-12-01",
                     "customerCode": "cust_bainbridge_77", "currencyCode": "USD", "commit": false, %s,
                     "lines": [{"number": "%s", "quantity": 2500, "amount": 50.00, "taxCode": "SW054000",
                                "itemCode": "API_CALLS", "description": "API calls (thousands)"}],
                     "entityUseCode": "G"}""".formatted(subscription, SHIP, apiCalls)));
            JsonNode exemption = tree("""
                    {"entity_use_code": "G", "exemption_no": null, "certificate_id": null}""");
            assertThat(first.body().get("cached").asBoolean()).isFalse();
            assertThat(first.body().get("taxes_amount_cents").asLong()).isZero();
            assertExempt(first.body().at("/fees/0"), apiCalls, 5000, exemption);

            Reply second = client.request("estimate.current_usage", usageRequest(ids, subscription, 7000),
                    uniqueId("corr"));

            assertThat(simulator.journal().forDocument("usage-" + subscription)).as("from the cache").hasSize(1);
            assertThat(second.body().get("cached").asBoolean()).isTrue();
            assertThat(second.body().get("taxes_amount_cents").asLong()).isZero();
            assertExempt(second.body().at("/fees/0"), apiCalls, 7000, exemption);
        }
    }

    @Test
    void entityUseCodeAvataxCannotHoldIsParkedNamingTheKey() {
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        ObjectNode command = sampleInvoice(id);
        metadata((ObjectNode) command.at("/invoice/customer"), "avalara_entity_use_code", "E-1");
        publish("invoice.finalized", command, messageId);

        Event failure = events.awaitOne("invoice.tax_provider_error", field("/lago_id", id));

        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_message");
        assertThat(failure.body().at("/provider_error/message").asText())
                .contains("avalara_entity_use_code").contains("E-1");
        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("invalid_message");
        assertThat(simulator.journal().forDocument(id)).as("never sent").isEmpty();
    }

    /** An exempt fee: no tax, rate 0 everywhere, the whole amount exempt, and what AvaTax exempted it by. */
    private static void assertExempt(JsonNode fee, String lagoId, long amountCents, JsonNode exemption) {
        assertThat(fee.get("lago_id").asText()).isEqualTo(lagoId);
        assertThat(fee.get("amount_cents").asLong()).isEqualTo(amountCents);
        assertThat(fee.get("taxes_amount_cents").asLong()).isZero();
        assertThat(fee.get("taxes_rate").decimalValue()).isEqualByComparingTo("0");
        assertThat(fee.get("exempt_amount_cents").asLong()).isEqualTo(amountCents);
        assertThat(fee.get("exemption")).isEqualTo(exemption);
        assertThat(fee.get("tax_breakdown")).hasSize(2).allSatisfy(b -> {
            assertThat(b.get("rate").decimalValue()).isEqualByComparingTo("0");
            assertThat(b.get("amount_cents").asLong()).isZero();
        });
    }

    /** Adds an entry to a Lago customer's metadata, shaped as V1::Customers::MetadataSerializer writes it. */
    private void metadata(ObjectNode customer, String key, String value) {
        ArrayNode metadata = customer.has("metadata") ? (ArrayNode) customer.get("metadata")
                : customer.putArray("metadata");
        metadata.addObject().put("lago_id", uniqueId("meta")).put("key", key).put("value", value)
                .put("display_in_invoice", false).put("created_at", "2026-01-05T09:00:00Z");
    }

    private ObjectNode usageRequest(String ids, String subscription, long amountCents) {
        ObjectNode request = LagoFixtures.lago(mapper, "customer_usage.json", ids);
        ((ObjectNode) request.at("/customer_usage/charges_usage/0")).put("amount_cents", amountCents);
        ObjectNode customer = (ObjectNode) LagoFixtures.lago(mapper, "invoice.created.json", ids).at("/invoice/customer");
        metadata(customer, "avalara_entity_use_code", "G");
        request.set("customer", customer);
        request.put("external_subscription_id", subscription);
        return request;
    }
}
