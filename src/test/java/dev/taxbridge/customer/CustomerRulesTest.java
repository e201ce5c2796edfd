package dev.taxbridge.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxProperties;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.TestConnections;
import dev.taxbridge.avatax.AvataxModels.CompanyModel;
import dev.taxbridge.avatax.AvataxModels.CustomerModel;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.customer.CustomerModels.CustomerSyncCommand;
import dev.taxbridge.customer.CustomerModels.Sync;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.IntegrationCustomer;
import dev.taxbridge.lago.LagoModels.PostalAddress;
import dev.taxbridge.messaging.CommandReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerRulesTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ConnectionRegistry connections = TestConnections.registry(new AvataxProperties("default",
            Map.of("default", new AvataxProperties.ConnectionSettings("http://avatax", "1", "key-123456", "DEFAULT")),
            "test"));
    private final CustomerSync sync = new CustomerSync(new CommandReader(mapper), connections);

    @Test
    void customerRecordUsesTheBillingAddressElseTheShippingAddressAndExternalIdAsName() {
        Customer noBilling = customer(null, "", null, new PostalAddress("1 Main St", null, "Portland", "OR", "97201",
                "us"), List.of());

        CustomerModel model = CustomerSync.model(new CustomerSyncCommand(null, noBilling, new Sync(true, null)), 7);

        assertThat(model).isEqualTo(new CustomerModel(null, 7L, "ext-1", "ext-1", "1 Main St", null, "Portland",
                "OR", "97201", "US"));
    }

    @Test
    void customerWithoutAnyUsableAddressCannotBeCreated() {
        Customer nowhere = customer("Name", null, null, null, List.of());
        assertThatThrownBy(() -> CustomerSync.model(new CustomerSyncCommand(null, nowhere, new Sync(true, null)), 7))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MISSING_ADDRESS));
    }

    @Test
    void avalaraCodeIsTheSyncIdElseTheIntegrationIdElseTheExternalId() {
        Customer linked = customer("N", "1 A St", "WA", null,
                List.of(new IntegrationCustomer("avalara", null, "default", "AVA-9")));
        assertThat(CustomerSync.customerCode(new CustomerSyncCommand(null, linked, new Sync(false, " AVA-1 "))))
                .isEqualTo("AVA-1");
        assertThat(CustomerSync.customerCode(new CustomerSyncCommand(null, linked, new Sync(false, null))))
                .isEqualTo("AVA-9");
        assertThat(CustomerSync.customerCode(new CustomerSyncCommand(null, customer("N", "1 A St", "WA", null,
                List.of()), new Sync(true, null)))).isEqualTo("ext-1");
    }

    @Test
    void anAvalaraEntryLagoSentWithTypeNullLinksTheCustomer() {
        byte[] body = """
                {"customer": {"external_id": "e", "integration_customers": [
                   {"type": "netsuite", "integration_code": "ns", "external_customer_id": "NS-1"},
                   {"type": null, "integration_code": "default", "external_customer_id": "AVA-NULL"}]},
                 "sync": {"create_in_avalara": false}}""".getBytes();

        CustomerSyncCommand command = sync.parse(body);

        assertThat(CustomerSync.customerCode(command)).isEqualTo("AVA-NULL");
        assertThat(sync.connection(command).code()).isEqualTo("default");
    }

    @Test
    void anUntypedEntryNamingNoConnectionIsNoLink() {
        byte[] body = """
                {"customer": {"external_id": "e", "integration_customers": [
                   {"type": null, "integration_code": "hubspot_prod", "external_customer_id": "HS-1"}]},
                 "sync": {"create_in_avalara": false}}""".getBytes();

        assertThatThrownBy(() -> sync.parse(body)).isInstanceOfSatisfying(TaxBridgeException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @Test
    void linkWithoutAnAvalaraIdIsAnInvalidMessage() {
        byte[] body = """
                {"customer": {"external_id": "e"}, "sync": {"create_in_avalara": false}}""".getBytes();
        assertThatThrownBy(() -> sync.parse(body)).isInstanceOfSatisfying(TaxBridgeException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @Test
    void absentCustomerIsCreatedSameCustomerIsLeftAloneChangedCustomerIsPut() {
        CustomerSyncCommand command = new CustomerSyncCommand(null, customer("N", "1 A St", "WA", null, List.of()),
                new Sync(true, null));

        AvataxCall<?> create = sync.write(command, 7, null);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/api/v2/companies/7/customers");
        // AvaTax's CustomerModel of the Lago customer: its name and billing address, on company 7.
        CustomerModel wanted = new CustomerModel(null, 7L, "ext-1", "N", "1 A St", null, "Seattle", "WA", "98104", "US");
        assertThat(create.body()).isEqualTo(List.of(wanted));

        CustomerModel stored = new CustomerModel(55L, 7L, "ext-1", "N", "1 A St", "", "Seattle", "WA", "98104", "US");
        assertThat(sync.write(command, 7, stored)).as("nothing differs").isNull();

        CustomerModel moved = new CustomerModel(55L, 7L, "ext-1", "N", "1 A St", "", "Tacoma", "WA", "98104", "US");
        AvataxCall<?> update = sync.write(command, 7, moved);
        assertThat(update.method()).isEqualTo("PUT");
        assertThat(update.path()).isEqualTo("/api/v2/companies/7/customers/ext-1");
        assertThat(update.body()).isEqualTo(wanted);
    }

    @Test
    void linkingToAMissingAvalaraCustomerIsAProviderErrorAndAnExistingOneWritesNothing() {
        CustomerSyncCommand link = new CustomerSyncCommand(null, customer("N", "1 A St", "WA", null, List.of()),
                new Sync(false, "AVA-404"));

        assertThatThrownBy(() -> sync.write(link, 7, null)).isInstanceOfSatisfying(TaxBridgeException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_ERROR);
            assertThat(e.providerCode()).isEqualTo("EntityNotFoundError");
            assertThat(e.getMessage()).contains("AVA-404");
        });
        assertThat(sync.write(link, 7, new CustomerModel(1L, 7L, "AVA-404", null, null, null, null, null, null, null)))
                .isNull();
    }

    @Test
    void companyIdIsFoundByCodeAndCachedOnlyWhenFound() {
        CompanyIds ids = new CompanyIds();
        AvataxConnection connection = connections.byCode("default");
        assertThat(ids.cached(connection)).isNull();
        assertThat(ids.lookup(connection).path()).isEqualTo("/api/v2/companies?$filter=companyCode%20eq%20'DEFAULT'");

        assertThatThrownBy(() -> ids.remember(connection, new FetchResult<>(0, List.of(), null)))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPANY_NOT_FOUND));
        assertThat(ids.cached(connection)).isNull();

        var found = new FetchResult<>(1, List.of(new CompanyModel(7010001L, "DEFAULT", "Default")), null);
        assertThat(ids.remember(connection, found)).isEqualTo(7010001);
        assertThat(ids.cached(connection)).isEqualTo(7010001);
    }

    private static Customer customer(String name, String line1, String state, PostalAddress shipping,
            List<IntegrationCustomer> integrations) {
        return new Customer("lago-1", "ext-1", name, null, line1, null, "Seattle", state, "98104", "US", shipping,
                integrations);
    }
}
