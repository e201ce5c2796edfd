package dev.taxbridge.invoice;

import static dev.taxbridge.support.EventCollector.field;
import static dev.taxbridge.support.LagoFixtures.freshIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AvataxWireNames;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import dev.taxbridge.support.LagoFixtures;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Lago's objects exactly as Lago emits them (src/test/resources/lago/, built from Lago's serializers and
 * webhook services), forwarded to the bridge as they are, over the real broker. Each test asserts the
 * exact request AvaTax receives, that every field of it is a field of AvaTax's model, and the event.
 */
class LagoBodiesIntegrationTest extends BridgeIntegrationTest {

    private static final String SHIP_FROM = """
            {"line1": "255 S King St", "city": "Seattle", "region": "WA", "country": "US", "postalCode": "98104"}""";
    private static final String SHIP_TO = """
            {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "region": "WA", "country": "US",
             "postalCode": "98110"}""";

    @Test
    void invoiceCreatedWebhookBodyIsCommittedWithTaxOnTheAmountsAfterTheCouponThenVoided() {
        String ids = freshIds();
        ObjectNode webhook = lago("invoice.created.json", ids);
        String invoiceId = webhook.at("/invoice/lago_id").asText();
        String subscriptionFee = ids + "1a901a90e001";
        String chargeFee = ids + "1a901a90e002";

        long publishedAt = System.currentTimeMillis();
        publish("invoice.finalized", webhook, uniqueId("lago-created"));

        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        assertThat((Long) committed.properties().getHeaders().get("x-received-at")).as("when the bridge took it")
                .isBetween(publishedAt, System.currentTimeMillis());
        List<Call> calls = simulator.journal().forDocument(invoiceId);
        assertThat(calls).hasSize(1);
        JsonNode request = calls.get(0).body();
        assertThat(request).isEqualTo(tree("""
                {"adjustmentReason": "Other", "adjustmentDescription": "Resent by the billing system",
                 "createTransactionModel": {
                   "type": "SalesInvoice", "code": "%s", "companyCode": "DEFAULT", "date": "2026-11-01",
                   "customerCode": "cust_bainbridge_77", "currencyCode": "USD", "commit": true,
                   "addresses": {"shipFrom": %s, "shipTo": %s},
                   "lines": [
                     {"number": "%s", "quantity": 1, "amount": 92.42, "taxCode": "SW054000",
                      "itemCode": "SUBSCRIPTION", "description": "Pro plan"},
                     {"number": "%s", "quantity": 0.32, "amount": 29.57, "taxCode": "SW054000",
                      "itemCode": "API_CALLS", "description": "API calls (millions)"}]}}
                """.formatted(invoiceId, SHIP_FROM, SHIP_TO, subscriptionFee, chargeFee)));
        assertThat(AvataxWireNames.unknownFields(request, "CreateOrAdjustTransactionModel")).isEmpty();

        JsonNode invoice = committed.body().get("invoice");
        assertThat(committed.body().get("connection").asText()).isEqualTo("default");
        assertThat(invoice.get("number").asText()).isEqualTo("ACM-2026-0012");
        assertThat(invoice.at("/fees/0/lago_id").asText()).isEqualTo(subscriptionFee);
        assertThat(invoice.at("/fees/0/amount_cents").asLong()).as("after its share of the coupon").isEqualTo(9242);
        assertThat(invoice.at("/fees/0/taxes_amount_cents").asLong()).isEqualTo(832); // 92.42 x 9 % = 8.3178
        // 3200 - 242.4242... = 2957.58: Lago's Avalara payload sends it truncated (.to_i), its serializer rounded.
        assertThat(invoice.at("/fees/1/amount_cents").asLong()).as("the amount taxed").isEqualTo(2957);
        assertThat(invoice.at("/fees/1/taxes_amount_cents").asLong()).isEqualTo(266); // 29.57 x 9 % = 2.6613
        assertThat(invoice.get("taxes_amount_cents").asLong()).as("what Lago's invoice shows").isEqualTo(1098)
                .isEqualTo(invoice.at("/fees/0/taxes_amount_cents").asLong()
                        + invoice.at("/fees/1/taxes_amount_cents").asLong());
        assertThat(simulator.documents().get("DEFAULT", invoiceId, "SalesInvoice").get("totalTax").decimalValue())
                .isEqualByComparingTo("10.98");

        ObjectNode voided = lago("invoice.created.json", ids);
        voided.put("webhook_type", "invoice.voided");
        ((ObjectNode) voided.get("invoice")).put("status", "voided").put("voided_at", "2026-11-03T08:00:00Z");
        publish("invoice.voided", voided, uniqueId("lago-voided"));

        Event event = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", invoiceId));
        assertThat(event.body().at("/invoice/reversal").asText()).isEqualTo("voided");
        assertThat(event.body().at("/invoice/taxes_amount_cents").asLong()).isEqualTo(1098);
        Call voidCall = simulator.journal().forDocument(invoiceId).get(1);
        assertThat(voidCall.path()).endsWith("/transactions/" + invoiceId + "/void");
        assertThat(voidCall.body()).isEqualTo(tree("{\"code\": \"DocVoided\"}"));
        assertThat(AvataxWireNames.unknownFields(voidCall.body(), "VoidTransactionModel")).isEmpty();
        assertThat(simulator.documents().get("DEFAULT", invoiceId, "SalesInvoice").get("status").asText())
                .isEqualTo("Cancelled");
    }

