package dev.taxbridge.ops;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.WebhookReceiver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The operator's meters over the real broker: a parked command in tax_commands_total with its error code
 * and in tax_dead_letters, a retried one, an AvaTax call in the latency histogram, the webhook of the
 * failure, and log lines that carry the command's message_id and lago_id.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsMetricsIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    private MeterRegistry registry;

    @BeforeEach
    void emptyParkingQueue() {
        deadLetters.purge("tax.invoices.dlq");
    }

    @Test
    void aParkedCommandIsCountedWithItsErrorCodeAndLoggedWithItsIds(CapturedOutput output) {
        Gauge parkedNow = registry.find("tax.dead.letters").tag("queue", "tax.invoices.dlq").gauge();
        assertThat(parkedNow).isNotNull();
        Awaitility.await("the DLQ emptied before the test").atMost(Duration.ofSeconds(5))
                .until(() -> parkedNow.value() == 0);
        double parkedBefore = commands("invoice.finalized", "parked", "unmapped_item");
        double webhooksBefore = counter("tax.webhook.deliveries", "outcome", "delivered");
        long answeredBefore = answeredWithSuccess();
        String lagoId = uniqueId("inv");
        String messageId = uniqueId("msg");

        // The "strict" connection has no mapping at all: unmapped_item, parked at once.
        publish("invoice.finalized", sampleInvoice(lagoId).put("connection", "strict"), messageId);

        deadLetters.awaitParked("tax.invoices.dlq", messageId);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> commands("invoice.finalized", "parked", "unmapped_item") == parkedBefore + 1);
        Awaitility.await("this test's parked command").atMost(Duration.ofSeconds(5))
                .until(() -> parkedNow.value() == 1);
        Gauge consumers = registry.find("tax.queue.consumers").tag("queue", "tax.invoices").gauge();
        assertThat(consumers).as("tax_queue_consumers{queue=\"tax.invoices\"}").isNotNull();
        assertThat(consumers.value()).as("the bridge's own consumers, counted by the broker").isGreaterThanOrEqualTo(1);
        // Its failure webhook, delivered to both receivers: counted as each receiver answered it (the
        // counter grows by exactly the deliveries the receivers answered with a 2xx meanwhile).
        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> webhooks.deliveries(webhookId).size() == 1
                && WebhookReceiver.second().deliveries(webhookId).size() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                counter("tax.webhook.deliveries", "outcome", "delivered") - webhooksBefore
                        == answeredWithSuccess() - answeredBefore);
        assertThat(answeredWithSuccess() - answeredBefore).as("this test's two deliveries at least")
                .isGreaterThanOrEqualTo(2);
        assertThat(output.getAll()).as("the parking line carries the command's ids")
                .containsPattern("\\[" + messageId + "\\|" + lagoId + "\\|[^\\]]*\\] .*Parked message");
    }

    @Test
    void aCommittedInvoiceIsTimedInTheLatencyHistogramAndARetryIsCounted() {
        double retriedBefore = commands("invoice.finalized", "retried", "provider_unavailable");
        double okBefore = commands("invoice.finalized", "ok", "none");
        // On a connection only this test uses ("metered", bridge-test.properties): its timers count this
        // test's calls alone.
        long callsBefore = calls("metered", "createoradjust", "200");
        long failedCallsBefore = calls("metered", "createoradjust", "500");
        String lagoId = uniqueId("inv");
        simulator.faults().add(new Fault(500, null, null, 1, null, lagoId, null, null));

        publish("invoice.finalized", sampleInvoice(lagoId).put("connection", "metered"), uniqueId("msg"));

        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", lagoId));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> commands("invoice.finalized", "ok", "none") == okBefore + 1);
        assertThat(commands("invoice.finalized", "retried", "provider_unavailable")).isEqualTo(retriedBefore + 1);
        assertThat(simulator.journal().forDocument(lagoId)).extracting(c -> c.status()).containsExactly(500, 200);
        assertThat(calls("metered", "createoradjust", "200")).as("the commit").isEqualTo(callsBefore + 1);
        assertThat(calls("metered", "createoradjust", "500")).as("the failed call").isEqualTo(failedCallsBefore + 1);
        Timer timer = registry.find("avatax.requests").tags("connection", "metered", "endpoint", "createoradjust",
                "status", "200").timer();
        // Its Prometheus histogram buckets: OperationsMetricsTest (tests run without the Prometheus registry).
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void aCallThatGetsNoAnswerIsTimedUnderTheBridgesErrorCode() {
        long before = calls("unreachable", "createoradjust", "provider_unavailable");
        String messageId = uniqueId("msg");

        publish("invoice.finalized", sampleInvoice(uniqueId("inv")).put("connection", "unreachable"), messageId);

        var parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-attempts")).hasToString("3");
        assertThat(calls("unreachable", "createoradjust", "provider_unavailable")).as("one per attempt")
                .isEqualTo(before + 3);
    }

    /** Deliveries both test receivers have answered with a 2xx so far. */
    private static long answeredWithSuccess() {
        return java.util.stream.Stream.of(WebhookReceiver.get(), WebhookReceiver.second())
                .flatMap(receiver -> receiver.all().stream()).filter(d -> d.answered() / 100 == 2).count();
    }

    private double commands(String command, String outcome, String errorCode) {
        Counter counter = registry.find("tax.commands").tags("command", command, "outcome", outcome,
                "error_code", errorCode).counter();
        return counter == null ? 0 : counter.count();
    }

    private double counter(String name, String tag, String value) {
        Counter counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private long calls(String connection, String endpoint, String status) {
        Timer timer = registry.find("avatax.requests").tags("connection", connection, "endpoint", endpoint,
                "status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    /**
     * deploy/monitoring is held to the code: every metric its alert rules and its Grafana dashboard query is
     * one the bridge exposes at /actuator/prometheus (meters appear with their first event: an invoice
     * committed and one parked with its webhook are enough for all of them).
     */
    @Test
    void everyMetricTheAlertRulesAndTheDashboardQueryIsExposed() throws Exception {
        java.util.Set<String> queried = new java.util.TreeSet<>();
        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b((?:tax|avatax|cache)_[a-z_]+)\\b");
        for (String file : java.util.List.of("deploy/monitoring/prometheus/avatax-bridge.rules.yml",
                "deploy/monitoring/grafana/avatax-bridge.dashboard.json")) {
            java.util.regex.Matcher found = metric.matcher(java.nio.file.Files.readString(java.nio.file.Path.of(file)));
            while (found.find()) {
                queried.add(found.group(1));
            }
        }
        assertThat(queried).contains("tax_commands_total", "tax_queue_consumers", "avatax_requests_seconds_bucket");

        String parked = uniqueId("msg");
        publish("invoice.finalized", sampleInvoice(uniqueId("inv")), uniqueId("msg"));
        publish("invoice.finalized", sampleInvoice(uniqueId("inv")).put("connection", "strict"), parked);
        deadLetters.awaitParked("tax.invoices.dlq", parked);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scraped = admin().get("/actuator/prometheus", null).body();
            assertThat(queried.stream().filter(name ->
                    !java.util.regex.Pattern.compile("(?m)^" + name + "[{ ]").matcher(scraped).find()).toList())
                    .as("metrics deploy/monitoring queries that /actuator/prometheus does not expose").isEmpty();
        });
    }
}
