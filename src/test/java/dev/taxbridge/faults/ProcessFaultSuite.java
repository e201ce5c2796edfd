package dev.taxbridge.faults;

import dev.taxbridge.support.WebhookReceiver;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Not a test: the fault suite's scenarios that kill the bridge (bench/faults/run, README "Fault
 * suite"). The bridge runs as processes of its own ({@code java -jar target/avatax-bridge.jar}, built
 * by the script), against the suite's RabbitMQ node, its default connection pointed at the simulator
 * this JVM serves. This JVM consumes nothing (no routes): it publishes, kills with SIGKILL
 * ({@link Process#destroyForcibly()}), starts, and counts.
 */
@TestPropertySource(properties = {
        "spring.rabbitmq.port=${faults.broker-port:5673}",
        "spring.rabbitmq.virtual-host=/",
        "server.port=${faults.port:18389}",
        "camel.main.routes-include-pattern=file:routes/none-*.camel.yaml",
        "tax.webhooks.endpoints[0].url=http://127.0.0.1:${faults.webhook-port:18391}/hooks",
        "tax.webhooks.endpoints[0].secret=" + WebhookReceiver.SECRET})
class ProcessFaultSuite extends FaultBench {

    private final List<Process> bridges = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopBridges() throws InterruptedException {
        for (Process bridge : bridges) {
            bridge.destroy();
            bridge.waitFor();
        }
    }

    @Test
    void bridgeKilledAndRestarted() {
        Process first = startBridge(18392);
        run("bridge SIGKILL, restarted", Set.of(), () -> {
            first.destroyForcibly();
            startBridge(18392);
        });
    }

    @Test
    void secondInstanceJoinsThenTheFirstIsKilled() {
        Process first = startBridge(18392);
        run("second instance joins, first SIGKILLed", Set.of(), () -> {
            startBridge(18393);
            first.destroyForcibly();
        });
    }

    @AfterAll
    static void writeResults() throws IOException {
        writeResults("results-process");
    }

    /** Starts a bridge process and returns once its HTTP port answers (its consumers start before). */
    private Process startBridge(int httpPort) {
        String simulator = "http://127.0.0.1:" + port + "/avatax-sim";
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
                "target/avatax-bridge.jar",
                "--server.port=" + httpPort,
                "--spring.rabbitmq.port=" + System.getProperty("faults.broker-port", "5673"),
                "--avatax.connections.default.base-url=" + simulator,
                "--avatax.connections.default.account-id=1100000001",
                "--avatax.connections.default.license-key=local-simulator-license-key",
                "--avatax.connections.default.company-code=DEFAULT",
                "--avatax.http.response-timeout-ms=3000",
                "--tax.retry.defer-delay=" + System.getProperty("faults.defer-delay", "5s"),
                "--tax.circuit.open-duration=" + System.getProperty("faults.open-duration", "5s"),
                "--tax.webhooks.endpoints[0].url=http://127.0.0.1:" + Integer.getInteger("faults.webhook-port", 18391)
                        + "/hooks",
                "--tax.webhooks.endpoints[0].secret=" + WebhookReceiver.SECRET));
        try {
            File log = new File("target/faults/bridge-" + httpPort + "-" + bridges.size() + ".log");
            log.getParentFile().mkdirs();
            Process bridge = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            bridges.add(bridge);
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(giveUp) && bridge.isAlive()) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    return bridge;
                } catch (IOException notYet) {
                    hold(Duration.ofMillis(500));
                }
            }
            throw new IllegalStateException("the bridge on port " + httpPort + " did not start: see " + log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
