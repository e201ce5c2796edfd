package dev.taxbridge;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.bench.AvataxStandIn;
import dev.taxbridge.messaging.Topology;
import dev.taxbridge.support.EventCollector;
import dev.taxbridge.support.LagoFixtures;
import dev.taxbridge.support.SuiteBroker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The packaged jar stopped as Kubernetes stops it: SIGTERM ({@link Process#destroy()}) while AvaTax holds
 * a command for seconds. Readiness goes out of service at once; the command finishes: one AvaTax call,
 * its event published once, acknowledged (nothing left in its queue, nothing redelivered); the process then
 * exits by itself, well within the drain timeout. AvaTax is a stand-in in this JVM, so its calls can be
 * counted after the bridge is gone.
 */
class DrainIT {

    private static final Path JAR = Path.of("target/avatax-bridge.jar").toAbsolutePath();
    private static final Path LOG = Path.of("target/drain-it/bridge.log").toAbsolutePath();
    private static final long SLOW_MILLIS = 4000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Process bridge;

    @AfterEach
    void cleanUp() throws Exception {
        if (bridge != null && bridge.isAlive()) {
            bridge.destroyForcibly().waitFor();
        }
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void sigtermFinishesTheCommandInFlightThenTheProcessExits() throws Exception {
        SuiteBroker.prepare();
        AvataxStandIn avatax = new AvataxStandIn(0, 8);
        opened.add(avatax);
        String ids = LagoFixtures.freshIds();
        ObjectNode invoice = LagoFixtures.lago(mapper, "invoice.created.json", ids);
        String code = invoice.at("/invoice/lago_id").asText();
        avatax.latency(code, SLOW_MILLIS);

        int port = freePort();
        bridge = start(port, avatax.baseUrl());
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", 5672);
        connections.setVirtualHost(System.getProperty(SuiteBroker.VHOST));
        opened.add(connections::destroy);
        EventCollector events = new EventCollector(connections, mapper);
        opened.add(events);

        String messageId = "drain-" + UUID.randomUUID();
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        properties.setMessageId(messageId);
        new RabbitTemplate(connections).send(Topology.COMMANDS_EXCHANGE, "invoice.finalized",
                new Message(mapper.writeValueAsBytes(invoice), properties));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> avatax.calls(code) == 1);

        long signalled = System.nanoTime();
        bridge.destroy();
        // Readiness, looked at while the bridge drains: out of service at once, the command still with AvaTax.
        List<Integer> readiness = new ArrayList<>();
        int answeredWhenOut = -1;
        while (bridge.isAlive() && System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(2)) {
            int status = readiness(port);
            readiness.add(status);
            if (status == 503) {
                answeredWhenOut = avatax.answered(code);
                break;
            }
        }

        assertThat(bridge.waitFor(25, TimeUnit.SECONDS)).as("exited; see " + LOG).isTrue();
        double seconds = (System.nanoTime() - signalled) / 1e9;
        // One call, answered, and the command acknowledged: nothing back in its queue, nothing redone.
        assertThat(avatax.calls(code)).isEqualTo(1);
        assertThat(avatax.answered(code)).isEqualTo(1);
        assertThat(messagesIn(connections, "tax.invoices")).as("commands back in tax.invoices").isZero();
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", code));
        assertThat(Files.readString(LOG)).contains("drained: every command in flight finished (1 at the start)")
                .doesNotContain("could not acknowledge");
        assertThat(readiness).as("readiness after SIGTERM").contains(503);
        assertThat(answeredWhenOut).as("answers AvaTax had given when readiness went out").isZero();
        assertThat(seconds).as("exit after SIGTERM (s)").isGreaterThan(SLOW_MILLIS / 1000.0 - 1).isLessThan(20 + 5);
        // Held a little: a redelivered command would be committed and announced again.
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                events.named("invoice.taxes_committed", field("/invoice/lago_id", code)).size() == 1);
    }

    private Process start(int port, String avatax) throws Exception {
        Files.createDirectories(LOG.getParent());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(),
                "--server.port=" + port,
                "--spring.rabbitmq.virtual-host=" + System.getProperty(SuiteBroker.VHOST),
                "--tax.topology.replicas=3",
                "--avatax.connections.default.base-url=" + avatax,
                "--avatax.connections.default.account-id=1100000001",
                "--avatax.connections.default.license-key=local-simulator-license-key",
                "--avatax.connections.default.company-code=DEFAULT");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile()).start();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> !process.isAlive() || readiness(port) == 200);
        assertThat(process.isAlive()).as("started; see " + LOG).isTrue();
        return process;
    }

    private int readiness(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException notListening) {
            return -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int messagesIn(CachingConnectionFactory connections, String queue) {
        return new RabbitTemplate(connections).execute(channel -> channel.queueDeclarePassive(queue).getMessageCount());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
