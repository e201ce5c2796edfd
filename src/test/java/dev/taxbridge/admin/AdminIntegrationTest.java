package dev.taxbridge.admin;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
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
        assertThat(simulator.documents().withCode("DEFAULT", id)).hasSize(1);
        assertThat(simulator.journal().forDocument(id)).hasSize(1);
        assertThat(deadLetters.depth("tax.invoices.dlq")).isZero();
    }

    @Test
    void replayingTheSameParkedMessageTwiceLeavesOneCommittedDocument() {
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        simulator.faults().add(new dev.taxbridge.simulator.SimulatorFaults.Fault(400, null, null, 1, null, id, null,
                null));
        publish("invoice.finalized", sampleInvoice(id), messageId);
        deadLetters.awaitParked("tax.invoices.dlq", messageId);
        // Two copies in the DLQ, as after a double park: both replayed, one document.
        publish("invoice.finalized", sampleInvoice(id), messageId);
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));

        HttpResponse<String> replayed = admin().post("/admin/dead-letters/tax.invoices.dlq/replay",
                "{\"message_ids\": [\"" + messageId + "\"]}", TOKEN);
        assertThat(tree(replayed.body()).get("replayed").asInt()).isEqualTo(1);
        events.await("invoice.taxes_committed", field("/invoice/lago_id", id), 2);
        var documents = simulator.documents().withCode("DEFAULT", id);
        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).get("status").asText()).isEqualTo("Committed");
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
        assertThat(deadLetters.find("tax.invoices.dlq", drop)).isNull();
        assertThat(deadLetters.find("tax.invoices.dlq", keep)).isNotNull();
        assertThat(admin().get("/admin/dead-letters/no-such-queue", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void aReplayTheBrokerCannotRouteKeepsTheParkedCopy() {
        String messageId = uniqueId("unroutable");
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(messageId);
        properties.setContentType("application/json");
        properties.setHeader("x-error-code", "invalid_message");
        properties.setHeader("x-original-exchange", "tax.commands");
        properties.setHeader("x-original-routing-key", "nothing.binds.this");
        rabbit.send("", "tax.customers.dlq", new Message("{}".getBytes(), properties));
        deadLetters.awaitParked("tax.customers.dlq", messageId);

        HttpResponse<String> replayed = admin().post("/admin/dead-letters/tax.customers.dlq/replay",
                "{\"message_ids\": [\"" + messageId + "\"]}", TOKEN);
        assertThat(replayed.statusCode()).isEqualTo(503);
        assertThat(tree(replayed.body()).get("message").asText()).contains("could not route")
                .contains("nothing.binds.this").endsWith("nothing was removed");
        assertThat(tree(replayed.body()).get("error").asText()).isEqualTo("Service Unavailable");
        assertThat(deadLetters.find("tax.customers.dlq", messageId)).as("still parked").isNotNull();
        assertThat(admin().delete("/admin/dead-letters/tax.customers.dlq/" + messageId, TOKEN).statusCode())
                .isEqualTo(204);
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
