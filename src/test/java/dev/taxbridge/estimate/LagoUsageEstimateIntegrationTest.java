package dev.taxbridge.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.estimate.EstimateClient.Reply;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AvataxWireNames;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.LagoFixtures;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code estimate.current_usage} with Lago's own {@code customer_usage} (src/test/resources/lago/customer_usage.json,
 * as {@code GET /api/v1/customers/{id}/current_usage} returns it) and Lago's customer object, over the real broker.
 */
class LagoUsageEstimateIntegrationTest extends BridgeIntegrationTest {

    private EstimateClient client;

    @BeforeEach
    void connect() throws Exception {
        client = new EstimateClient(connectionFactory, mapper, true);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void lagoCustomerUsageIsOneSalesOrderLinePerChargeWithUsageDatedItsIssuingDateThenAnsweredFromTheCache()
            throws Exception {
        String ids = LagoFixtures.freshIds();
        String subscription = uniqueId("sub");
        ObjectNode request = request(ids, subscription);
        String apiCalls = ids + "1a901a90b101";
        String storage = ids + "1a901a90b102";

        Reply first = client.request("estimate.current_usage", request, uniqueId("corr"));

        List<Call> calls = simulator.journal().forDocument("usage-" + subscription);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).path()).isEqualTo("/api/v2/transactions/create");
        JsonNode sent = calls.get(0).body();
        assertThat(sent).isEqualTo(tree("""
                {"type": "SalesOrder", "code": "usage-%s", "companyCode": "DEFAULT", "date": "2026-12-01",
                 "customerCode": "cust_bainbridge_77", "currencyCode": "USD", "commit": false,
                 "addresses": {
                   "shipFrom": {"line1": "255 S King St", "city": "Seattle", "region": "WA", "country": "US",
                                "postalCode": "98104"},
                   "shipTo": {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "region": "WA",
                              "country": "US", "postalCode": "98110"}},
                 "lines": [{"number": "%s", "quantity": 2500, "amount": 50.00, "taxCode": "SW054000",
                            "itemCode": "API_CALLS", "description": "API calls (thousands)"}]}
                """.formatted(subscription, apiCalls)));
        assertThat(AvataxWireNames.unknownFields(sent, "CreateTransactionModel")).isEmpty();

        JsonNode body = first.body();
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("cached").asBoolean()).isFalse();
        assertThat(body.get("currency").asText()).isEqualTo("USD");
        assertThat(body.get("purpose").asText()).isEqualTo("wallet_ongoing_balance");
        assertThat(body.get("taxes_amount_cents").asLong()).isEqualTo(450);
        assertThat(body.get("fees")).hasSize(2);
        assertThat(body.at("/fees/0/lago_id").asText()).as("the charge's lago_id").isEqualTo(apiCalls);
        assertThat(body.at("/fees/0/amount_cents").asLong()).isEqualTo(5000);
        assertThat(body.at("/fees/0/taxes_amount_cents").asLong()).isEqualTo(450);
        assertThat(body.at("/fees/1/lago_id").asText()).isEqualTo(storage);
        assertThat(body.at("/fees/1/amount_cents").asLong()).isZero();
        assertThat(body.at("/fees/1/taxes_amount_cents").asLong()).as("no usage, not sent").isZero();

        // Later: the usage grew; Lago's serializer gives units as a string, a number is read the same way.
        ObjectNode later = request(ids, subscription);
        ObjectNode charge = (ObjectNode) later.at("/customer_usage/charges_usage/0");
        charge.put("amount_cents", 7000).put("units", 3500);
        Reply second = client.request("estimate.current_usage", later, uniqueId("corr"));

        assertThat(simulator.journal().forDocument("usage-" + subscription)).as("answered from the cache").hasSize(1);
        assertThat(second.body().get("cached").asBoolean()).isTrue();
        assertThat(second.body().at("/fees/0/lago_id").asText()).isEqualTo(apiCalls);
        assertThat(second.body().get("taxes_amount_cents").asLong()).as("9 % of 70.00").isEqualTo(630);
    }

    @Test
    void lagoCustomerUsageWithoutACodeForAChargeIsAnInvalidMessageReply() throws Exception {
        ObjectNode request = request(LagoFixtures.freshIds(), uniqueId("sub"));
        ((ObjectNode) request.at("/customer_usage/charges_usage/0/billable_metric")).remove("code");

        Reply reply = client.request("estimate.current_usage", request, uniqueId("corr"));

        assertThat(reply.body().get("status").asText()).isEqualTo("error");
        assertThat(reply.body().at("/error/error_code").asText()).isEqualTo("invalid_message");
        assertThat(reply.body().at("/error/message").asText())
                .contains("customer_usage.charges_usage[0].billable_metric.code");
    }

    /** {customer, customer_usage, external_subscription_id, purpose}: the customer as Lago serializes it. */
    private ObjectNode request(String ids, String subscription) {
        ObjectNode request = LagoFixtures.lago(mapper, "customer_usage.json", ids);
        JsonNode customer = LagoFixtures.lago(mapper, "invoice.created.json", ids).at("/invoice/customer");
        request.set("customer", customer);
        request.put("external_subscription_id", subscription);
        request.put("purpose", "wallet_ongoing_balance");
        return request;
    }
}