    @Test
    void paymentDisputeLostWebhookBodyReversesTheTaxLikeAVoid() {
        ObjectNode created = lago("invoice.created.json", freshIds());
        String invoiceId = created.at("/invoice/lago_id").asText();
        publish("invoice.finalized", created, uniqueId("lago-created"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        // PaymentDisputeLostSerializer: {invoice} with the customer included, no fees.
        ObjectNode invoice = ((ObjectNode) created.get("invoice").deepCopy());
        invoice.remove(List.of("fees", "subscriptions", "credits", "applied_taxes"));
        invoice.put("payment_dispute_lost_at", "2026-11-12T10:00:00Z");
        ObjectNode webhook = mapper.createObjectNode().put("webhook_type", "invoice.payment_dispute_lost")
                .put("object_type", "payment_dispute_lost").put("organization_id", created.get("organization_id")
                        .asText());
        webhook.putObject("payment_dispute_lost").set("invoice", invoice);

        publish("invoice.disputed", webhook, uniqueId("lago-dispute"));

        Event event = events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", invoiceId));
        assertThat(event.body().at("/invoice/reversal").asText()).isEqualTo("voided");
        assertThat(event.body().at("/invoice/taxes_amount_cents").asLong()).isEqualTo(1098);
        assertThat(simulator.documents().get("DEFAULT", invoiceId, "SalesInvoice").get("status").asText())
                .isEqualTo("Cancelled");
    }

    @Test
    void invoiceDraftedWebhookBodyIsEstimatedAsASalesOrder() {
        ObjectNode webhook = lago("invoice.created.json", freshIds());
        webhook.put("webhook_type", "invoice.drafted");
        ((ObjectNode) webhook.get("invoice")).put("status", "draft");
        String invoiceId = webhook.at("/invoice/lago_id").asText();

        publish("invoice.draft", webhook, uniqueId("lago-drafted"));

        Event estimated = events.awaitOne("invoice.taxes_estimated", field("/invoice/lago_id", invoiceId));
        JsonNode request = simulator.journal().forDocument(invoiceId).get(0).body();
        assertThat(request.get("type").asText()).isEqualTo("SalesOrder");
        assertThat(request.get("commit").asBoolean()).isFalse();
        assertThat(request.at("/lines/0/amount").decimalValue()).isEqualByComparingTo("92.42");
        assertThat(request.at("/lines/1/amount").decimalValue()).isEqualByComparingTo("29.57");
        assertThat(AvataxWireNames.unknownFields(request, "CreateTransactionModel")).isEmpty();
        assertThat(estimated.body().at("/invoice/taxes_amount_cents").asLong()).isEqualTo(1098);
    }

    @Test
    void restInvoiceWhoseCustomerHasAnAvalaraIntegrationGoesToThatConnectionUnderItsCustomerCode() {
        ObjectNode command = lago("invoice.rest.json", freshIds());
        String invoiceId = command.at("/invoice/lago_id").asText();

        publish("invoice.finalized", command, uniqueId("lago-rest"));

        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        assertThat(committed.body().get("connection").asText()).isEqualTo("lago_us");
        JsonNode model = simulator.journal().forDocument(invoiceId).get(0).body().get("createTransactionModel");
        assertThat(model.get("companyCode").asText()).as("lago_us's company").isEqualTo("DEVGUIDE");
        assertThat(model.get("customerCode").asText()).as("the avalara entry, never the netsuite one")
                .isEqualTo("AVA-RLB-0077");
        assertThat(model.at("/lines/1/itemCode").asText()).as("lago_us's own mappings")
                .isEqualTo("LAGO_US_FALLBACK");
        assertThat(simulator.documents().get("DEVGUIDE", invoiceId, "SalesInvoice").get("status").asText())
                .isEqualTo("Committed");
        assertThat(simulator.documents().withCode("DEFAULT", invoiceId)).isEmpty();
    }

    @Test
    void creditNoteCreatedWebhookBodyReturnsEachItemsShareOfItsFeeAfterTheCoupon() {
        String ids = freshIds();
        ObjectNode invoice = lago("invoice.created.json", ids);
        String invoiceId = invoice.at("/invoice/lago_id").asText();
        publish("invoice.finalized", invoice, uniqueId("lago-created"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        ObjectNode webhook = lago("credit_note.created.json", ids);
        String noteId = webhook.at("/credit_note/lago_id").asText();

        publish("credit_note.created", webhook, uniqueId("lago-cn"));

        Event event = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        List<Call> returns = simulator.journal().forDocument("cn_" + noteId);
        assertThat(returns).hasSize(1);
        JsonNode request = returns.get(0).body();
        String reason = "Credit note ACM-2026-0012-CN001 of invoice ACM-2026-0012";
        assertThat(request.get("createTransactionModel")).isEqualTo(tree("""
                {"type": "ReturnInvoice", "code": "cn_%s", "companyCode": "DEFAULT", "date": "2026-11-20",
                 "customerCode": "cust_bainbridge_77", "currencyCode": "USD", "referenceCode": "REPLACE_INV",
                 "commit": true, "taxOverride": {"type": "TaxDate", "taxDate": "2026-11-01", "reason": "%s"},
                 "addresses": {"shipFrom": %s, "shipTo": %s},
                 "lines": [
                   {"number": "%s", "quantity": 0.32, "amount": -29.57, "taxCode": "SW054000", "itemCode": "API_CALLS",
                    "description": "API calls (millions)",
                    "taxOverride": {"type": "TaxAmount", "taxAmount": -2.66, "reason": "%s"}},
                   {"number": "%s", "quantity": 1, "amount": -46.21, "taxCode": "SW054000", "itemCode": "SUBSCRIPTION",
                    "description": "Pro plan",
                    "taxOverride": {"type": "TaxAmount", "taxAmount": -4.16, "reason": "%s"}}]}
                """.formatted(noteId, reason, SHIP_FROM, SHIP_TO, ids + "1a901a90e002", reason, ids + "1a901a90e001",
                reason).replace("REPLACE_INV", invoiceId)));
        assertThat(AvataxWireNames.unknownFields(request, "CreateOrAdjustTransactionModel")).isEmpty();

        JsonNode note = event.body().get("credit_note");
        assertThat(note.get("invoice_lago_id").asText()).isEqualTo(invoiceId);
        assertThat(note.get("invoice_number").asText()).isEqualTo("ACM-2026-0012");
        assertThat(note.get("currency").asText()).isEqualTo("USD");
        assertThat(note.at("/fees/0/amount_cents").asLong())
                .as("3200 of 3200 x 2957.58 rounds to 2958, a cent above the 2957 invoiced: all of the line").isEqualTo(2957);
        assertThat(note.at("/fees/1/amount_cents").asLong()).as("5000 of 10000 x 9242").isEqualTo(4621);
        assertThat(note.get("taxes_amount_cents").asLong()).as("what Lago's credit note shows").isEqualTo(682)
                .isEqualTo(note.at("/fees/0/taxes_amount_cents").asLong() + note.at("/fees/1/taxes_amount_cents").asLong());
    }

    @Test
    void feeCreatedWebhookBodyWithItsCustomerBesideItIsRecordedAsItsOwnSalesInvoice() {
        String ids = freshIds();
        ObjectNode command = lago("fee.created.json", ids);
        command.set("customer", lago("invoice.created.json", ids).at("/invoice/customer"));
        String feeId = command.at("/fee/lago_id").asText();

        publish("fee.pay_in_advance", command, uniqueId("lago-fee"));

        Event event = events.awaitOne("fee.taxes_calculated", field("/fee/lago_id", feeId));
        JsonNode request = simulator.journal().forDocument("fee_" + feeId).get(0).body();
        assertThat(request.get("createTransactionModel")).isEqualTo(tree("""
                {"type": "SalesInvoice", "code": "fee_%s", "companyCode": "DEFAULT", "date": "2026-11-05",
                 "customerCode": "cust_bainbridge_77", "currencyCode": "USD", "commit": true,
                 "addresses": {"shipFrom": %s, "shipTo": %s},
                 "lines": [{"number": "%s", "quantity": 3, "amount": 15.00, "taxCode": "P0000000",
                            "itemCode": "FALLBACK", "description": "Seats"}]}
                """.formatted(feeId, SHIP_FROM, SHIP_TO, feeId)));
        assertThat(AvataxWireNames.unknownFields(request, "CreateOrAdjustTransactionModel")).isEmpty();
        assertThat(event.body().at("/fee/taxes_amount_cents").asLong()).isEqualTo(135);
    }

    @Test
    void customerCreatedWebhookBodyWithSyncBesideItCreatesTheCustomerOnItsAvalaraConnection() {
        ObjectNode command = lago("customer.created.json", freshIds());
        String externalId = "cust_bainbridge_78-" + UUID.randomUUID();
        ((ObjectNode) command.get("customer")).put("external_id", externalId);
        command.putObject("sync").put("create_in_avalara", true);

        publish("customer.created", command, uniqueId("lago-customer"));

        Event synced = events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id",
                externalId));
        assertThat(synced.body().get("connection").asText()).isEqualTo("lago_us");
        Call create = simulator.journal().calls(call -> "POST".equals(call.method())
                && call.path().endsWith("/customers") && call.body().toString().contains(externalId)).get(0);
        assertThat(create.path()).isEqualTo("/api/v2/companies/7010002/customers");
        assertThat(create.body()).isEqualTo(tree("""
                [{"companyId": 7010002, "customerCode": "%s", "name": "Ravine Lane Press", "line1": "500 Pine St",
                  "line2": "Suite 300", "city": "Seattle", "region": "WA", "postalCode": "98101", "country": "US"}]
                """.formatted(externalId)));
        assertThat(AvataxWireNames.unknownFields(create.body(), "CustomerModel")).isEmpty();
        assertThat(simulator.customers().get(7010002, externalId)).isNotNull();
    }

    @Test
    void negativeUnitsLagoNeverSendsAreParkedAsInvalidMessageWithoutAnAvataxCall() {
        ObjectNode webhook = lago("invoice.created.json", freshIds());
        ((ObjectNode) webhook.at("/invoice/fees/1")).put("units", "-3");
        String invoiceId = webhook.at("/invoice/lago_id").asText();
        String messageId = uniqueId("lago-negative");

        publish("invoice.finalized", webhook, messageId);

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("invalid_message");
        assertThat(parked.getProps().getHeaders().get("x-error-message").toString())
                .contains("invoice.fees[1].units");
        Event failure = events.awaitOne("invoice.tax_provider_error", field("/lago_id", invoiceId));
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_message");
        assertThat(failure.body().get("external_customer_id").asText()).isEqualTo("cust_bainbridge_77");
        assertThat(simulator.journal().forDocument(invoiceId)).isEmpty();
    }

    private ObjectNode lago(String fixture, String idPrefix) {
        return LagoFixtures.lago(mapper, fixture, idPrefix);
    }
}
