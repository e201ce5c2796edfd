package dev.taxbridge.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.address.AddressRules;
import dev.taxbridge.address.BillingEntityProperties;
import dev.taxbridge.address.BillingEntityProperties.BillingEntity;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxProperties;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.TestConnections;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.lago.LagoModels.IntegrationCustomer;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.lago.LagoModels.Item;
import dev.taxbridge.mapping.ItemMapping;
import dev.taxbridge.mapping.MappingProperties;
import dev.taxbridge.mapping.MappingProperties.ConnectionMappings;
import dev.taxbridge.mapping.MappingSet;
import dev.taxbridge.mapping.TaxMappingResolver;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class InvoiceTransactionsTest {

    private static Customer customer(String externalId, IntegrationCustomer... integrations) {
        return new Customer("lago_cust_1", externalId, "Customer", null, "1 Main St", null, "Seattle", "WA",
                "98104", "US", null, integrations == null ? null : Arrays.asList(integrations));
    }


    // --- customerCode ---------------------------------------------------------------------------

    private static final ConnectionRegistry CONNECTIONS = TestConnections.registry(new AvataxProperties("default",
            Map.of("default", settings(), "avalara_us", settings()), "test"));

    private static AvataxProperties.ConnectionSettings settings() {
        return new AvataxProperties.ConnectionSettings("http://127.0.0.1:9", "1", "k", "DEFAULT", null, null, null,
                null, null, null);
    }

    private static String customerCode(Customer customer) {
        return CONNECTIONS.customerCode(customer);
    }

    @Test
    void anEntryWithTypeNullWhoseIntegrationCodeIsAConnectionIsTheAvalaraLink() {
        Customer linked = customer("cust_ext_1", new IntegrationCustomer(null, null, "avalara_us", "AVA-NULL-1"));

        assertThat(customerCode(linked)).isEqualTo("AVA-NULL-1");
        assertThat(CONNECTIONS.choose(null, linked, null).code()).isEqualTo("avalara_us");
    }

    @Test
    void anEntryWithTypeNullNamingNoConnectionIsNotALink() {
        Customer linked = customer("cust_ext_1", new IntegrationCustomer(null, null, "netsuite_prod", "NS-9"));

        assertThat(customerCode(linked)).isEqualTo("cust_ext_1");
        assertThat(CONNECTIONS.choose(null, linked, null).code()).isEqualTo("default");
    }

    @Test
    void aTypedAvalaraEntryWinsOverAnUntypedOne() {
        Customer linked = customer("cust_ext_1", new IntegrationCustomer(null, null, "default", "UNTYPED"),
                new IntegrationCustomer("avalara", null, "avalara_us", "TYPED"));

        assertThat(customerCode(linked)).isEqualTo("TYPED");
    }

    @Test
    void customerCodeIsExternalIdWhenNoIntegrationCustomers() {
        assertThat(customerCode(customer("cust_ext_1", (IntegrationCustomer[]) null)))
                .isEqualTo("cust_ext_1");
        assertThat(customerCode(customer("cust_ext_1"))).isEqualTo("cust_ext_1");
    }

    @Test
    void avalaraExternalCustomerIdWinsOverExternalId() {
        Customer linked = customer("cust_ext_1", new IntegrationCustomer("avalara", null, "default", "AVA-42"));

        assertThat(customerCode(linked)).isEqualTo("AVA-42");
    }

    @Test
    void integrationEntriesOfOtherTypesAreIgnored() {
        Customer linked = customer("cust_ext_1",
                new IntegrationCustomer("netsuite", null, "ns", "NS-1"),
                new IntegrationCustomer("anrok", null, "anrok", "ANROK-1"));

        assertThat(customerCode(linked)).isEqualTo("cust_ext_1");
    }

    @Test
    void avalaraEntryAfterOtherTypesIsFound() {
        Customer linked = customer("cust_ext_1",
                new IntegrationCustomer("netsuite", null, "ns", "NS-1"),
                null,
                new IntegrationCustomer("avalara", null, "default", "AVA-42"));

        assertThat(customerCode(linked)).isEqualTo("AVA-42");
    }

    @Test
    void avalaraIntegrationTypeIsMatchedCaseInsensitively() {
        Customer linked = customer("cust_ext_1", new IntegrationCustomer("Avalara", null, "default", "AVA-42"));

        assertThat(customerCode(linked)).isEqualTo("AVA-42");
    }

    @ParameterizedTest(name = "avalara external_customer_id \"{0}\" falls back to external_id")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void blankAvalaraCustomerIdFallsBackToExternalId(String avalaraId) {
        Customer linked = customer("cust_ext_1", new IntegrationCustomer("avalara", null, "default", avalaraId));

        assertThat(customerCode(linked)).isEqualTo("cust_ext_1");
    }

    @Test
    void lagoCreateCustomerInputsIntegrationTypeNamesTheAvalaraEntryToo() {
        Customer linked = customer("cust_ext_1", new IntegrationCustomer(null, "avalara", "default", "AVA-7"));

        assertThat(customerCode(linked)).isEqualTo("AVA-7");
    }

    @Test
    void lagosOutputTypeWinsOverIntegrationType() {
        Customer linked = customer("cust_ext_1", new IntegrationCustomer("netsuite", "avalara", "ns", "NS-1"));

        assertThat(customerCode(linked)).isEqualTo("cust_ext_1");
    }

    // --- lines: the billing entity used for the mapping lookup ------------------------------------

    @Test
    void linesSkipCreditFeesAndSendNetAmountsInMajorUnitsWithMappedCodes() {
        TaxMappingResolver mappings = new TaxMappingResolver(new MappingProperties(Map.of("default",
                new ConnectionMappings(new MappingSet(Map.of("setup", new ItemMapping("SW052000", "SETUP")), null,
                        new ItemMapping("SW054000", null), null, null), null))));
        AddressRules addresses = new AddressRules(new BillingEntityProperties(Map.of(), "acme"));
        InvoiceTransactions transactions = new InvoiceTransactions(null, null, mappings, addresses,
                new CustomerExemptions("avalara_entity_use_code", "avalara_exemption_no"));
        Invoice invoice = new Invoice("inv_1", "INV-1", LocalDate.of(2025, 1, 31), "KWD", "acme", customer("c1"),
                List.of(new Fee("fee_sub", new Item("subscription", "pro_plan", "Pro"), new BigDecimal("1.0"), 12_345L,
                                12_000L, new BigDecimal("345.0")),
                        new Fee("fee_credit", new Item("credit", "credit", "Credit"), null, 500L, null, null),
                        new Fee("fee_setup", new Item("add_on", "setup", "Setup"), BigDecimal.ZERO, 1_000L, null,
                                null)));
        AvataxConnection connection = new AvataxConnection("default", "http://localhost", "DEFAULT", "Basic x");

        List<LineItemModel> lines = transactions.lines(invoice, connection, Currency.getInstance("KWD"));

        assertThat(lines).containsExactly(
                new LineItemModel("fee_sub", BigDecimal.ONE, new BigDecimal("12.000"), "SW054000", "pro_plan", "Pro"),
                new LineItemModel("fee_setup", BigDecimal.ONE, new BigDecimal("1.000"), "SW052000", "SETUP", "Setup"));
    }

    @Test
    void invoiceWithoutBillingEntityCodeUsesTheDefaultBillingEntitysMappingLikeShipFromDoes() {
        BillingEntity acme = new BillingEntity("Acme", "255 S King St", null, "Seattle", "WA", "98104", "US");
        AddressRules addresses = new AddressRules(new BillingEntityProperties(Map.of("acme", acme), "acme"));
        TaxMappingResolver mappings = new TaxMappingResolver(new MappingProperties(Map.of("default",
                new ConnectionMappings(
                        new MappingSet(Map.of("setup", new ItemMapping("DEFAULT_CODE", null)), null, null, null, null),
                        Map.of("acme", new MappingSet(Map.of("setup", new ItemMapping("ACME_CODE", null)),
                                null, null, null, null))))));
        InvoiceTransactions transactions = new InvoiceTransactions(null, null, mappings, addresses,
                new CustomerExemptions("avalara_entity_use_code", "avalara_exemption_no"));
        Invoice invoice = new Invoice("inv_1", "INV-1", LocalDate.of(2025, 1, 31), "USD", null,
                customer("cust_ext_1"), List.of(new Fee("fee_1", new Item("add_on", "setup", "Setup"), null, 1000L,
                        null, null)));
        AvataxConnection connection = new AvataxConnection("default", "http://localhost", "DEFAULT", "Basic x");

        // ShipFrom falls back to the default billing entity "acme" ...
        assertThat(addresses.shipFrom(invoice.billingEntityCode()).city()).isEqualTo("Seattle");
        // ... so the mapping lookup should start from acme's mapping too.
        List<LineItemModel> lines = transactions.lines(invoice, connection, Currency.getInstance("USD"));
        assertThat(lines).extracting(LineItemModel::taxCode).containsExactly("ACME_CODE");
    }
}
