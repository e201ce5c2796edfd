package dev.taxbridge.admin;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.DeadLetterProbe;
import java.net.http.HttpResponse;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

class AdminIntegrationTest extends BridgeIntegrationTest {

    private static final String TOKEN = AdminClient.TOKEN;

    @Autowired
    ConfigurableEnvironment environment;

    @BeforeEach
    void emptyParkingQueues() {
        deadLetters.purge("tax.invoices.dlq", "tax.customers.dlq", "tax.webhooks.dlq");
    }

    @AfterEach
    void forgetAddedMapping() throws Exception {
        if (environment.getPropertySources().remove("operator-fix") != null) {
            admin().post("/admin/mappings/reload", "", TOKEN);
        }
    }

    @Test
    void everyAdminCallNeedsTheBearerToken() {
        assertThat(admin().get("/admin/dead-letters", null).statusCode()).isEqualTo(401);
        assertThat(admin().get("/admin/dead-letters", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(admin().post("/admin/dead-letters/tax.invoices.dlq/replay", "{\"all\": true}", null).statusCode())
                .isEqualTo(401);
        assertThat(admin().delete("/admin/dead-letters/tax.invoices.dlq/x", "nope").statusCode()).isEqualTo(401);
        assertThat(admin().get("/admin/connections/default/ping", null).statusCode()).isEqualTo(401);
        assertThat(admin().get("/admin/dead-letters", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void unmappedInvoiceIsCommittedAfterTheMappingIsAddedAndTheOperatorReplaysByErrorCode() throws Exception {
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        publish("invoice.finalized", sampleInvoice(id).put("connection", "strict"), messageId);
        deadLetters.awaitParked("tax.invoices.dlq", messageId);

        HttpResponse<String> listed = admin().get("/admin/dead-letters/tax.invoices.dlq?limit=10", TOKEN);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode entry = tree(listed.body()).get(0);
        assertThat(entry.get("message_id").asText()).isEqualTo(messageId);
        assertThat(entry.get("routing_key").asText()).isEqualTo("invoice.finalized");
        assertThat(entry.get("error_code").asText()).isEqualTo("unmapped_item");
        assertThat(entry.get("error_message").asText()).contains("no tax mapping");
        assertThat(entry.get("attempts").asInt()).isEqualTo(1);
        assertThat(entry.get("connection").asText()).isEqualTo("strict");
        assertThat(entry.at("/object_ids/invoice").asText()).isEqualTo(id);
        assertThat(tree(admin().get("/admin/dead-letters", TOKEN).body()).get("tax.invoices.dlq").asLong())
                .as("listing consumed nothing").isEqualTo(1);

        // The operator adds the missing fallback item and reloads the mappings.
        environment.getPropertySources().addFirst(new MapPropertySource("operator-fix",
                Map.of("tax.mappings.strict.default.fallback-item.tax-code", "P0000000")));
        assertThat(admin().post("/admin/mappings/reload", "", TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> replayed = admin().post("/admin/dead-letters/tax.invoices.dlq/replay",
                "{\"error_code\": \"unmapped_item\"}", TOKEN);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(tree(replayed.body()).get("replayed").asInt()).isEqualTo(1);
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));

        HttpResponse<String> again = admin().post("/admin/dead-letters/tax.invoices.dlq/replay",
                "{\"error_code\": \"unmapped_item\"}", TOKEN);
        assertThat(tree(again.body()).get("replayed").asInt()).as("nothing left to replay").isZero();
        assertThat(simulator.journal().forDocument(id)).as("one AvaTax call: the replay's commit").hasSize(1);
        assertThat(simulator.documents().get("DEFAULT", id, "SalesInvoice").get("version").asInt())
                .as("committed once").isEqualTo(1);
        assertThat(deadLetters.depth("tax.invoices.dlq")).isZero();
    }

    @Test
    void twoParkedCopiesOfOneCommandAreBothReplayedOntoOneDocument() {
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        // AvaTax refuses the first two calls: both deliveries of the command are parked, as after a double park.
        simulator.faults().add(new dev.taxbridge.simulator.SimulatorFaults.Fault(400, null, null, 2, null, id, null,
                null));
        publish("invoice.finalized", sampleInvoice(id), messageId);
        publish("invoice.finalized", sampleInvoice(id), messageId);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> deadLetters.count("tax.invoices.dlq", messageId) == 2);
        assertThat(simulator.documents().get("DEFAULT", id, "SalesInvoice")).as("nothing committed yet").isNull();

        HttpResponse<String> replayed = admin().post("/admin/dead-letters/tax.invoices.dlq/replay",
                "{\"message_ids\": [\"" + messageId + "\"]}", TOKEN);
        assertThat(tree(replayed.body()).get("matched").asInt()).isEqualTo(2);
        assertThat(tree(replayed.body()).get("replayed").asInt()).isEqualTo(2);
        events.await("invoice.taxes_committed", field("/invoice/lago_id", id), 2);

        var commits = simulator.journal().forDocument(id).stream().filter(c -> c.status() == 200).toList();
        assertThat(commits).as("one commit per replayed copy").hasSize(2)
                .allSatisfy(c -> assertThat(c.path()).isEqualTo("/api/v2/transactions/createoradjust"));
        var document = simulator.documents().get("DEFAULT", id, "SalesInvoice");
        assertThat(document.get("status").asText()).isEqualTo("Committed");
        assertThat(document.get("version").asInt()).as("the second commit adjusted the first one's document")
                .isEqualTo(2);
        assertThat(events.named("invoice.taxes_committed", field("/invoice/lago_id", id)))
                .extracting(e -> e.body().get("event_id").asText()).as("one event id for both").containsOnly(
                        dev.taxbridge.messaging.OutcomeEvent.eventId(messageId, "invoice.taxes_committed"));
        assertThat(deadLetters.find("tax.invoices.dlq", messageId)).isNull();
    }

    @Test
    void discardRemovesOneParkedMessage() {
        String keep = uniqueId("keep");
        String drop = uniqueId("drop");
        publish("invoice.finalized", "{".getBytes(), keep, Map.of());
        publish("invoice.finalized", "{".getBytes(), drop, Map.of());
        deadLetters.awaitParked("tax.invoices.dlq", keep);
        deadLetters.awaitParked("tax.invoices.dlq", drop);

        assertThat(admin().delete("/admin/dead-letters/tax.invoices.dlq/" + drop, TOKEN).statusCode()).isEqualTo(204);
        assertThat(admin().delete("/admin/dead-letters/tax.invoices.dlq/" + drop, TOKEN).statusCode()).isEqualTo(404);
        // One look after the discard: what the discard left, as the broker hands it over.
        DeadLetterProbe.Snapshot after = deadLetters.snapshot("tax.invoices.dlq");
        assertThat(after.find(drop)).isNull();
        assertThat(after.count(keep)).as("kept once").isEqualTo(1);
        assertThat(after.find(keep).getEnvelope().isRedeliver())
                .as("the discards put it back as a fresh copy, never requeued").isFalse();
        assertThat(((Number) after.find(keep).getProps().getHeaders().getOrDefault("x-delivery-count", 0)).intValue())
                .as("no delivery spent").isZero();
        assertThat(admin().get("/admin/dead-letters/no-such-queue", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void aReplayTheBrokerCannotRouteKeepsTheParkedCopy() {
        String messageId = uniqueId("unroutable");
        parkByHand("tax.customers.dlq", messageId, "tax.commands", "customer.updated");
        // Nothing binds customer.# for a moment, as after a topology change.
        rabbit.execute(channel -> channel.queueUnbind("tax.customers", "tax.commands", "customer.#"));
        HttpResponse<String> replayed;
        try {
            replayed = admin().post("/admin/dead-letters/tax.customers.dlq/replay",
                    "{\"message_ids\": [\"" + messageId + "\"]}", TOKEN);
        } finally {
            rabbit.execute(channel -> channel.queueBind("tax.customers", "tax.commands", "customer.#"));
        }
        assertThat(replayed.statusCode()).isEqualTo(503);
        assertThat(tree(replayed.body()).get("message").asText()).contains("could not route")
                .contains("customer.updated").endsWith("nothing was removed");
        assertThat(tree(replayed.body()).get("error").asText()).isEqualTo("Service Unavailable");
        assertThat(deadLetters.find("tax.customers.dlq", messageId)).as("still parked").isNotNull();
        assertThat(admin().delete("/admin/dead-letters/tax.customers.dlq/" + messageId, TOKEN).statusCode())
                .isEqualTo(204);
    }

    @Test
    void aReplayGoesOnlyToTheCommandExchangeAndKeysTheBridgeServes() {
        // A queue the forger wants to fill, named by the headers of a message put into the DLQ.
        String target = uniqueId("test.forged-target");
        rabbit.execute(channel -> channel.queueDeclare(target, false, false, true, null));
        try {
            String forged = uniqueId("forged");
            parkByHand("tax.invoices.dlq", forged, "", target);
            String redirected = uniqueId("redirected");
            parkByHand("tax.invoices.dlq", redirected, "amq.direct", "invoice.finalized");

            HttpResponse<String> replayed = admin().post("/admin/dead-letters/tax.invoices.dlq/replay",
                    "{\"message_ids\": [\"" + forged + "\", \"" + redirected + "\"]}", TOKEN);
            assertThat(replayed.statusCode()).isEqualTo(200);
            JsonNode result = tree(replayed.body());
            assertThat(result.get("matched").asInt()).isEqualTo(2);
            assertThat(result.get("replayed").asInt()).as("the known key, on tax.commands").isEqualTo(1);
            assertThat(result.get("refused").asInt()).as("the queue named by a header").isEqualTo(1);
            assertThat(deadLetters.depth(target)).as("nothing delivered where the headers pointed").isZero();
            assertThat(deadLetters.find("tax.invoices.dlq", forged)).as("the refused one stays parked").isNotNull();
            // The other one reached tax.invoices (not amq.direct) and, with its "{}" body, is parked again.
            Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
                var parked = deadLetters.find("tax.invoices.dlq", redirected);
                return parked != null && parked.getProps().getHeaders().containsKey("x-failed-at")
                        && !"by-hand".equals(String.valueOf(parked.getProps().getHeaders().get("x-failed-at")));
            });
        } finally {
            rabbit.execute(channel -> channel.queueDelete(target));
        }
    }

    @Test
    void aDeadLetterQueueListedFiftyTimesLosesNothingAndSpendsNoDelivery() {
        String[] ids = {uniqueId("listed"), uniqueId("listed"), uniqueId("listed")};
        for (String id : ids) {
            parkByHand("tax.invoices.dlq", id, "tax.commands", "invoice.finalized");
        }
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> listed = admin().get("/admin/dead-letters/tax.invoices.dlq?limit=2", TOKEN);
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(tree(listed.body())).extracting(entry -> entry.get("message_id").asText())
                    .as("in their order, every time").containsExactly(ids[0], ids[1]);
        }
        assertThat(deadLetters.depth("tax.invoices.dlq")).isEqualTo(3);
        // One look after the fifty listings, for all three (a look puts fresh copies back).
        DeadLetterProbe.Snapshot after = deadLetters.snapshot("tax.invoices.dlq");
        assertThat(after.messageIds()).as("in their order").containsExactly(ids);
        assertThat(ids).allSatisfy(id -> {
            var parked = after.find(id);
            assertThat(parked).as(id + " still parked").isNotNull();
            // A requeue would show: the broker counts it (x-delivery-count, redelivered); RabbitMQ 4.x
            // drops a quorum queue message whose count reaches the delivery limit (20 by default).
            assertThat(parked.getEnvelope().isRedeliver()).as("no delivery spent on " + id).isFalse();
            assertThat(((Number) parked.getProps().getHeaders().getOrDefault("x-delivery-count", 0)).intValue())
                    .as("deliveries counted on " + id).isZero();
            assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("invalid_message");
        });
        // Discard and replay stay exact after all that listing.
        assertThat(admin().delete("/admin/dead-letters/tax.invoices.dlq/" + ids[1], TOKEN).statusCode())
                .isEqualTo(204);
        assertThat(tree(admin().get("/admin/dead-letters/tax.invoices.dlq?limit=10", TOKEN).body()))
                .extracting(entry -> entry.get("message_id").asText()).containsExactly(ids[0], ids[2]);
    }

    /** Puts a message into a DLQ as a parked one, with the given claimed origin. */
    private void parkByHand(String dlq, String messageId, String originalExchange, String originalRoutingKey) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(messageId);
        properties.setContentType("application/json");
        properties.setHeader("x-error-code", "invalid_message");
        properties.setHeader("x-failed-at", "by-hand");
        properties.setHeader("x-original-exchange", originalExchange);
        properties.setHeader("x-original-routing-key", originalRoutingKey);
        // Confirmed, and not looked for with a get-and-requeue, which would count a delivery.
        rabbit.invoke(template -> {
            template.send("", dlq, new Message("{}".getBytes(), properties));
            template.waitForConfirmsOrDie(5000);
            return null;
        });
    }

    @Test
    void pingReportsReachabilityAndAuthenticationPerConnection() {
        JsonNode ok = tree(admin().get("/admin/connections/default/ping", TOKEN).body());
        assertThat(ok.get("reachable").asBoolean()).isTrue();
        assertThat(ok.get("authenticated").asBoolean()).isTrue();
        JsonNode wrongKey = tree(admin().get("/admin/connections/badcreds/ping", TOKEN).body());
        assertThat(wrongKey.get("reachable").asBoolean()).isTrue();
        assertThat(wrongKey.get("authenticated").asBoolean()).isFalse();
        JsonNode down = tree(admin().get("/admin/connections/unreachable/ping", TOKEN).body());
        assertThat(down.get("reachable").asBoolean()).isFalse();
        assertThat(down.get("error_code").asText()).isEqualTo("provider_unavailable");
        assertThat(admin().get("/admin/connections/nope/ping", TOKEN).statusCode()).isEqualTo(404);
    }
}
