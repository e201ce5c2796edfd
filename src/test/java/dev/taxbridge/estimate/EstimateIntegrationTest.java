package dev.taxbridge.estimate;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.estimate.EstimateClient.Reply;
import dev.taxbridge.simulator.SimulatorFaults;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Estimates over RabbitMQ request/reply against the real broker and the embedded simulator: every
 * request is answered at its reply_to under its correlation id, and the usage-tax cache saves AvaTax
 * calls. Every test uses a fresh customer and subscription, so its cache keys are its own.
 */
class EstimateIntegrationTest extends BridgeIntegrationTest {

    EstimateClient named;
    EstimateClient direct;

    @BeforeEach
    void connectClients() throws Exception {
        named = new EstimateClient(connectionFactory, mapper, false);
        direct = new EstimateClient(connectionFactory, mapper, true);
    }

    @AfterEach
    void closeClients() {
        named.close();
        direct.close();
    }

    @Test
    void currentUsageIsAnsweredOnTheReplyQueueWithItsCorrelationIdFromOneSalesOrderOfThePositiveFees() throws Exception {
        String subscription = uniqueId("sub");
        String correlationId = uniqueId("corr");
        ObjectNode request = usage(uniqueId("cus"), subscription, 10000, 5000);
        ((com.fasterxml.jackson.databind.node.ArrayNode) request.get("fees")).add(tree("""
                {"item": {"type": "charge", "code": "storage", "name": "Storage"}, "units": "0", "amount_cents": 0}"""));

        Reply reply = named.request("estimate.current_usage", request, correlationId);

        assertThat(reply.properties().getCorrelationId()).isEqualTo(correlationId);
        assertThat(reply.properties().getContentType()).isEqualTo("application/json");
        assertThat(reply.properties().getHeaders()).as("no internal header leaks into the reply").isNullOrEmpty();
        JsonNode body = reply.body();
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("cached").asBoolean()).isFalse();
        assertThat(body.get("currency").asText()).isEqualTo("USD");
        assertThat(body.get("taxes_amount_cents").asLong()).isEqualTo(1350);
        assertThat(body.get("fees")).hasSize(3);
        assertThat(body.at("/fees/0/lago_id").asText()).isEqualTo("fee-0");
        assertThat(body.at("/fees/0/amount_cents").asLong()).isEqualTo(10000);
        assertThat(body.at("/fees/0/taxes_amount_cents").asLong()).isEqualTo(900);
        assertThat(body.at("/fees/0/taxes_rate").decimalValue()).isEqualByComparingTo("9");
        assertThat(body.at("/fees/0/tax_breakdown/0")).isEqualTo(tree("""
                {"name": "WA STATE TAX", "rate": 6.5, "amount_cents": 650, "type": "state"}"""));
        assertThat(body.at("/fees/1/taxes_amount_cents").asLong()).isEqualTo(450);
        assertThat(body.at("/fees/2/lago_id").asText()).isEqualTo("fee-2");
        assertThat(body.at("/fees/2/taxes_amount_cents").asLong()).as("a zero fee is not sent").isZero();
        assertThat(body.has("error")).isFalse();

