package dev.taxbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;

/** The admin API calls the operator console adds: overview, error-code counts, pages, one message, cache statistics. */
class ConsoleApiIntegrationTest extends BridgeIntegrationTest {

    private static final String TOKEN = AdminClient.TOKEN;
    private static final String DLQ = "/admin/dead-letters/tax.invoices.dlq";

    @Autowired
    private MeterRegistry registry;

    @BeforeEach
    void emptyParkingQueues() {
        deadLetters.purge("tax.invoices.dlq", "tax.customers.dlq", "tax.webhooks.dlq");
    }

    @Test
    void everyNewCallNeedsTheBearerToken() {
        for (String path : List.of("/admin/overview", "/admin/usage-cache", DLQ + "/error-codes",
                DLQ + "/message?message_id=x", DLQ + "?offset=1")) {
            assertThat(admin().get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(admin().get(path, "wrong-token").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(admin().delete(DLQ + "/message?message_id=x", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theOverviewShowsEveryQueueEachCircuitAndTheLastMinutesOfCommands() {
        Instant start = Instant.now();
        double parkedBefore = parkedCount();
        String parked = uniqueId("msg");
        publish("invoice.finalized", "{".getBytes(StandardCharsets.UTF_8), parked, Map.of());
        deadLetters.awaitParked("tax.invoices.dlq", parked);

        JsonNode overview = tree(admin().get("/admin/overview", TOKEN).body());
        List<String> queues = new ArrayList<>();
        overview.get("queues").forEach(q -> queues.add(q.get("name").asText() + " " + q.get("kind").asText()));
        assertThat(queues).containsExactly("tax.invoices work", "tax.customers work", "tax.estimates work",
                "tax.webhooks work", "tax.invoices.wait wait", "tax.customers.wait wait",
                "tax.invoices.dlq dead_letter", "tax.customers.dlq dead_letter", "tax.webhooks.dlq dead_letter");
        JsonNode dlq = overview.get("queues").get(6);
        assertThat(dlq.get("messages").asLong()).isEqualTo(1);
        assertThat(overview.get("queues").get(0).get("consumers").asLong()).as("tax.invoices' consumers").isPositive();
        JsonNode defaultConnection = find(overview.get("connections"), "code", "default");
        assertThat(defaultConnection.get("circuit").asText()).isEqualTo("CLOSED");
        assertThat(defaultConnection.get("company_code").asText()).isEqualTo("DEFAULT");
        assertThat(overview.toString()).doesNotContain("license").doesNotContain("authorization");
        assertThat(overview.at("/timeline/interval_seconds").asLong()).isEqualTo(1);

        // Three more parked: the samples taken since this test began hold the four (each sample holds the
        // commands handled in its interval, so none of them is in an earlier one), and no more than the
        // bridge's own count of parked commands since then.
        for (int i = 0; i < 3; i++) {
            String more = uniqueId("msg");
            publish("invoice.finalized", "{".getBytes(StandardCharsets.UTF_8), more, Map.of());
            deadLetters.awaitParked("tax.invoices.dlq", more);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    double parkedSince = parkedCount() - parkedBefore;
                    return parkedSince >= 4 && parkedInSamplesSince(start) == parkedSince;
                });
    }

    private double parkedCount() {
        return registry.find("tax.commands").tag("outcome", "parked").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private long parkedInSamplesSince(Instant start) {
        long parked = 0;
        for (JsonNode sample : tree(admin().get("/admin/overview", TOKEN).body()).at("/timeline/samples")) {
            if (Instant.parse(sample.get("at").asText()).isAfter(start)) {
                parked += sample.at("/commands/parked").asLong();
            }
        }
        return parked;
    }

    @Test
    void errorCodesArePerDeadLetterQueueAndMessagesComeInPagesOrOfOneCode() {
        String first = uniqueId("a");
        String second = uniqueId("b");
        String third = uniqueId("c");
        park(first, "invalid_message", Map.of(), "{}");
        park(second, "unmapped_item", Map.of(), "{}");
        park(third, "invalid_message", Map.of(), "{}");

        JsonNode codes = tree(admin().get(DLQ + "/error-codes", TOKEN).body());
        assertThat(codes.get("queue").asText()).isEqualTo("tax.invoices.dlq");
        assertThat(codes.get("total").asInt()).isEqualTo(3);
        assertThat(codes.get("error_codes").toString()).isEqualTo("{\"invalid_message\":2,\"unmapped_item\":1}");

        assertThat(ids(DLQ + "?limit=1&offset=1")).containsExactly(second);
        assertThat(ids(DLQ + "?limit=2&offset=2")).containsExactly(third);
        assertThat(ids(DLQ + "?error_code=invalid_message")).containsExactly(first, third);
        assertThat(ids(DLQ + "?error_code=invalid_message&offset=1")).containsExactly(third);
        assertThat(ids(DLQ)).as("listing took nothing away, nor changed the order").containsExactly(first, second, third);
        assertThat(admin().get(DLQ + "?offset=-1", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void oneMessageIsShownWithItsHeadersAndBodyAndEverySecretMasked() {
        String id = uniqueId("with/slash");
        // The bridge's own secrets, and a credential of somebody else's by its shape.
        park(id, "invalid_message", Map.of("x-producer-note", "sent with Authorization: Bearer " + TOKEN,
                        "x-upstream", "Authorization: Basic dXNlcjpub3Qtb3Vycy1hdC1hbGw="),
                "{\"note\": \"key local-simulator-license-key\", \"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}");

        HttpResponse<String> shown = admin().get(DLQ + "/message?message_id=" + encode(id), TOKEN);
        assertThat(shown.statusCode()).isEqualTo(200);
        JsonNode detail = tree(shown.body());
        assertThat(detail.at("/message/message_id").asText()).isEqualTo(id);
        assertThat(detail.at("/message/error_code").asText()).isEqualTo("invalid_message");
        assertThat(detail.at("/properties/content_type").asText()).isEqualTo("application/json");
        assertThat(detail.at("/headers/x-producer-note").asText()).isEqualTo("sent with Authorization: Bearer ******");
        assertThat(detail.at("/headers/x-upstream").asText()).isEqualTo("Authorization: Basic ******");
        assertThat(detail.get("body").asText()).isEqualTo("{\"note\": \"key ******\", \"secret\": \"******\"}");
        assertThat(shown.body()).doesNotContain(TOKEN).doesNotContain("local-simulator-license-key")
                .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(admin().get(DLQ + "/message?message_id=nope", TOKEN).statusCode()).isEqualTo(404);
        // An error's reason may repeat what the caller sent: masked as well.
        HttpResponse<String> notFound = admin().get(DLQ + "/message?message_id=" + encode(TOKEN), TOKEN);
        assertThat(tree(notFound.body()).get("message").asText()).isEqualTo("no parked message '******' in tax.invoices.dlq");
        assertThat(admin().delete(DLQ + "/message?message_id=" + encode(id), TOKEN).statusCode()).isEqualTo(204);
        assertThat(deadLetters.find("tax.invoices.dlq", id)).isNull();
    }

    @Test
    void theUsageCacheTellsItsStatistics() {
        JsonNode stats = tree(admin().get("/admin/usage-cache", TOKEN).body());
        for (String field : List.of("size", "hits", "misses", "loads", "load_failures", "evictions")) {
            assertThat(stats.get(field).isIntegralNumber()).as(field).isTrue();
        }
    }

    @Test
    void reconciliationErrorsCarryTheirReason() {
        HttpResponse<String> refused = admin().get(
                "/admin/reconciliation?connection=default&from=2030-02-01&to=2030-01-01", TOKEN);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(tree(refused.body()).get("message").asText()).isEqualTo("'to' is before 'from'");
    }

    private List<String> ids(String path) {
        HttpResponse<String> listed = admin().get(path, TOKEN);
        assertThat(listed.statusCode()).as(path).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        tree(listed.body()).forEach(entry -> ids.add(entry.get("message_id").asText()));
        return ids;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asText())) {
                return node;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + array);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Puts a message into tax.invoices.dlq as a parked one, confirmed. */
    private void park(String messageId, String errorCode, Map<String, Object> headers, String body) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(messageId);
        properties.setContentType("application/json");
        properties.setHeader("x-error-code", errorCode);
        properties.setHeader("x-original-exchange", "tax.commands");
        properties.setHeader("x-original-routing-key", "invoice.finalized");
        headers.forEach(properties::setHeader);
        rabbit.invoke(template -> {
            template.send("", "tax.invoices.dlq", new Message(body.getBytes(StandardCharsets.UTF_8), properties));
            template.waitForConfirmsOrDie(5000);
            return null;
        });
    }
}
