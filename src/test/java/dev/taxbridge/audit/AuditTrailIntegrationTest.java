package dev.taxbridge.audit;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.support.AuditProbe;
import dev.taxbridge.support.BridgeIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;

/** Every AvaTax call is in the tax.audit stream: what was sent for an invoice, what came back, no secret. */
class AuditTrailIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    private AuditTrail trail;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private AmqpAdmin amqpAdmin;

    @Test
    void theStreamHoldsTheRequestOfACommittedInvoiceWithoutSecrets() {
        String lagoId = uniqueId("inv");
        String messageId = uniqueId("msg");
        // Everything appended so far is settled (a read waits for that): the count grows for this call's record.
        new AuditProbe(trail).records(r -> false);
        double confirmedBefore = audited("confirmed");

        publish("invoice.finalized", sampleInvoice(lagoId), messageId);

        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", lagoId));
        List<JsonNode> records = new AuditProbe(trail).awaitForDocument(lagoId, 1);
        JsonNode call = records.get(0);
        assertThat(call.path("connection").asText()).isEqualTo("default");
        assertThat(call.path("company_code").asText()).isEqualTo("DEFAULT");
        assertThat(call.path("method").asText()).isEqualTo("POST");
        assertThat(call.path("path").asText()).isEqualTo("/api/v2/transactions/createoradjust");
        assertThat(call.path("endpoint").asText()).isEqualTo("createoradjust");
        assertThat(call.path("document_type").asText()).isEqualTo("SalesInvoice");
        assertThat(call.path("document_date").asText()).isEqualTo("2017-06-15");
        assertThat(call.path("status").asInt()).isEqualTo(200);
        assertThat(call.path("duration_ms").asDouble()).isPositive();
        assertThat(call.path("message_id").asText()).isEqualTo(messageId);
        assertThat(call.at("/request/createTransactionModel/code").asText()).isEqualTo(lagoId);
        assertThat(call.at("/request/createTransactionModel/commit").asBoolean()).isTrue();
        assertThat(call.at("/request/createTransactionModel/lines")).hasSize(2);
        assertThat(call.at("/response/status").asText()).isEqualTo("Committed");
        assertThat(call.at("/response/totalTax").decimalValue()).isEqualByComparingTo("55.32");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> audited("confirmed") > confirmedBefore);
        String text = call.toString();
        assertThat(text).doesNotContain("local-simulator-license-key")
                .doesNotContain(Base64.getEncoder().encodeToString(
                        "1100000001:local-simulator-license-key".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRecordThatNoStreamTakesIsCountedAsLostNotConfirmed() {
        // Everything appended so far is settled (a read waits for that): the counters below move for this
        // test's record alone.
        new AuditProbe(trail).records(r -> false);
        double lostBefore = audited("unroutable");
        double confirmedBefore = audited("confirmed");
        String code = uniqueId("lost");
        amqpAdmin.deleteQueue(AuditTopology.STREAM);
        try {
            trail.append(("{\"type\": \"avatax.call\", \"document_code\": \"" + code + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "POST", "/api/v2/transactions/createoradjust");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> audited("unroutable") > lostBefore);
            assertThat(audited("unroutable") - lostBefore).isEqualTo(1);
            assertThat(audited("confirmed")).as("not confirmed").isEqualTo(confirmedBefore);
        } finally {
            // What the bridge does on every (re)connection: declare the topology, the stream included.
            amqpAdmin.initialize();
        }
        assertThat(new AuditProbe(trail).records(r -> code.equals(r.path("document_code").asText()))).isEmpty();
    }

    private double audited(String outcome) {
        Counter counter = registry.find("tax.audit.records").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void manyCallsAreWrittenInFewMessagesAndEveryRecordIsReadBack() {
        String run = uniqueId("batch");
        double before = audited("confirmed");
        for (int i = 0; i < 450; i++) {
            trail.append(("{\"type\": \"avatax.call\", \"document_code\": \"" + run + "-" + i + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "POST", "/api/v2/transactions/create");
        }

        List<JsonNode> records = new AuditProbe(trail).records(r -> r.path("document_code").asText().startsWith(run));
        assertThat(records).extracting(r -> r.path("document_code").asText()).as("all, in order")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 450).mapToObj(i -> run + "-" + i).toList());
        assertThat(audited("confirmed") - before).as("counted per record").isGreaterThanOrEqualTo(450);
        // Per message of the stream holding this run's records: its AMQP type and how many of them it holds.
        List<String> types = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Integer> perMessage = new java.util.concurrent.CopyOnWriteArrayList<>();
        rabbit.execute(channel -> {
            channel.basicQos(100);
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            String tag = channel.basicConsume(AuditTopology.STREAM, false, java.util.Map.of("x-stream-offset", "first"),
                    (consumerTag, delivery) -> {
                        String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
                        int held = body.split(java.util.regex.Pattern.quote("\"" + run + "-"), -1).length - 1;
                        if (held > 0) {
                            types.add(String.valueOf(delivery.getProperties().getType()));
                            perMessage.add(held);
                        }
                        if (body.contains(run + "-449\"")) {
                            done.countDown();
                        }
                        channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                    }, consumerTag -> { });
            try {
                assertThat(done.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            channel.basicCancel(tag);
            return null;
        });
        assertThat(types).containsOnly(AuditTrail.CALLS);
        assertThat(perMessage.stream().mapToInt(Integer::intValue).sum()).as("every record once").isEqualTo(450);
        assertThat(perMessage).as("batches of at most tax.audit.batch-size (200) records").allSatisfy(n ->
                assertThat(n).isLessThanOrEqualTo(200));
        assertThat(perMessage.size()).as("few messages for 450 records").isBetween(3, 45);
    }
}
