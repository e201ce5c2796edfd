package dev.taxbridge;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.estimate.EstimateClient;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.messaging.Topology;
import dev.taxbridge.support.DeadLetterProbe;
import dev.taxbridge.support.EventCollector;
import dev.taxbridge.support.LagoFixtures;
import dev.taxbridge.support.SuiteBroker;
import dev.taxbridge.support.WebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The jar that {@code mvn -B package} builds, run as a user runs it: {@code java -jar avatax-bridge.jar}
 * from a directory with no routes/ and no config/, on the local profile (embedded AvaTax simulator), the
 * suite's own vhost and free ports. It serves one command of every routing key it consumes, answers both
 * estimates, and parks a bad command and delivers its failure webhook (after one 503 from the receiver),
 * so its routes, its route configurations and its config/ defaults come from the jar alone.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/avatax-bridge.jar").toAbsolutePath();
    private static final Path LOG = Path.of("target/packaged-jar-it/bridge.log").toAbsolutePath();

    @TempDir
    static Path workingDirectory;

    private static Process bridge;
    private static CachingConnectionFactory connections;

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void startTheJar() throws Exception {
        SuiteBroker.prepare();
        WebhookReceiver.get();
        int port = freePort();
        Files.createDirectories(LOG.getParent());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString(),
                "--spring.profiles.active=local",
                "--server.port=" + port,
                "--spring.rabbitmq.virtual-host=" + System.getProperty(SuiteBroker.VHOST),
                "--avatax.simulator.demo=false",
                // As the other bridges of the suite declare the queues (bridge-test.properties), so that a
                // vhost given with -Dbridge.test.vhost holds queues of one kind.
                "--tax.topology.replicas=3",
                "--tax.webhooks.endpoints[0].url=http://127.0.0.1:" + System.getProperty(SuiteBroker.WEBHOOK_PORT)
                        + "/hooks",
                "--tax.webhooks.endpoints[0].secret=" + WebhookReceiver.SECRET,
                "--tax.webhooks.backoff.initial-delay-ms=20");
        bridge = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(LOG.toFile()).start();
        awaitReady(port);

        connections = new CachingConnectionFactory("127.0.0.1", 5672);
        connections.setVirtualHost(System.getProperty(SuiteBroker.VHOST));
        // DeadLetterProbe puts back what it looked at, confirmed.
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
    }

    @AfterAll
    static void stopTheJar() throws InterruptedException {
        if (connections != null) {
            connections.destroy();
        }
        if (bridge != null) {
            bridge.destroy();
            if (!bridge.waitFor(30, TimeUnit.SECONDS)) {
                bridge.destroyForcibly().waitFor();
            }
        }
    }

    /** A start that fails (here: routes from a directory that does not exist) ends the process at once, status 1. */
    @Test
    void aStartThatFailsEndsTheProcessWithStatusOne(@TempDir Path elsewhere) throws Exception {
        Path log = LOG.resolveSibling("packaged-jar-failed-start.log");
        Process failing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "--spring.profiles.active=local", "--server.port=" + freePort(),
                "--spring.rabbitmq.virtual-host=" + System.getProperty(SuiteBroker.VHOST),
                "--avatax.simulator.demo=false",
                "--camel.main.routes-include-pattern=file:" + elsewhere.resolve("missing") + "/*.camel.yaml")
                .directory(elsewhere.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(failing.waitFor(45, TimeUnit.SECONDS)).as("ended; see " + log).isTrue();
            assertThat(failing.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log)).contains("Application run failed");
        } finally {
            failing.destroyForcibly();
        }
    }

    @Test
    void servesEveryCommandFromAnotherDirectory() throws Exception {
        assertThat(workingDirectory.resolve("routes")).doesNotExist();
        assertThat(workingDirectory.resolve("config")).doesNotExist();
        RabbitTemplate rabbit = new RabbitTemplate(connections);
        try (EventCollector events = new EventCollector(connections, mapper);
                EstimateClient estimates = new EstimateClient(connections, mapper, true)) {
            String creditedIds = LagoFixtures.freshIds();
            String voidedIds = LagoFixtures.freshIds();
            String disputedIds = LagoFixtures.freshIds();
            String credited = invoiceId(creditedIds);
            String voided = invoiceId(voidedIds);
            String disputed = invoiceId(disputedIds);
            for (String each : List.of(creditedIds, voidedIds, disputedIds)) {
                publish(rabbit, "invoice.finalized", lago("invoice.created.json", each));
            }
            ObjectNode draft = lago("invoice.created.json", LagoFixtures.freshIds());
            ((ObjectNode) draft.get("invoice")).put("status", "draft");
            publish(rabbit, "invoice.draft", draft);
            String feeIds = LagoFixtures.freshIds();
            ObjectNode fee = lago("fee.created.json", feeIds);
            fee.set("customer", lago("invoice.created.json", feeIds).at("/invoice/customer"));
            publish(rabbit, "fee.pay_in_advance", fee);
            String externalId = "packaged-jar-" + UUID.randomUUID();
            publish(rabbit, "customer.created", customer(externalId));
            ObjectNode bad = lago("invoice.created.json", LagoFixtures.freshIds());
            ((ObjectNode) bad.at("/invoice/fees/1")).put("units", "-3");
            String badMessage = publish(rabbit, "invoice.finalized", bad);
            String webhookId = OutcomeEvent.eventId(badMessage, "invoice.tax_provider_error");
            WebhookReceiver.get().script(webhookId, 503);
            CompletableFuture<EstimateClient.Reply> usage = estimates.send("estimate.current_usage",
                    usage(LagoFixtures.freshIds()), UUID.randomUUID().toString());
            CompletableFuture<EstimateClient.Reply> oneOff = estimates.send("estimate.one_off_invoice",
                    sample(), UUID.randomUUID().toString());

            for (String invoice : List.of(credited, voided, disputed)) {
                events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoice));
            }
            events.awaitOne("invoice.taxes_estimated", field("/invoice/lago_id", draft.at("/invoice/lago_id").asText()));
            events.awaitOne("fee.taxes_calculated", field("/fee/lago_id", fee.at("/fee/lago_id").asText()));
            events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", externalId));
            assertThat(usage.get(30, TimeUnit.SECONDS).body().get("status").asText()).isEqualTo("ok");
            assertThat(oneOff.get(30, TimeUnit.SECONDS).body().get("status").asText()).isEqualTo("ok");

            publish(rabbit, "credit_note.created", lago("credit_note.created.json", creditedIds));
            ObjectNode voiding = lago("invoice.created.json", voidedIds);
            voiding.put("webhook_type", "invoice.voided");
            ((ObjectNode) voiding.get("invoice")).put("status", "voided");
            publish(rabbit, "invoice.voided", voiding);
            publish(rabbit, "invoice.disputed", dispute(lago("invoice.created.json", disputedIds)));
            publish(rabbit, "customer.updated", customer(externalId));

            events.awaitOne("credit_note.taxes_committed", field("/credit_note/invoice_lago_id", credited));
            events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", voided));
            events.awaitOne("invoice.taxes_voided", field("/invoice/lago_id", disputed));
            events.await("customer.tax_provider_synced", field("/customer/external_customer_id", externalId), 2);
            events.awaitOne("invoice.tax_provider_error", field("/lago_id", bad.at("/invoice/lago_id").asText()));
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(WebhookReceiver.get().deliveries(webhookId))
                            .extracting(WebhookReceiver.Delivery::answered).containsExactly(503, 200));
            new DeadLetterProbe(rabbit).awaitParked("tax.invoices.dlq", badMessage);
            events.assertMatchContract();
            WebhookReceiver.assertMatchContract();
        }
    }

    private String publish(RabbitTemplate rabbit, String routingKey, JsonNode body) throws IOException {
        String messageId = "packaged-jar-" + UUID.randomUUID();
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        properties.setMessageId(messageId);
        rabbit.send(Topology.COMMANDS_EXCHANGE, routingKey, new Message(mapper.writeValueAsBytes(body), properties));
        return messageId;
    }

    private ObjectNode lago(String fixture, String ids) {
        return LagoFixtures.lago(mapper, fixture, ids);
    }

    private String invoiceId(String ids) {
        return lago("invoice.created.json", ids).at("/invoice/lago_id").asText();
    }

    /** Lago's customer.created webhook with the bridge's sync beside it, on the default connection. */
    private ObjectNode customer(String externalId) {
        ObjectNode command = lago("customer.created.json", LagoFixtures.freshIds());
        ((ObjectNode) command.get("customer")).put("external_id", externalId);
        command.put("connection", "default");
        command.putObject("sync").put("create_in_avalara", true);
        return command;
    }

    /** Lago's invoice.payment_dispute_lost webhook for a committed invoice. */
    private ObjectNode dispute(ObjectNode created) {
        ObjectNode invoice = (ObjectNode) created.get("invoice").deepCopy();
        invoice.remove(List.of("fees", "subscriptions", "credits", "applied_taxes"));
        ObjectNode webhook = mapper.createObjectNode().put("webhook_type", "invoice.payment_dispute_lost")
                .put("object_type", "payment_dispute_lost")
                .put("organization_id", created.get("organization_id").asText());
        webhook.putObject("payment_dispute_lost").set("invoice", invoice);
        return webhook;
    }

    private ObjectNode usage(String ids) {
        ObjectNode request = lago("customer_usage.json", ids);
        request.set("customer", lago("invoice.created.json", ids).at("/invoice/customer"));
        request.put("external_subscription_id", "packaged-jar-" + UUID.randomUUID());
        return request;
    }

    private ObjectNode sample() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/invoice-2.2.1.json")) {
            ObjectNode command = (ObjectNode) mapper.readTree(in);
            ((ObjectNode) command.get("invoice")).put("lago_id", "packaged-jar-" + UUID.randomUUID());
            return command;
        }
    }

    private static void awaitReady(int port) {
        HttpClient http = HttpClient.newHttpClient();
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        Awaitility.await("java -jar " + JAR + " ready").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!bridge.isAlive()) {
                        throw new AssertionError("java -jar " + JAR + " stopped (exit " + bridge.exitValue() + "): "
                                + tail());
                    }
                    // A start that failed while refreshing the context can leave the JVM running.
                    if (Files.readString(LOG).contains("Application run failed")) {
                        throw new AssertionError("java -jar " + JAR + " did not start: " + tail());
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(readiness).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (ConnectException notYet) {
                        return false;
                    }
                });
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(LOG);
        return "see " + LOG + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
