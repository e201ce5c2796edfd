package dev.taxbridge.customer;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerSyncIntegrationTest extends BridgeIntegrationTest {

    private static final long DEFAULT_COMPANY_ID = 7010001;

    @Test
    void createInAvalaraCreatesTheCustomerAndAReplayWritesNothing() {
        String code = uniqueId("cus");
        publish("customer.created", customerCommand(code, true, null, "Bainbridge Island"), uniqueId("msg"));

        Event event = events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", code));

        List<Call> calls = simulator.journal().forDocument(code);
        assertThat(calls).extracting(Call::method, Call::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", 404), org.assertj.core.groups.Tuple.tuple("POST", 201));
        assertThat(calls.get(0).path()).isEqualTo("/api/v2/companies/7010001/customers/" + code);
        assertThat(calls.get(1).path()).isEqualTo("/api/v2/companies/7010001/customers");
        assertThat(calls.get(1).body()).isEqualTo(tree("""
                [{"companyId": 7010001, "customerCode": "%s", "name": "Test Customer", "line1": "100 Ravine Lane NE",
                  "city": "Bainbridge Island", "region": "WA", "postalCode": "98110", "country": "US"}]"""
                .formatted(code)));
        JsonNode stored = simulator.customers().get(DEFAULT_COMPANY_ID, code);
        assertThat(stored.get("city").asText()).isEqualTo("Bainbridge Island");

        JsonNode customer = event.body().get("customer");
        assertThat(event.body().get("connection").asText()).isEqualTo("default");
        assertThat(customer.get("lago_customer_id").asText()).isEqualTo("lago-" + code);
        assertThat(customer.get("tax_provider").asText()).isEqualTo("avalara");
        assertThat(customer.get("tax_provider_code").asText()).isEqualTo("default");
        assertThat(customer.get("avalara_customer_id").asText()).isEqualTo(code);
        assertThat(customer.at("/avalara/action").asText()).isEqualTo("created");
        assertThat(customer.at("/avalara/company_id").asLong()).isEqualTo(DEFAULT_COMPANY_ID);
        assertThat(customer.at("/avalara/customer_id").asLong()).isEqualTo(stored.get("id").asLong());

        String modified = stored.get("modifiedDate").asText();
        publish("customer.created", customerCommand(code, true, null, "Bainbridge Island"), uniqueId("replay"));
        List<Event> both = events.await("customer.tax_provider_synced", field("/customer/external_customer_id", code), 2);

        assertThat(both.get(1).body().at("/customer/avalara/action").asText()).isEqualTo("unchanged");
        assertThat(both.get(1).body().at("/customer/avalara/customer_id").asLong()).isEqualTo(stored.get("id").asLong());
        List<Call> replay = simulator.journal().forDocument(code);
        assertThat(replay).hasSize(3);
        assertThat(replay.get(2).method()).as("only read").isEqualTo("GET");
        assertThat(simulator.customers().get(DEFAULT_COMPANY_ID, code).get("modifiedDate").asText()).isEqualTo(modified);
    }

    @Test
    void updatedCustomerIsPutWhenAFieldChanged() {
        String code = uniqueId("cus");
        publish("customer.created", customerCommand(code, true, null, "Bainbridge Island"), uniqueId("msg"));
        events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", code));

        ObjectNode moved = customerCommand(code, true, null, "Seattle");
        ((ObjectNode) moved.get("customer")).put("zipcode", "98104");
        publish("customer.updated", moved, uniqueId("msg"));

        events.await("customer.tax_provider_synced", field("/customer/avalara/action", "updated")
                .and(field("/customer/external_customer_id", code)), 1);
        Call put = last(simulator.journal().forDocument(code));
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/api/v2/companies/7010001/customers/" + code);
        assertThat(put.body()).isEqualTo(tree("""
                {"companyId": 7010001, "customerCode": "%s", "name": "Test Customer", "line1": "100 Ravine Lane NE",
                 "city": "Seattle", "region": "WA", "postalCode": "98104", "country": "US"}""".formatted(code)));
        JsonNode stored = simulator.customers().get(DEFAULT_COMPANY_ID, code);
        assertThat(stored.get("city").asText()).isEqualTo("Seattle");
        assertThat(stored.get("postalCode").asText()).isEqualTo("98104");
    }

    @Test
    void linkingToAnExistingAvalaraCustomerOnlyReadsIt() {
        String avalaraCode = uniqueId("ava");
        publish("customer.created", customerCommand(avalaraCode, true, null, "Bainbridge Island"), uniqueId("msg"));
        events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", avalaraCode));

        String lagoCustomer = uniqueId("cus");
        publish("customer.updated", customerCommand(lagoCustomer, false, avalaraCode, "Bainbridge Island"),
                uniqueId("msg"));

        Event event = events.awaitOne("customer.tax_provider_synced",
                field("/customer/external_customer_id", lagoCustomer));
        assertThat(event.body().at("/customer/avalara/action").asText()).isEqualTo("linked");
        assertThat(event.body().at("/customer/avalara_customer_id").asText()).isEqualTo(avalaraCode);
        Call read = last(simulator.journal().forDocument(avalaraCode));
        assertThat(read.method()).isEqualTo("GET");
        assertThat(read.status()).isEqualTo(200);
        assertThat(simulator.journal().forDocument(avalaraCode)).hasSize(3);
        assertThat(simulator.customers().get(DEFAULT_COMPANY_ID, lagoCustomer)).isNull();
    }

    @Test
    void linkingToAnAvalaraCustomerThatDoesNotExistIsReportedAndParked() {
        String lagoCustomer = uniqueId("cus");
        String missing = uniqueId("ava-missing");
        String messageId = uniqueId("msg");
        publish("customer.created", customerCommand(lagoCustomer, false, missing, "Bainbridge Island"), messageId);

        Event failure = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", lagoCustomer));
        assertThat(failure.body().get("lago_customer_id").asText()).isEqualTo("lago-" + lagoCustomer);
        assertThat(failure.body().get("tax_provider").asText()).isEqualTo("avalara");
        assertThat(failure.body().get("tax_provider_code").asText()).isEqualTo("default");
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("provider_error");
        assertThat(failure.body().at("/provider_error/provider_code").asText()).isEqualTo("EntityNotFoundError");
        assertThat(failure.body().at("/provider_error/message").asText()).contains(missing);
        GetResponse parked = deadLetters.awaitParked("tax.customers.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("provider_error");
        assertThat(parked.getProps().getHeaders().get("x-original-routing-key").toString())
                .isEqualTo("customer.created");
        assertThat(simulator.journal().forDocument(missing)).extracting(Call::method).containsExactly("GET");
        assertThat(events.named("customer.tax_provider_synced", field("/customer/external_customer_id", lagoCustomer)))
                .isEmpty();
    }

    @Test
    void companyIdIsLookedUpOncePerConnectionAndCached() {
        // Two connections only this test uses, on a company of their own (CUSTSYNC, bridge-test.properties):
        // every lookup of that company code is one of theirs, whatever ran before.
        assertThat(companyLookups("CUSTSYNC")).as("none before this test").isEmpty();
        sync("lookupa");
        assertThat(companyLookups("CUSTSYNC")).as("the first connection's lookup").hasSize(1)
                .allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
        sync("lookupa");
        assertThat(companyLookups("CUSTSYNC")).as("cached after the first lookup").hasSize(1);
        sync("lookupb");
        assertThat(companyLookups("CUSTSYNC")).as("the second connection looks it up for itself").hasSize(2);
        sync("lookupb");
        sync("lookupa");
        assertThat(companyLookups("CUSTSYNC")).as("one per connection").hasSize(2)
                .extracting(Call::method).containsOnly("GET");
    }

    /** One customer created in AvaTax through that connection, on the company of id 7010011. */
    private void sync(String connection) {
        String code = uniqueId("cus");
        ObjectNode command = customerCommand(code, true, null, "Bainbridge Island");
        command.put("connection", connection);
        publish("customer.created", command, uniqueId("msg"));
        events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", code));
        assertThat(simulator.customers().get(7010011, code)).as(code + " created on CUSTSYNC").isNotNull();
    }

    @Test
    void unknownCompanyIsAConnectionLevelFault() {
        String code = uniqueId("cus");
        String messageId = uniqueId("msg");
        ObjectNode command = customerCommand(code, true, null, "Bainbridge Island");
        command.put("connection", "nocompany");
        publish("customer.created", command, messageId);

        Event failure = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", code));
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("company_not_found");
        assertThat(failure.body().get("tax_provider_code").asText()).isEqualTo("nocompany");
        Event integration = integrationError(messageId);
        assertThat(integration.body().get("provider").asText()).isEqualTo("avalara");
        assertThat(integration.body().get("provider_code").asText()).isEqualTo("nocompany");
        assertThat(integration.body().at("/provider_error/error_code").asText()).isEqualTo("company_not_found");
        assertThat(companyLookups("NOSUCHCO")).isNotEmpty();
        assertThat(simulator.journal().forDocument(code)).as("no customer call").isEmpty();
        deadLetters.awaitParked("tax.customers.dlq", messageId);
    }

    @Test
    void refusedCredentialsAreAConnectionLevelFaultAndTheKeyIsNeverShown() {
        String code = uniqueId("cus");
        String messageId = uniqueId("msg");
        ObjectNode command = customerCommand(code, true, null, "Bainbridge Island");
        command.put("connection", "badcreds");
        publish("customer.updated", command, messageId);

        Event failure = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", code));
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_credentials");
        Event integration = integrationError(messageId);
        assertThat(integration.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_credentials");
        GetResponse parked = deadLetters.awaitParked("tax.customers.dlq", messageId);
        assertThat(parked.getProps().getHeaders().toString()).doesNotContain("wrong-license-key-4F2C9E");
        assertThat(failure.body().toString() + integration.body()).doesNotContain("wrong-license-key-4F2C9E");
    }

    @Test
    void unknownConnectionIsAConnectionLevelFaultWithoutAnyCall() {
        String code = uniqueId("cus");
        String messageId = uniqueId("msg");
        ObjectNode command = customerCommand(code, true, null, "Bainbridge Island");
        command.put("connection", "nowhere");
        publish("customer.created", command, messageId);

        Event failure = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", code));
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("connection_not_found");
        assertThat(integrationError(messageId).body().get("provider_code").asText()).isEqualTo("nowhere");
        assertThat(simulator.journal().forDocument(code)).isEmpty();
    }

    @Test
    void unavailableAvataxIsRetriedABoundedNumberOfTimesThenParked() {
        String recovering = uniqueId("cus");
        simulator.faults().add(new Fault(500, null, null, 1, null, recovering, null, null));
        publish("customer.created", customerCommand(recovering, true, null, "Bainbridge Island"), uniqueId("msg"));
        events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", recovering));
        assertThat(simulator.journal().forDocument(recovering)).extracting(Call::status).containsExactly(500, 404, 201);

        String down = uniqueId("cus");
        String messageId = uniqueId("msg");
        simulator.faults().add(new Fault(500, null, null, null, null, down, null, null));
        publish("customer.created", customerCommand(down, true, null, "Bainbridge Island"), messageId);

        Event failure = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", down));
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("provider_unavailable");
        GetResponse parked = deadLetters.awaitParked("tax.customers.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-attempts").toString()).isEqualTo("3");
        assertThat(simulator.journal().forDocument(down)).as("tax.retry.max-attempts in the tests").hasSize(3);
    }

    private ObjectNode customerCommand(String externalId, boolean create, String avalaraId, String city) {
        ObjectNode command = (ObjectNode) tree("""
                {"customer": {"lago_id": "lago-%s", "external_id": "%s", "name": "Test Customer",
                  "address_line1": "100 Ravine Lane NE", "city": "%s", "state": "WA", "zipcode": "98110",
                  "country": "US"},
                 "sync": {"create_in_avalara": %s}}""".formatted(externalId, externalId, city, create));
        if (avalaraId != null) {
            ((ObjectNode) command.get("sync")).put("avalara_customer_id", avalaraId);
        }
        return command;
    }

    private Event integrationError(String messageId) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> integrationErrors(messageId)
                .size() == 1);
        return integrationErrors(messageId).get(0);
    }

    private List<Event> integrationErrors(String messageId) {
        return events.all().stream().filter(e -> e.name().equals("integration.provider_error")
                && messageId.equals(String.valueOf(e.properties().getHeaders().get("x-source-message-id")))).toList();
    }

    private List<Call> companyLookups(String companyCode) {
        return simulator.journal().calls(call -> call.path()
                .equals("/api/v2/companies?$filter=companyCode eq '" + companyCode + "'"));
    }

    private static Call last(List<Call> calls) {
        return calls.get(calls.size() - 1);
    }
}
