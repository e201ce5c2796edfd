package dev.taxbridge.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.taxbridge.address.AddressRules;
import dev.taxbridge.address.BillingEntityProperties;
import dev.taxbridge.address.BillingEntityProperties.BillingEntity;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxProperties;
import dev.taxbridge.avatax.AvataxProperties.ConnectionSettings;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.TestConnections;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.mapping.ItemMapping;
import dev.taxbridge.mapping.MappingProperties;
import dev.taxbridge.mapping.MappingProperties.ConnectionMappings;
import dev.taxbridge.mapping.MappingSet;
import dev.taxbridge.mapping.TaxMappingResolver;
import dev.taxbridge.messaging.CommandReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class EstimateRequestsTest {

    // As spring.jackson configures the bridge's mapper: Lago objects carry many fields the bridge does not read.
    static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    final EstimateRequests requests = requests();

    @Test
    void currentUsageSendsOnlyPositiveNonCreditFeesNamedByPositionDatedTodayWithItsCacheKey() {
        Estimate estimate = requests.currentUsage(usage("""
                "currency": "USD",""", """
                {"item": {"type": "subscription", "code": "premium"}, "amount_cents": 9900},
                {"item": {"type": "charge", "code": "api_calls"}, "amount_cents": 1000, "precise_coupons_amount_cents": "1000.0"},
                {"lago_id": "credit-1", "item": {"type": "credit", "code": "credit"}, "amount_cents": 500},
                {"item": {"type": "charge", "code": "storage"}, "amount_cents": 250}"""));

        assertThat(estimate.fees()).extracting(f -> f.lagoId()).containsExactly("fee-0", "fee-1", "credit-1", "fee-3");
        assertThat(estimate.lines()).extracting(l -> l.number()).containsExactly("fee-0", "fee-3");
        CreateTransactionModel model = (CreateTransactionModel) estimate.call().body();
        assertThat(model.type()).isEqualTo("SalesOrder");
        assertThat(model.commit()).isFalse();
        assertThat(model.code()).isEqualTo("usage-sub-1");
        assertThat(model.date()).isEqualTo(LocalDate.of(2026, 3, 14));
        assertThat(estimate.key().subscriptionExternalId()).isEqualTo("sub-1");
        assertThat(estimate.key().planVersion()).isEqualTo("2");
        assertThat(estimate.key().customerCode()).isEqualTo("CUS-1");
        assertThat(estimate.key().lines()).extracting(UsageKey.LinePair::itemCode).containsExactly("FALLBACK", "SUB");
    }

    @Test
    void currentUsageWithoutCurrencyUsesTheCustomersAndFailsWithNeither() {
        Estimate estimate = requests.currentUsage(usage("", """
                {"item": {"type": "subscription", "code": "premium"}, "amount_cents": 100}""",
                "\"currency\": \"JPY\","));
        assertThat(estimate.currency().getCurrencyCode()).isEqualTo("JPY");

        assertThatThrownBy(() -> requests.currentUsage(usage("", """
                {"item": {"type": "subscription", "code": "premium"}, "amount_cents": 100}""")))
                .isInstanceOfSatisfying(TaxBridgeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);
                    assertThat(e.getMessage()).contains("currency");
                });
    }

    @Test
    void noTaxableFeeMeansNoCallEvenWithoutAnAddress() {
        Estimate estimate = requests.currentUsage(bytes("""
                {"currency": "USD", "customer": {"external_id": "CUS-1"},
                 "subscription": {"external_id": "sub-1", "plan_code": "premium"},
                 "fees": [{"item": {"type": "charge", "code": "api_calls"}, "amount_cents": 0},
                          {"item": {"type": "charge", "code": "api_calls"}, "amount_cents": -300}]}"""));

        assertThat(estimate.call()).isNull();
        assertThat(estimate.key()).isNull();
        assertThat(estimate.fees()).hasSize(2);
    }

    @Test
    void unknownPurposeDuplicateFeeNamesAndMissingSubscriptionAreInvalid() {
        String fee = """
                {"lago_id": "f", "item": {"type": "charge", "code": "api_calls"}, "amount_cents": 1}""";
        assertThatThrownBy(() -> requests.currentUsage(usage("\"currency\": \"USD\", \"purpose\": \"invoice\",", fee)))
                .hasMessageContaining("purpose");
        assertThatThrownBy(() -> requests.currentUsage(usage("\"currency\": \"USD\",", fee + "," + fee)))
                .hasMessageContaining("'f'");
        assertThatThrownBy(() -> requests.currentUsage(bytes("""
                {"currency": "USD", "customer": {"external_id": "CUS-1"}, "fees": []}""")))
                .hasMessageContaining("subscription");
    }

    @Test
    void oneOffInvoiceWithoutIdsIsASalesOrderWithoutCode() {
        Estimate estimate = requests.oneOffInvoice(bytes("""
                {"invoice": {"currency": "USD", "customer": %s,
                  "fees": [{"item": {"type": "add_on", "code": "setup"}, "units": "2", "amount_cents": 4680}]}}"""
                .formatted(CUSTOMER)));

        CreateTransactionModel model = (CreateTransactionModel) estimate.call().body();
        assertThat(model.code()).isNull();
        assertThat(model.lines()).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo("fee-0");
            assertThat(line.amount()).isEqualByComparingTo("46.80");
        });
        assertThat(estimate.key()).as("one-off invoices are not cached").isNull();
    }

    @Test
    void requestWithoutReplyToIsRefused() {
        assertThatThrownBy(() -> requests.requireReplyTo(null)).isInstanceOfSatisfying(TaxBridgeException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE));
        requests.requireReplyTo("amq.rabbitmq.reply-to.g1h2AA");
    }

    static final String CUSTOMER = """
            {"external_id": "CUS-1", "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island",
             "state": "WA", "zipcode": "98110", "country": "US"}""";

    private static byte[] usage(String top, String fees) {
        return usage(top, fees, "");
    }

    private static byte[] usage(String top, String fees, String customerExtra) {
        return bytes("""
                {%s "customer": {%s %s},
                 "subscription": {"external_id": "sub-1", "plan_code": "premium", "plan_version": 2},
                 "fees": [%s]}""".formatted(top, customerExtra, CUSTOMER.substring(1, CUSTOMER.length() - 1), fees));
    }

    // --- Lago's customer_usage ---------------------------------------------------------------------

    private static byte[] lagoUsage(String units, String amountCents, String extra) {
        return bytes("""
                {"customer": {"external_id": "cus-9", "currency": "EUR", "billing_entity_code": "acme",
                   "address_line1": "1 Main St", "city": "Seattle", "state": "WA", "zipcode": "98101", "country": "US"},
                 %s
                 "customer_usage": {"from_datetime": "2026-02-01T00:00:00Z", "to_datetime": "2026-02-28T23:59:59Z",
                   "issuing_date": "2026-03-01", "currency": "USD", "amount_cents": 5000, "total_amount_cents": 5000,
                   "taxes_amount_cents": 0, "lago_invoice_id": null,
                   "charges_usage": [
                     {"units": %s, "events_count": 3, "amount_cents": %s, "amount_currency": "USD",
                      "charge": {"lago_id": "ch-1", "charge_model": "standard", "invoice_display_name": ""},
                      "billable_metric": {"lago_id": "bm-1", "name": "API calls", "code": "api_calls",
                                          "aggregation_type": "count_agg"}, "filters": [], "grouped_usage": []},
                     {"units": "0.0", "events_count": 0, "amount_cents": 0, "amount_currency": "USD",
                      "charge": {"lago_id": "ch-2", "charge_model": "graduated", "invoice_display_name": "Disk"},
                      "billable_metric": {"lago_id": "bm-2", "name": "Storage", "code": "storage",
                                          "aggregation_type": "max_agg"}, "filters": [], "grouped_usage": []}]}}
                """.formatted(extra, units, amountCents));
    }

    @Test
    void lagoCustomerUsageIsOneLinePerChargeWithAnAmountNamedByTheChargeAndDatedTheUsagesIssuingDate() {
        Estimate estimate = requests.currentUsage(lagoUsage("\"2500.0\"", "5000",
                "\"external_subscription_id\": \"sub-9\","));

        assertThat(estimate.fees()).extracting(f -> f.lagoId()).containsExactly("ch-1", "ch-2");
        assertThat(estimate.lines()).hasSize(1);
        var line = estimate.lines().get(0);
        assertThat(line.number()).isEqualTo("ch-1");
        assertThat(line.quantity()).isEqualByComparingTo("2500");
        assertThat(line.amount()).isEqualByComparingTo("50.00");
        assertThat(line.description()).as("the metric's name when the charge has no display name")
                .isEqualTo("API calls");
        CreateTransactionModel model = (CreateTransactionModel) estimate.call().body();
        assertThat(model.date()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(model.currencyCode()).as("the usage's currency, not the customer's").isEqualTo("USD");
        assertThat(model.code()).isEqualTo("usage-sub-9");
        assertThat(estimate.key().subscriptionExternalId()).isEqualTo("sub-9");
        assertThat(estimate.currency().getCurrencyCode()).isEqualTo("USD");
    }

    @Test
    void lagoUnitsAreReadAsTheDecimalStringLagoSendsOrAsANumber() {
        Estimate text = requests.currentUsage(lagoUsage("\"0.5\"", "5000", ""));
        Estimate number = requests.currentUsage(lagoUsage("0.5", "5000", ""));

        assertThat(text.lines().get(0).quantity()).isEqualByComparingTo("0.5");
        assertThat(number.lines()).isEqualTo(text.lines());
        assertThat(text.key()).isEqualTo(number.key());
        assertThat(((CreateTransactionModel) text.call().body()).code()).as("no subscription id, no code").isNull();
    }

    @Test
    void lagoUsageAmountWithAFractionOfACentIsInvalid() {
        assertThatThrownBy(() -> requests.currentUsage(lagoUsage("\"1\"", "50.5", "")))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("amount_cents");
    }

    @Test
    void lagoUsageWithTheBridgesFeesBesideItIsInvalid() {
        assertThatThrownBy(() -> requests.currentUsage(lagoUsage("\"1\"", "5000", "\"fees\": [],")))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("customer_usage");
    }

    @Test
    void lagoUsageChargeWithoutItsLagoIdIsInvalid() {
        byte[] body = new String(lagoUsage("\"1\"", "5000", ""), StandardCharsets.UTF_8)
                .replace("\"lago_id\": \"ch-1\", ", "").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> requests.currentUsage(body))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("customer_usage.charges_usage[0].charge.lago_id");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static EstimateRequests requests() {
        CommandReader reader = new CommandReader(MAPPER);
        ConnectionRegistry connections = TestConnections.registry(new AvataxProperties("default",
                Map.of("default", new ConnectionSettings("http://avatax.test", "1", "key-123456", "DEFAULT")), "t"));
        MappingSet defaults = new MappingSet(Map.of(), Map.of(), new ItemMapping("SW054000", "SUB"), null,
                new ItemMapping("P0000000", "FALLBACK"));
        TaxMappingResolver mappings = new TaxMappingResolver(new MappingProperties(Map.of("default",
                new ConnectionMappings(defaults, Map.of()))));
        AddressRules addresses = new AddressRules(new BillingEntityProperties(Map.of("acme", new BillingEntity("Acme",
                "255 S King St", null, "Seattle", "WA", "98104", "US")), "acme"));
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("clock", Clock.fixed(Instant.parse("2026-03-14T23:30:00Z"), ZoneOffset.UTC));
        return new EstimateRequests(reader, connections, new InvoiceTransactions(reader, connections, mappings,
                addresses, new dev.taxbridge.tax.CustomerExemptions("avalara_entity_use_code", "avalara_exemption_no")),
                beans.getBeanProvider(Clock.class));
    }
}
