package dev.taxbridge.messaging;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A command published without {@code message_id} is known by one derived from its body
 * ({@code sha256:<hex>}): the same bytes always get the same id, hence the same {@code event_id}, so
 * a producer's second publish of the same body, a replay and a receiver's deduplication all agree.
 */
class DerivedMessageIdIntegrationTest extends BridgeIntegrationTest {

    private static String sha256(byte[] body) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    @Test
    void theSameBodyWithoutMessageIdGetsTheSameIdAndEventIdEveryTime() throws Exception {
        String id = uniqueId("inv");
        byte[] body = json(sampleInvoice(id));
        String derived = sha256(body);

        publish("invoice.finalized", body, null, Map.of());
        publish("invoice.finalized", body, null, Map.of());
        List<Event> both = events.await("invoice.taxes_committed", field("/invoice/lago_id", id), 2);

        String eventId = OutcomeEvent.eventId(derived, "invoice.taxes_committed");
        assertThat(both).extracting(e -> e.body().get("event_id").asText()).containsExactly(eventId, eventId);
        assertThat(both).extracting(e -> String.valueOf(e.properties().getHeaders().get("x-source-message-id")))
                .containsExactly(derived, derived);

        // One byte more (a trailing space) is another body: another id.
        byte[] other = (new String(body, java.nio.charset.StandardCharsets.UTF_8) + " ")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        publish("invoice.finalized", other, null, Map.of());
        List<Event> three = events.await("invoice.taxes_committed", field("/invoice/lago_id", id), 3);
        assertThat(three.get(2).body().get("event_id").asText())
                .isEqualTo(OutcomeEvent.eventId(sha256(other), "invoice.taxes_committed")).isNotEqualTo(eventId);
    }

    @Test
    void theDerivedIdIsKeptWhenTheCommandIsParkedAndReplayed() throws Exception {
        String id = uniqueId("inv");
        // No mapping on "strict": parked as unmapped_item.
        byte[] body = json(sampleInvoice(id).put("connection", "strict"));
        String derived = sha256(body);

        publish("invoice.finalized", body, null, Map.of());
        var parked = deadLetters.awaitParked("tax.invoices.dlq", derived);
        assertThat(parked.getBody()).isEqualTo(body);
        Event first = events.awaitOne("invoice.tax_provider_error", field("/lago_id", id));
        String eventId = OutcomeEvent.eventId(derived, "invoice.tax_provider_error");
        assertThat(first.body().get("event_id").asText()).isEqualTo(eventId);

        var replayed = admin().post("/admin/dead-letters/tax.invoices.dlq/replay",
                "{\"message_ids\": [\"" + derived + "\"]}", AdminClient.TOKEN);
        assertThat(tree(replayed.body()).get("replayed").asInt()).isEqualTo(1);
        List<Event> both = events.await("invoice.tax_provider_error", field("/lago_id", id), 2);
        assertThat(both).extracting(e -> e.body().get("event_id").asText()).containsExactly(eventId, eventId);
        deadLetters.awaitParked("tax.invoices.dlq", derived);
    }
}