        List<Call> calls = simulator.journal().forDocument("usage-" + subscription);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).path()).isEqualTo("/api/v2/transactions/create");
        JsonNode sent = calls.get(0).body();
        assertThat(sent.get("type").asText()).isEqualTo("SalesOrder");
        assertThat(sent.get("commit").asBoolean()).isFalse();
        assertThat(sent.get("lines")).isEqualTo(tree("""
                [{"number": "fee-0", "quantity": 1, "amount": 100.00, "taxCode": "SW054000", "itemCode": "SUBSCRIPTION",
                  "description": "Premium plan"},
                 {"number": "fee-1", "quantity": 2500, "amount": 50.00, "taxCode": "SW054000", "itemCode": "API_CALLS",
                  "description": "API calls"}]"""));
        assertThat(simulator.documents().withCode("DEFAULT", "usage-" + subscription)).as("nothing recorded").isEmpty();
    }

    @Test
    void secondIdenticalCurrentUsageWithinTheTtlMakesNoAvataxCallAndTaxesTodaysAmounts() throws Exception {
        String customer = uniqueId("cus");
        String subscription = uniqueId("sub");
        Reply first = named.request("estimate.current_usage", usage(customer, subscription, 10000, 5000),
                uniqueId("corr"));
        assertThat(first.body().get("cached").asBoolean()).isFalse();

        // Later the same day: usage grew; asked for a wallet's ongoing balance this time (same taxes, same key).
        ObjectNode later = usage(customer, subscription, 20000, 7777);
        later.put("purpose", "wallet_ongoing_balance");
        String correlationId = uniqueId("corr");
        Reply second = direct.request("estimate.current_usage", later, correlationId);

        assertThat(simulator.journal().forDocument("usage-" + subscription)).as("one AvaTax call for the key").hasSize(1);
        JsonNode body = second.body();
        assertThat(second.properties().getCorrelationId()).isEqualTo(correlationId);
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("cached").asBoolean()).isTrue();
        assertThat(body.get("purpose").asText()).isEqualTo("wallet_ongoing_balance");
        // 200.00 × 9 % = 18.00; 77.77 × 9 % = 6.9993; the document total 24.9993 rounds to 25.00 and the
        // missing cent goes to the line with the larger fraction (as for AvaTax answers).
        assertThat(body.get("taxes_amount_cents").asLong()).isEqualTo(2500);
        assertThat(body.at("/fees/0/taxes_amount_cents").asLong()).isEqualTo(1800);
        assertThat(body.at("/fees/1/amount_cents").asLong()).isEqualTo(7777);
        assertThat(body.at("/fees/1/taxes_amount_cents").asLong()).isEqualTo(700);
        assertThat(body.at("/fees/1/taxes_rate").decimalValue()).isEqualByComparingTo("9");
        // 77.77 × 6.5 % = 5.05505 and × 2.5 % = 1.94425: 505 + 194 = 699, the cent goes to the state tax.
        assertThat(body.at("/fees/1/tax_breakdown/0/amount_cents").asLong()).isEqualTo(506);
        assertThat(body.at("/fees/1/tax_breakdown/1/amount_cents").asLong()).isEqualTo(194);
        assertThat(body.at("/fees/1/tax_breakdown/1/name").asText()).isEqualTo("WA CITY TAX");
    }

    @Test
    void oneOffInvoiceIsAnsweredThroughDirectReplyToAsASalesOrderThatIsNotRecorded() throws Exception {
        String id = uniqueId("inv");
        String correlationId = uniqueId("corr");

        Reply reply = direct.request("estimate.one_off_invoice", sampleInvoice(id), correlationId);

        assertThat(reply.properties().getCorrelationId()).isEqualTo(correlationId);
        JsonNode body = reply.body();
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("cached").asBoolean()).isFalse();
        assertThat(body.get("taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(body.at("/fees/0/lago_id").asText()).isEqualTo("A");
        assertThat(body.at("/fees/0/taxes_amount_cents").asLong()).isEqualTo(5111);
        assertThat(body.at("/fees/1/taxes_amount_cents").asLong()).isEqualTo(421);
        List<Call> calls = simulator.journal().forDocument(id);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).body().get("type").asText()).isEqualTo("SalesOrder");
        assertThat(simulator.documents().withCode("DEFAULT", id)).isEmpty();
    }

    @Test
    void oneOffAddOnsWithoutIdsAreNamedByPositionAndAnswered() throws Exception {
        ObjectNode command = sampleInvoice(uniqueId("inv"));
        ObjectNode invoice = (ObjectNode) command.get("invoice");
        invoice.remove("lago_id");
        invoice.withArray("fees").forEach(fee -> ((ObjectNode) fee).remove("lago_id"));

        Reply reply = named.request("estimate.one_off_invoice", command, uniqueId("corr"));

        assertThat(reply.body().get("taxes_amount_cents").asLong()).isEqualTo(5532);
        assertThat(reply.body().at("/fees/0/lago_id").asText()).isEqualTo("fee-0");
        assertThat(reply.body().at("/fees/1/lago_id").asText()).isEqualTo("fee-1");
        assertThat(reply.body().at("/fees/1/taxes_amount_cents").asLong()).isEqualTo(421);
    }

    @Test
    void fiftyConcurrentIdenticalMissesMakeOneAvataxCall() throws Exception {
        String customer = uniqueId("cus");
        String subscription = uniqueId("sub");
        // AvaTax answers slowly, so the first call is still in flight while the others arrive.
        simulator.faults().add(fault(Map.of("delayMillis", 500, "times", 1, "documentCode", "usage-" + subscription)));

        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            replies.add(named.send("estimate.current_usage", usage(customer, subscription, 10000, 5000), "c" + i));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(simulator.journal().forDocument("usage-" + subscription)).hasSize(1);
        for (int i = 0; i < 50; i++) {
            Reply reply = replies.get(i).get();
            assertThat(reply.properties().getCorrelationId()).isEqualTo("c" + i);
            assertThat(reply.body().get("status").asText()).isEqualTo("ok");
            assertThat(reply.body().get("taxes_amount_cents").asLong()).isEqualTo(1350);
        }
        assertThat(replies.stream().filter(r -> !r.join().body().get("cached").asBoolean()).count())
                .as("only the request that made the call is not cached").isEqualTo(1);
    }

    @Test
    void missingAddressComesBackAsAnErrorReplyAndIsAnnouncedAsAnEstimateFailure() throws Exception {
        String customer = uniqueId("cus");
        ObjectNode request = usage(customer, uniqueId("sub"), 10000, 5000);
        ObjectNode who = (ObjectNode) request.get("customer");
        who.remove("address_line1");
        who.remove("city");
        String correlationId = uniqueId("corr");

        Reply reply = named.request("estimate.current_usage", request, correlationId);

        assertThat(reply.properties().getCorrelationId()).isEqualTo(correlationId);
        assertThat(reply.body().get("status").asText()).isEqualTo("error");
        assertThat(reply.body().get("cached").asBoolean()).isFalse();
        assertThat(reply.body().at("/error/error_code").asText()).isEqualTo("missing_address");
        assertThat(reply.body().at("/error/message").asText()).contains(customer);
        Event event = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", customer));
        assertThat(event.body().get("stage").asText()).isEqualTo("estimate");
        assertThat(event.body().at("/provider_error/error_code").asText()).isEqualTo("missing_address");
    }

    @Test
    void aFailedAvataxCallIsRetriedBrieflyAnsweredAsAnErrorAndNotCached() throws Exception {
        String customer = uniqueId("cus");
        String subscription = uniqueId("sub");
        String code = "usage-" + subscription;
        simulator.faults().add(fault(Map.of("status", 500, "times", 2, "documentCode", code)));

        Reply failed = named.request("estimate.current_usage", usage(customer, subscription, 10000, 5000),
                uniqueId("corr"));

        assertThat(failed.body().get("status").asText()).isEqualTo("error");
        assertThat(failed.body().at("/error/error_code").asText()).isEqualTo("provider_unavailable");
        assertThat(simulator.journal().forDocument(code)).as("tax.estimates.retry.max-attempts").hasSize(2);
        events.awaitOne("customer.tax_provider_error", field("/external_customer_id", customer));

        Reply retried = named.request("estimate.current_usage", usage(customer, subscription, 10000, 5000),
                uniqueId("corr"));

        assertThat(retried.body().get("status").asText()).isEqualTo("ok");
        assertThat(retried.body().get("cached").asBoolean()).as("the failure was not cached").isFalse();
        assertThat(simulator.journal().forDocument(code)).hasSize(3);
    }

    @Test
    void connectionFaultsAreErrorRepliesWithoutSecretsAndAnnouncedAsIntegrationErrors() throws Exception {
        String customer = uniqueId("cus");
        ObjectNode badCredentials = usage(customer, uniqueId("sub"), 10000, 5000);
        badCredentials.put("connection", "badcreds");
        ObjectNode unmapped = usage(uniqueId("cus"), uniqueId("sub"), 10000, 5000);
        unmapped.put("connection", "strict");

        Reply refused = named.request("estimate.current_usage", badCredentials, uniqueId("corr"));
        Reply notMapped = direct.request("estimate.current_usage", unmapped, uniqueId("corr"));

        assertThat(refused.body().at("/error/error_code").asText()).isEqualTo("invalid_credentials");
        assertThat(refused.body().at("/error/provider_code").asText()).isEqualTo("AuthenticationException");
        assertThat(refused.body().toString()).doesNotContain("wrong-license-key-4F2C9E");
        Event integration = events.awaitOne("integration.provider_error", field("/provider_code", "badcreds"));
        assertThat(integration.body().toString()).doesNotContain("wrong-license-key-4F2C9E");
        assertThat(events.awaitOne("customer.tax_provider_error", field("/external_customer_id", customer))
                .body().at("/provider_error/error_code").asText()).isEqualTo("invalid_credentials");
        assertThat(notMapped.body().at("/error/error_code").asText()).isEqualTo("unmapped_item");
    }

    @Test
    void aRequestWithoutReplyToIsAnnouncedAsInvalidWithoutCallingAvatax() {
        String customer = uniqueId("cus");
        String subscription = uniqueId("sub");
        publish("estimate.current_usage", usage(customer, subscription, 10000, 5000), uniqueId("msg"));

        Event event = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", customer));

        assertThat(event.body().get("stage").asText()).isEqualTo("estimate");
        assertThat(event.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_message");
        assertThat(event.body().at("/provider_error/message").asText()).contains("reply_to");
        assertThat(simulator.journal().forDocument("usage-" + subscription)).isEmpty();
    }

    @Test
    void usageWithoutTaxableFeeIsZeroTaxWithoutACall() throws Exception {
        String subscription = uniqueId("sub");
        ObjectNode request = usage(uniqueId("cus"), subscription, 0, 0);

        Reply reply = named.request("estimate.current_usage", request, uniqueId("corr"));

        assertThat(reply.body().get("status").asText()).isEqualTo("ok");
        assertThat(reply.body().get("taxes_amount_cents").asLong()).isZero();
        assertThat(reply.body().get("fees")).hasSize(2);
        assertThat(simulator.journal().forDocument("usage-" + subscription)).isEmpty();
    }

    @Test
    void malformedRequestAndUnknownEstimateGetInvalidMessageReplies() throws Exception {
        Reply notJson = named.request("estimate.current_usage", "{oops".getBytes(), uniqueId("corr"));
        Reply unknown = direct.request("estimate.something_else", usage(uniqueId("cus"), uniqueId("sub"), 1, 1),
                uniqueId("corr"));

        assertThat(notJson.body().at("/error/error_code").asText()).isEqualTo("invalid_message");
        assertThat(unknown.body().at("/error/error_code").asText()).isEqualTo("invalid_message");
        assertThat(unknown.body().at("/error/message").asText()).contains("estimate.something_else");
    }

    @Test
    void cacheStatisticsArePublishedAsMetricsAndTheAdminEndpointClearsTheCache() throws Exception {
        String customer = uniqueId("cus");
        String subscription = uniqueId("sub");
        double hits = cacheGets("hit");
        double misses = cacheGets("miss");
        double size = meters.get("cache.size").tags("cache", "usage_tax").gauge().value();
        named.request("estimate.current_usage", usage(customer, subscription, 10000, 5000), uniqueId("corr"));
        named.request("estimate.current_usage", usage(customer, subscription, 10000, 5000), uniqueId("corr"));

        // Read from the meter registry: the meters /actuator/prometheus exports. This test's two requests:
        // a miss (and its entry), then a hit.
        assertThat(cacheGets("miss") - misses).isEqualTo(1);
        assertThat(cacheGets("hit") - hits).isEqualTo(1);
        assertThat(meters.get("cache.size").tags("cache", "usage_tax").gauge().value() - size).isEqualTo(1);
        assertThat(meters.get("cache.evictions").tags("cache", "usage_tax").functionCounter()).isNotNull();

        assertThat(admin().delete("/admin/usage-cache", null).statusCode()).as("no token").isEqualTo(401);
        assertThat(admin().delete("/admin/usage-cache", "wrong-token").statusCode()).isEqualTo(401);
        double held = meters.get("cache.size").tags("cache", "usage_tax").gauge().value();
        HttpResponse<String> cleared = admin().delete("/admin/usage-cache", AdminClient.TOKEN);
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(tree(cleared.body()).get("cleared").asLong()).as("every entry, this test's among them")
                .isEqualTo((long) held);
        assertThat(meters.get("cache.size").tags("cache", "usage_tax").gauge().value()).isZero();

        Reply afterClear = named.request("estimate.current_usage", usage(customer, subscription, 10000, 5000),
                uniqueId("corr"));
        assertThat(afterClear.body().get("cached").asBoolean()).isFalse();
        assertThat(simulator.journal().forDocument("usage-" + subscription)).hasSize(2);
    }

    @Test
    void httpCallersGetTheSameEstimateFromTheSameCache() throws Exception {
        String customer = uniqueId("cus");
        String subscription = uniqueId("sub");
        named.request("estimate.current_usage", usage(customer, subscription, 10000, 5000), uniqueId("corr"));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/estimates/current_usage"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ESTIMATES_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(usage(customer, subscription, 20000, 5000))))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = tree(response.body());
        assertThat(body.get("cached").asBoolean()).isTrue();
        assertThat(body.get("taxes_amount_cents").asLong()).isEqualTo(2250);
        assertThat(simulator.journal().forDocument("usage-" + subscription)).hasSize(1);

        HttpResponse<String> invalid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/estimates/one_off_invoice"))
                .header("Authorization", "Bearer " + ESTIMATES_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(tree(invalid.body()).at("/error/error_code").asText()).isEqualTo("invalid_message");

        String anonymousSubscription = uniqueId("sub");
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/estimates/current_usage"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(usage(customer, anonymousSubscription, 100, 100))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("tax.estimates.http.token is set").isEqualTo(401);
        assertThat(simulator.journal().forDocument("usage-" + anonymousSubscription)).isEmpty();
    }

    private static final String ESTIMATES_TOKEN = "test-estimates-token-3e8a";

    private double cacheGets(String result) {
        return meters.get("cache.gets").tags("cache", "usage_tax", "result", result).functionCounter().count();
    }

    @Autowired
    MeterRegistry meters;

    /** A Lago current usage: a subscription fee and an API-calls charge of a customer in Bainbridge Island, WA (9 %). */
    private ObjectNode usage(String customer, String subscription, long subscriptionCents, long apiCallsCents) {
        return (ObjectNode) tree("""
                {"currency": "USD",
                 "customer": {"lago_id": "lago-%1$s", "external_id": "%1$s", "name": "Usage Customer",
                   "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                   "zipcode": "98110", "country": "US"},
                 "subscription": {"external_id": "%2$s", "plan_code": "premium", "plan_version": 3},
                 "fees": [
                   {"item": {"type": "subscription", "code": "premium", "name": "Premium plan"}, "units": "1",
                    "amount_cents": %3$d},
                   {"item": {"type": "charge", "code": "api_calls", "name": "API calls"}, "units": "2500",
                    "amount_cents": %4$d}]}
                """.formatted(customer, subscription, subscriptionCents, apiCallsCents));
    }

    private SimulatorFaults.Fault fault(Map<String, Object> fault) {
        return mapper.convertValue(fault, SimulatorFaults.Fault.class);
    }
}
