package dev.taxbridge.faults;

import dev.taxbridge.support.WebhookReceiver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Not a test: the fault suite's scenarios that kill the bridge (bench/faults/run,
 * docs/faults.md). The bridge runs as processes of its own ({@code java -jar target/avatax-bridge.jar}, built
 * by the script), against the suite's RabbitMQ node, its default connection pointed at the simulator
 * this JVM serves. This JVM consumes nothing (its routes are not started): it publishes, kills with SIGKILL
 * ({@link Process#destroyForcibly()}), starts, and counts.
 */
@TestPropertySource(properties = {
        "spring.rabbitmq.port=${faults.broker-port:5673}",
        "spring.rabbitmq.virtual-host=/",
        "server.port=${faults.port:18389}",
        "camel.main.auto-startup=false",
        "tax.webhooks.endpoints[0].url=http://127.0.0.1:${faults.webhook-port:18391}/hooks",
        "tax.webhooks.endpoints[0].secret=" + WebhookReceiver.SECRET})
class ProcessFaultSuite extends FaultBench {

    private BridgeProcesses processes;
    private boolean sigtermDrain;

    @org.junit.jupiter.api.BeforeEach
    void bridges() {
        processes = new BridgeProcesses(port);
    }

    @AfterEach
    void stopBridges() throws InterruptedException {
        processes.stopAll();
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

    @Test
    void bridgeStoppedWithSigtermMidBurst() {
        sigtermDrain = true;
        Process first = startBridge(BridgeProcesses.freePort());
        Map<String, Object> row = run("bridge SIGTERM (drain), a new one started", Set.of(), () -> {
            stopped.add(processes.terminate(first));
            startBridge(BridgeProcesses.freePort());
        });
        assertDrained(row);
    }

    @Test
    void rollingDeployOfTwoBridges() {
        rollingDeploy("rolling deploy: 2 bridges, a 3rd starts, 1st SIGTERM, a 4th starts, 2nd SIGTERM", processes,
                n -> startBridge(BridgeProcesses.freePort()));
    }

    /** The SIGTERM scenario publishes 200 commands per confirm, so it lands on a backlog and a full window. */
    @Override
    int publishBatch() {
        return sigtermDrain ? 200 : super.publishBatch();
    }

    @AfterAll
    static void writeResults() throws IOException {
        writeResults("results-process");
    }

    private Process startBridge(int httpPort) {
        return processes.start(httpPort,
                List.of("--spring.rabbitmq.port=" + System.getProperty("faults.broker-port", "5673")));
    }
}
