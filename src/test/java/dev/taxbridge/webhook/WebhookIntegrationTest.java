package dev.taxbridge.webhook;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.route.Webhooks;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.WebhookReceiver;
import dev.taxbridge.support.WebhookReceiver.Delivery;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;

class WebhookIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    RabbitAdmin topology;

    @BeforeEach
    void emptyParkingQueues() {
        deadLetters.purge("tax.invoices.dlq", "tax.webhooks.dlq");
    }

    /** A finalize that fails on the unknown connection "nope": its failure event becomes a webhook. */
    private String failingInvoice(String messageId) {
        String id = uniqueId("inv");
        publish("invoice.finalized", sampleInvoice(id).put("connection", "nope"), messageId);
        return OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
    }

    @Test
    void receiverAnswering503TwiceThen200GetsTheWebhookDeliveredOnceWithValidSignatures() {
        String messageId = uniqueId("msg");
        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        webhooks.script(webhookId, 503, 503);
        failingInvoice(messageId);

        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> webhooks.deliveries(webhookId).stream().anyMatch(d -> d.answered() == 200));
        // Once: nothing follows the 200 (a redelivery of the event would come within moments).
        Awaitility.await("no delivery after the 200").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> webhooks.deliveries(webhookId).size() == 3);
        List<Delivery> deliveries = webhooks.deliveries(webhookId);
        assertThat(deliveries).extracting(Delivery::answered).containsExactly(503, 503, 200);
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.verified()).as("signature verified by the Standard Webhooks library").isTrue();
            assertThat(d.signature()).startsWith("v1,");
        });
        assertThat(deliveries).extracting(Delivery::body).as("the same body every attempt").containsOnly(
                deliveries.get(0).body());
        // Parked webhooks carry the event id as their message id.
        assertThat(deadLetters.find("tax.webhooks.dlq", webhookId)).isNull();
    }

    @Test
    void twoReceiversOneDownOneUpGetTheirOwnRetriesAndParking() {
        String messageId = uniqueId("msg");
        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        WebhookReceiver down = WebhookReceiver.second();
        down.script(webhookId, 503, 503, 503, 503, 503, 503);
        failingInvoice(messageId);

        GetResponse parked = deadLetters.awaitParked("tax.webhooks.dlq", webhookId);
        assertThat(parked.getProps().getHeaders().get("x-webhook-endpoint")).as("the receiver that is down")
                .hasToString("1:127.0.0.1");
        assertThat(parked.getProps().getHeaders().get("x-error-code")).hasToString("webhook_unavailable");
        assertThat(parked.getProps().getHeaders().get("x-attempts")).hasToString("4");
        assertThat(down.deliveries(webhookId)).extracting(Delivery::answered).containsExactly(503, 503, 503, 503);
        assertThat(webhooks.deliveries(webhookId)).as("the receiver that is up: once, not once per retry of the other")
                .extracting(Delivery::answered).containsExactly(200);
        assertThat(deadLetters.count("tax.webhooks.dlq", webhookId)).as("parked for the receiver that is down only")
                .isEqualTo(1);
    }

    @Test
    void aReplayFromTheWebhookDlqReachesTheReceiversOnlyNotTheEventSubscribers() throws Exception {
        String messageId = uniqueId("msg");
        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        webhooks.script(webhookId, 400);
        failingInvoice(messageId);
        deadLetters.awaitParked("tax.webhooks.dlq", webhookId);
        assertThat(events.named("invoice.tax_provider_error", field("/event_id", webhookId))).hasSize(1);
        // The other receiver's own first delivery, before the replay: its count must not be read before it.
        WebhookReceiver second = WebhookReceiver.second();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> second.deliveries(webhookId).size() == 1);

        HttpResponse<String> replayed = admin().post("/admin/dead-letters/tax.webhooks.dlq/replay",
                "{\"message_ids\": [\"" + webhookId + "\"]}", AdminClient.TOKEN);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(tree(replayed.body()).get("replayed").asInt()).isEqualTo(1);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> webhooks.deliveries(webhookId).size() == 2);
        assertThat(webhooks.deliveries(webhookId)).extracting(Delivery::answered).containsExactly(400, 200);
        assertThat(webhooks.deliveries(webhookId).get(1).body()).isEqualTo(webhooks.deliveries(webhookId).get(0).body());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> second.deliveries(webhookId).size() == 2);
        Awaitility.await("one delivery of the replay per receiver").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> webhooks.deliveries(webhookId).size() == 2 && second.deliveries(webhookId).size() == 2);
        assertThat(second.deliveries(webhookId)).extracting(Delivery::answered).containsExactly(200, 200);
        assertThat(events.named("invoice.tax_provider_error", field("/event_id", webhookId)))
                .as("not published on tax.events again").hasSize(1);
        assertThat(deadLetters.find("tax.webhooks.dlq", webhookId)).isNull();
    }

    @Test
    void successEventsAreNotSentToReceivers() {
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        publish("invoice.finalized", sampleInvoice(id), messageId);
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        // A failure published after it: once its webhook is delivered, the success event (earlier on
        // tax.events) would have been delivered too, were it bound to tax.webhooks.
        String failing = uniqueId("msg");
        String failureWebhook = OutcomeEvent.eventId(failing, "invoice.tax_provider_error");
        failingInvoice(failing);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> webhooks.deliveries(failureWebhook).size() == 1
                && WebhookReceiver.second().deliveries(failureWebhook).size() == 1);

        String successId = OutcomeEvent.eventId(messageId, "invoice.taxes_committed");
        assertThat(events.named("invoice.taxes_committed", field("/event_id", successId))).hasSize(1);
        assertThat(webhooks.deliveries(successId)).isEmpty();
        assertThat(WebhookReceiver.second().deliveries(successId)).isEmpty();
        assertThat(webhooks.all()).noneMatch(d -> d.body().contains(id));
    }

    @Test
    void receiverAnswering400GetsTheDeliveryParkedAfterOneAttempt() {
        String messageId = uniqueId("msg");
        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        webhooks.script(webhookId, 400);
        failingInvoice(messageId);

        GetResponse parked = deadLetters.awaitParked("tax.webhooks.dlq", webhookId);
        assertThat(parked.getProps().getHeaders().get("x-error-code")).hasToString("webhook_rejected");
        assertThat(parked.getProps().getHeaders().get("x-attempts")).hasToString("1");
        assertThat(parked.getProps().getHeaders().get("x-provider-error-code")).hasToString("400");
        assertThat(parked.getProps().getHeaders().get("x-event-name")).hasToString("invoice.tax_provider_error");
        assertThat(parked.getProps().getHeaders().get("x-original-exchange")).hasToString("");
        assertThat(parked.getProps().getHeaders().get("x-original-routing-key")).hasToString("tax.webhooks");
        assertThat(parked.getProps().getHeaders().get("x-webhook-endpoint")).hasToString("0:127.0.0.1");
        assertThat(tree(new String(parked.getBody())).get("event_id").asText()).isEqualTo(webhookId);
        assertThat(webhooks.deliveries(webhookId)).hasSize(1);
    }

    @Test
    void aDeliveryThatCannotBeParkedYetIsTriedAgainNotDropped() throws Exception {
        String messageId = uniqueId("msg");
        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        Integer[] refusals = new Integer[40];
        Arrays.fill(refusals, 400);
        webhooks.script(webhookId, refusals);
        rabbit.execute(channel -> channel.queueDelete("tax.webhooks.dlq"));
        try {
            failingInvoice(messageId);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> webhooks.deliveries(webhookId).size() >= 2);
        } finally {
            topology.initialize();
        }
        GetResponse parked = deadLetters.awaitParked("tax.webhooks.dlq", webhookId);
        assertThat(parked.getProps().getHeaders().get("x-error-code")).as("the receiver's refusal, not the broker's")
                .hasToString("webhook_rejected");
        assertThat(parked.getProps().getHeaders().get("x-provider-error-code")).hasToString("400");
    }

    @Test
    void receiverThatKeepsFailingIsRetriedUpToMaxAttemptsThenParked() {
        String messageId = uniqueId("msg");
        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        webhooks.script(webhookId, 500, 500, 500, 500, 500);
        failingInvoice(messageId);

        GetResponse parked = deadLetters.awaitParked("tax.webhooks.dlq", webhookId);
        assertThat(parked.getProps().getHeaders().get("x-error-code")).hasToString("webhook_unavailable");
        assertThat(parked.getProps().getHeaders().get("x-attempts")).as("tax.webhooks.max-attempts=4").hasToString("4");
        assertThat(webhooks.deliveries(webhookId)).hasSize(4);
    }
}
