package dev.taxbridge.messaging;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.estimate.EstimateClient;
import dev.taxbridge.estimate.EstimateClient.Reply;
import dev.taxbridge.simulator.SimulatorFaults;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.SuiteBroker;
import dev.taxbridge.support.WebhookReceiver;
import dev.taxbridge.support.WebhookReceiver.Delivery;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * One consumer thread each for webhooks and estimates: what waits (a receiver's retry delay, a slow AvaTax
 * answer) must hold no thread, or the next message would wait behind it.
 */
@TestPropertySource(properties = {
        "tax.webhooks.concurrency=1",
        "tax.webhooks.max-attempts=3",
        "tax.webhooks.backoff.initial-delay-ms=15000",
        "tax.webhooks.backoff.max-delay-ms=15000",
        "tax.consumers.estimates.concurrency=1",
        "tax.consumers.estimates.prefetch=4",
        "tax.consumers.invoices.concurrency=2",
        "avatax.http.response-timeout-ms=15000",
        "tax.shutdown.drain-timeout=1s"})
@DirtiesContext
class NoWaitingThreadIntegrationTest extends BridgeIntegrationTest {

    /** A bridge of its own beside the suite's shared one: its own vhost and HTTP port (the simulator's too). */
    @DynamicPropertySource
    static void ownBridge(DynamicPropertyRegistry registry) throws IOException {
        SuiteBroker.ownBridge(registry);
    }

    @Autowired
    CamelContext camel;

    /** A finalize that fails on the unknown connection "nope": its failure event becomes a webhook. */
    private String failingInvoice() {
        String messageId = uniqueId("msg");
        publish("invoice.finalized", sampleInvoice(uniqueId("inv")).put("connection", "nope"), messageId);
        return OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
    }

    @Test
    void aReceiverFailingFor30SecondsHoldsUpNeitherTheOtherWebhooksNorTheInvoices() {
        WebhookReceiver second = WebhookReceiver.second();
        String slow = failingInvoice();
        // 503, 15 s, 503, 15 s, 200: the second receiver is down for 30 s for this webhook.
        second.script(slow, 503, 503, 200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> second.deliveries(slow).size() == 1);

        String next = failingInvoice();
        String invoice = uniqueId("inv");
        publish("invoice.finalized", sampleInvoice(invoice), uniqueId("msg"));

        // On one webhook consumer thread: delivered while the first webhook waits for its retry.
        Awaitility.await("the next webhook, both receivers").atMost(Duration.ofSeconds(8))
                .until(() -> webhooks.deliveries(next).size() == 1 && second.deliveries(next).size() == 1);
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoice));
        assertThat(second.deliveries(slow)).as("the first webhook still waits for its retry")
                .extracting(Delivery::answered).containsExactly(503);
        assertThat(second.deliveries(next)).extracting(Delivery::answered).containsExactly(200);
    }

    @Test
    void anEstimateWhoseAvataxAnswerIsSlowDoesNotHoldTheEstimatesConsumer() throws Exception {
        String slowSubscription = uniqueId("sub");
        simulator.faults().add(new SimulatorFaults.Fault(null, null, 6000, 1, null, "usage-" + slowSubscription,
                null, null));
        try (EstimateClient client = new EstimateClient(connectionFactory, mapper, false)) {
            CompletableFuture<Reply> slow = client.send("estimate.current_usage",
                    usage(uniqueId("cus"), slowSubscription), uniqueId("corr"));
            Awaitility.await("the slow estimate's AvaTax call is out").atMost(Duration.ofSeconds(10))
                    .until(() -> camel.getInflightRepository().size("estimate-consume") == 1);

            // One estimates consumer thread: answered while the first estimate waits for AvaTax.
            Reply quick = client.send("estimate.current_usage", usage(uniqueId("cus"), uniqueId("sub")),
                    uniqueId("corr")).get(3, TimeUnit.SECONDS);
            assertThat(quick.body().get("status").asText()).isEqualTo("ok");
            assertThat(slow).as("the slow estimate is still waiting for AvaTax").isNotDone();

            Reply late = slow.get(20, TimeUnit.SECONDS);
            assertThat(late.body().get("status").asText()).isEqualTo("ok");
            assertThat(late.body().get("taxes_amount_cents").asLong()).isEqualTo(1350);
        }
    }

    /** A Lago current usage in Bainbridge Island, WA (9 %): 100.00 + 50.00, so 13.50 of tax. */
    private ObjectNode usage(String customer, String subscription) {
        return (ObjectNode) tree("""
                {"currency": "USD",
                 "customer": {"lago_id": "lago-%1$s", "external_id": "%1$s", "name": "Usage Customer",
                   "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                   "zipcode": "98110", "country": "US"},
                 "subscription": {"external_id": "%2$s", "plan_code": "premium", "plan_version": 3},
                 "fees": [
                   {"item": {"type": "subscription", "code": "premium", "name": "Premium plan"}, "units": "1",
                    "amount_cents": 10000},
                   {"item": {"type": "charge", "code": "api_calls", "name": "API calls"}, "units": "2500",
                    "amount_cents": 5000}]}
                """.formatted(customer, subscription));
    }
}
