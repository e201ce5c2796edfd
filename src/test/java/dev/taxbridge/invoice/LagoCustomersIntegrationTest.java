package dev.taxbridge.invoice;

import static dev.taxbridge.support.EventCollector.field;
import static dev.taxbridge.support.LagoFixtures.freshIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AvataxWireNames;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import dev.taxbridge.support.LagoFixtures;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lago customers as accounts really hold them (src/test/resources/lago/customers.real-world.json, Lago's
 * CustomerSerializer shape): regions spelled out in several countries, no region at all, names with
 * accents. Each rides in Lago's invoice.created webhook body over the real broker; the exact AvaTax
 * request and the event are asserted.
 */
class LagoCustomersIntegrationTest extends BridgeIntegrationTest {

    private static final String SHIP_FROM = """
            {"line1": "255 S King St", "city": "Seattle", "region": "WA", "country": "US", "postalCode": "98104"}""";

    static Stream<Arguments> customers() {
        return Stream.of(
                Arguments.of("us_state_spelled_out", """
                        {"line1": "1 Market St", "line2": "Floor 3", "city": "San Francisco", "region": "California",
                         "country": "US", "postalCode": "94105"}""", "7.25"),
                Arguments.of("de_land_spelled_out", """
                        {"line1": "Marienplatz 8", "city": "München", "region": "Bayern", "country": "DE",
                         "postalCode": "80331"}""", "19"),
                Arguments.of("fr_region_spelled_out", """
                        {"line1": "10 Rue de Rivoli", "city": "Paris", "region": "Île-de-France", "country": "FR",
                         "postalCode": "75004"}""", "20"),
                Arguments.of("ca_province_spelled_out", """
                        {"line1": "100 King St W", "line2": "Suite 5700", "city": "Toronto", "region": "Ontario",
                         "country": "CA", "postalCode": "M5X 1A9"}""", "13"),
                Arguments.of("no_state", """
                        {"line1": "1-1 Marunouchi", "city": "Chiyoda-ku", "country": "JP", "postalCode": "100-0005"}""",
                        "10"),
                Arguments.of("accented_names", """
                        {"line1": "Königstraße 12", "line2": "Hinterhof, 2. Stock", "city": "Nürnberg",
                         "region": "Bayern", "country": "DE", "postalCode": "90402"}""", "19"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("customers")
    void customerAsPeopleFillItInIsCommittedWithTheRegionAsAvataxTakesIt(String customerCase, String shipTo,
            String ratePercent) {
        String ids = freshIds();
        ObjectNode webhook = invoiceFor(ids, customerCase);
        String invoiceId = webhook.at("/invoice/lago_id").asText();
        String customerCode = webhook.at("/invoice/customer/external_id").asText();

        publish("invoice.finalized", webhook, uniqueId("lago-" + customerCase));

        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        List<Call> calls = simulator.journal().forDocument(invoiceId);
        assertThat(calls).hasSize(1);
        JsonNode request = calls.get(0).body();
        assertThat(request.get("createTransactionModel")).isEqualTo(tree("""
                {"type": "SalesInvoice", "code": "%s", "companyCode": "DEFAULT", "date": "2026-11-01",
                 "customerCode": "%s", "currencyCode": "USD", "commit": true,
                 "addresses": {"shipFrom": %s, "shipTo": %s},
                 "lines": [
                   {"number": "%s", "quantity": 1, "amount": 92.42, "taxCode": "SW054000",
                    "itemCode": "SUBSCRIPTION", "description": "Pro plan"},
                   {"number": "%s", "quantity": 0.32, "amount": 29.57, "taxCode": "SW054000",
                    "itemCode": "API_CALLS", "description": "API calls (millions)"}]}
                """.formatted(invoiceId, customerCode, SHIP_FROM, shipTo, ids + "1a901a90e001", ids + "1a901a90e002")));
        assertThat(AvataxWireNames.unknownFields(request, "CreateOrAdjustTransactionModel")).isEmpty();
        assertThat(committed.body().at("/invoice/fees")).allSatisfy(fee ->
                assertThat(fee.get("taxes_rate").decimalValue()).isEqualByComparingTo(ratePercent));
        assertThat(committed.body().at("/invoice/taxes_amount_cents").asLong()).isPositive();
    }

    @Test
    void customerSyncSendsAccentedNamesAndASpelledOutRegionAsTheyAre() {
        ObjectNode command = LagoFixtures.lago(mapper, "customer.created.json", freshIds());
        ObjectNode customer = (ObjectNode) command.get("customer");
        JsonNode accented = LagoFixtures.lago(mapper, "customers.real-world.json", freshIds()).get("accented_names");
        String externalId = "cust_nue_106-" + UUID.randomUUID();
        for (String field : List.of("name", "address_line1", "address_line2", "city", "state", "zipcode", "country")) {
            customer.set(field, accented.get(field));
        }
        customer.put("external_id", externalId);
        command.putObject("sync").put("create_in_avalara", true);

        publish("customer.created", command, uniqueId("lago-customer"));

        events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", externalId));
        Call create = simulator.journal().calls(call -> "POST".equals(call.method())
                && call.path().endsWith("/customers") && call.body().toString().contains(externalId)).get(0);
        assertThat(create.body()).isEqualTo(tree("""
                [{"companyId": 7010002, "customerCode": "%s", "name": "Brauerei Weißbräu Müller & Söhne",
                  "line1": "Königstraße 12", "line2": "Hinterhof, 2. Stock", "city": "Nürnberg", "region": "Bayern",
                  "postalCode": "90402", "country": "DE"}]
                """.formatted(externalId)));
        assertThat(AvataxWireNames.unknownFields(create.body(), "CustomerModel")).isEmpty();
    }

    @Test
    void customerWithAnExemptionCertificateShowsNoTaxRateZeroAndTheExemptAmount() {
        String ids = freshIds();
        ObjectNode webhook = LagoFixtures.lago(mapper, "invoice.created.json", ids);
        ((ObjectNode) webhook.at("/invoice/customer")).put("external_id", "EXEMPT-CERT-CUSTOMER");
        String invoiceId = webhook.at("/invoice/lago_id").asText();

        publish("invoice.finalized", webhook, uniqueId("lago-exempt"));

        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        JsonNode avalaraLine = simulator.documents().get("DEFAULT", invoiceId, "SalesInvoice").at("/lines/0/details/0");
        assertThat(avalaraLine.get("rate").decimalValue()).as("AvaTax keeps the nominal rate")
                .isEqualByComparingTo("0.065");
        assertThat(avalaraLine.get("exemptAmount").decimalValue()).isEqualByComparingTo("92.42");
        JsonNode invoice = committed.body().get("invoice");
        assertThat(invoice.get("taxes_amount_cents").asLong()).isZero();
        assertThat(invoice.get("fees")).hasSize(2);
        assertThat(invoice.at("/fees/0/exempt_amount_cents").asLong()).isEqualTo(9242);
        assertThat(invoice.at("/fees/1/exempt_amount_cents").asLong()).as("29.57 taxed, as Lago's Avalara payload sends 2957.58").isEqualTo(2957);
        assertThat(invoice.at("/fees/0/tax_breakdown")).isEqualTo(tree("""
                [{"name": "WA STATE TAX", "rate": 0, "amount_cents": 0, "type": "state"},
                 {"name": "WA CITY TAX", "rate": 0, "amount_cents": 0, "type": "city"}]"""));
        assertThat(invoice.get("fees")).allSatisfy(fee -> {
            assertThat(fee.get("taxes_amount_cents").asLong()).isZero();
            assertThat(fee.get("taxes_rate").decimalValue()).isEqualByComparingTo("0");
        });
        assertThat(invoice.get("applied_taxes")).isEqualTo(tree("""
                [{"tax_name": "WA STATE TAX", "tax_code": "wa_state_tax", "tax_rate": 0, "tax_description": "state",
                  "amount_cents": 0, "amount_currency": "USD", "fees_amount_cents": 12199},
                 {"tax_name": "WA CITY TAX", "tax_code": "wa_city_tax", "tax_rate": 0, "tax_description": "city",
                  "amount_cents": 0, "amount_currency": "USD", "fees_amount_cents": 12199}]"""));
    }

    @Test
    void committedInvoiceCarriesAppliedTaxesShapedAsLagosThatAddUpToItsTax() {
        String ids = freshIds();
        ObjectNode webhook = LagoFixtures.lago(mapper, "invoice.created.json", ids);
        String invoiceId = webhook.at("/invoice/lago_id").asText();

        publish("invoice.finalized", webhook, uniqueId("lago-applied"));

        JsonNode invoice = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId)).body()
                .get("invoice");
        // Fee 1: 6.0073 + 2.3105 = 832 cents as 601 + 231; fee 2 (29.57): 1.9221 + 0.7393 = 266 cents as 192 + 74.
        assertThat(invoice.get("applied_taxes")).isEqualTo(tree("""
                [{"tax_name": "WA STATE TAX", "tax_code": "wa_state_tax", "tax_rate": 6.5, "tax_description": "state",
                  "amount_cents": 793, "amount_currency": "USD", "fees_amount_cents": 12199},
                 {"tax_name": "WA CITY TAX", "tax_code": "wa_city_tax", "tax_rate": 2.5, "tax_description": "city",
                  "amount_cents": 305, "amount_currency": "USD", "fees_amount_cents": 12199}]"""));
        assertThat(invoice.get("taxes_amount_cents").asLong()).isEqualTo(793 + 305);
    }

    @Test
    void creditNoteShareWithAFractionOfHalfACentOrMoreIsRoundedUpAsLagoDoes() {
        String ids = freshIds();
        ObjectNode invoice = LagoFixtures.lago(mapper, "invoice.created.json", ids);
        String invoiceId = invoice.at("/invoice/lago_id").asText();
        publish("invoice.finalized", invoice, uniqueId("lago-created"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        ObjectNode webhook = LagoFixtures.lago(mapper, "credit_note.created.json", ids);
        // 7000 of the 10000 fee after its coupon share (757.5757...): 7000 / 10000 x 9242.4242... = 6469.697.
        ((ObjectNode) webhook.at("/credit_note/items/1")).put("amount_cents", 7000);
        String noteId = webhook.at("/credit_note/lago_id").asText();

        publish("credit_note.created", webhook, uniqueId("lago-cn"));

        Event event = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        JsonNode line = simulator.journal().forDocument("cn_" + noteId).get(0).body()
                .at("/createTransactionModel/lines/1");
        assertThat(line.get("number").asText()).isEqualTo(ids + "1a901a90e001");
        assertThat(line.get("amount").decimalValue()).as("Lago's .round, not .to_i (64.69)")
                .isEqualByComparingTo("-64.70");
        // The tax returned: 832 charged x 6470 / 9242 = 582.45, rounded towards zero.
        assertThat(line.at("/taxOverride/taxAmount").decimalValue()).isEqualByComparingTo("-5.82");
        assertThat(event.body().at("/credit_note/fees/1/amount_cents").asLong()).isEqualTo(6470);
        assertThat(event.body().at("/credit_note/fees/1/taxes_amount_cents").asLong()).isEqualTo(582);
        assertThat(event.body().at("/credit_note/applied_taxes/0/fees_amount_cents").asLong())
                .as("the first item credits all of the 2957 invoiced").isEqualTo(2957 + 6470);
    }

    private ObjectNode invoiceFor(String ids, String customerCase) {
        ObjectNode webhook = LagoFixtures.lago(mapper, "invoice.created.json", ids);
        JsonNode customer = LagoFixtures.lago(mapper, "customers.real-world.json", ids).get(customerCase);
        ((ObjectNode) webhook.get("invoice")).set("customer", customer);
        return webhook;
    }
}
