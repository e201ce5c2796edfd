package dev.taxbridge.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.audit.AuditTrail;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.AuditProbe;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import dev.taxbridge.support.WebhookReceiver;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No secret leaves the bridge: license keys (and the Basic credentials made of them), the webhook
 * secret and the admin token appear in no log line, DLQ header, event, webhook body or admin / actuator
 * response or audit record, even when AvaTax echoes the request's credentials in its error message.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    private AuditTrail trail;

    private static final List<String> SECRETS = List.of(
            "local-simulator-license-key",
            "wrong-license-key-4F2C9E",
            base64("1100000001:local-simulator-license-key"),
            base64("1100000001:wrong-license-key-4F2C9E"),
            AdminClient.TOKEN,
            "test-estimates-token-3e8a",
            WebhookReceiver.SECRET,
            WebhookReceiver.SECRET.substring("whsec_".length()));

    @Test
    void secretsAppearNowhereEvenWhenAvataxEchoesTheCredentials(CapturedOutput output) {
        List<String> seen = new ArrayList<>();
        String echoed401 = uniqueId("inv");
        String echoed500 = uniqueId("inv");
        simulator.faults().add(new Fault(401, null, null, null, null, echoed401, null, true));
        simulator.faults().add(new Fault(500, null, null, null, null, echoed500, null, true));
        String[] messageIds = {uniqueId("msg"), uniqueId("msg"), uniqueId("msg")};
        publish("invoice.finalized", sampleInvoice(echoed401), messageIds[0]);
        publish("invoice.finalized", sampleInvoice(echoed500), messageIds[1]);
        publish("invoice.finalized", sampleInvoice(uniqueId("inv")).put("connection", "badcreds"), messageIds[2]);

        for (String messageId : messageIds) {
            GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
            parked.getProps().getHeaders().forEach((name, value) -> seen.add(name + "=" + value));
            String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !webhooks.deliveries(webhookId).isEmpty());
            webhooks.deliveries(webhookId).forEach(d -> seen.add(d.body()));
        }
        assertThat(seen).as("the echo reached the bridge").anyMatch(text -> text.contains("license key ******"));
        events.all().forEach(e -> {
            seen.add(e.body().toString());
            seen.add(String.valueOf(e.properties().getHeaders()));
        });
        assertThat(events.all()).extracting(Event::name).contains("integration.provider_error");
        // Each page as served, not an error page in its place.
        for (String[] page : new String[][] {{"/admin/dead-letters/tax.invoices.dlq?limit=1000", AdminClient.TOKEN},
                {"/admin/connections/default/ping", AdminClient.TOKEN},
                {"/admin/connections/badcreds/ping", AdminClient.TOKEN},
                {"/actuator/health", null}, {"/actuator/health", AdminClient.TOKEN},
                {"/actuator/prometheus", null}, {"/actuator", null}}) {
            HttpResponse<String> response = admin().get(page[0], page[1]);
            // Health is DOWN in the tests (connection "unreachable"): 503 with the health body.
            assertThat(response.statusCode()).as(page[0]).isEqualTo(page[0].startsWith("/actuator/health") ? 503 : 200);
            seen.add(response.body());
        }
        assertThat(seen).as("the metrics page is the real one").anyMatch(text -> text.contains("# TYPE"));
        List<JsonNode> audited = new AuditProbe(trail).records(r -> List.of(echoed401, echoed500)
                .contains(r.path("document_code").asText()));
        assertThat(audited).as("the echoing calls are in the audit stream, masked")
                .anyMatch(r -> r.toString().contains("license key ******"));
        audited.forEach(r -> seen.add(r.toString()));
        seen.add(output.getAll());

        for (String secret : SECRETS) {
            assertThat(seen).as("nothing shows " + secret).noneMatch(text -> text.contains(secret));
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
