package dev.taxbridge.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.support.BridgeIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** 500 malformed messages interleaved with 500 valid invoices: the consumer never stops. */
class BadInputUnderLoadIntegrationTest extends BridgeIntegrationTest {

    @Test
    void fiveHundredMalformedInterleavedWithFiveHundredValidInvoices() {
        deadLetters.purge("tax.invoices.dlq");
        String run = uniqueId("run");
        Set<String> valid = new HashSet<>();
        List<String> bad = new ArrayList<>();
        String[] malformed = {"{", "[]", "null", "{\"invoice\": 42}", "{\"invoice\": {\"lago_id\": \"x\"}}",
                "{\"invoice\": {\"lago_id\": \"x\", \"issuing_date\": \"yesterday\"}}"};
        for (int i = 0; i < 500; i++) {
            String id = run + "-" + i;
            valid.add(id);
            publish("invoice.finalized", sampleInvoice(id), null);
            bad.add(run + "-bad-" + i);
            publish(i % 7 == 0 ? "invoice.unknown" : "invoice.finalized",
                    malformed[i % malformed.length].getBytes(StandardCharsets.UTF_8), bad.get(i), Map.of());
        }

        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                events.named("invoice.taxes_committed", e -> e.at("/invoice/lago_id").asText().startsWith(run))
                        .size() >= 500 && deadLetters.depth("tax.invoices.dlq") >= 500);

        Set<String> committed = new HashSet<>();
        events.named("invoice.taxes_committed", e -> e.at("/invoice/lago_id").asText().startsWith(run))
                .forEach(e -> committed.add(e.body().at("/invoice/lago_id").asText()));
        assertThat(committed).isEqualTo(valid);
        // The DLQ holds this run's 500 malformed messages, each once, and nothing else.
        assertThat(deadLetters.snapshot("tax.invoices.dlq").messageIds()).as("parked, by message id")
                .containsExactlyInAnyOrderElementsOf(bad);
        long invalid = events.named("invoice.tax_provider_error",
                e -> "invalid_message".equals(e.at("/provider_error/error_code").asText())).stream()
                .filter(e -> e.properties().getHeaders().get("x-source-message-id").toString().startsWith(run))
                .count();
        assertThat(invalid).isEqualTo(500);
        assertThat(deadLetters.depth("tax.invoices")).isZero();
    }
}
