package dev.taxbridge.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.support.WebhookReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Not a test: the fault suite's scenarios on a three-node RabbitMQ cluster (bench/faults/run with
 * FAULTS_CLUSTER=1, which starts it with bench/cluster/cluster.sh). Bridges run as processes of their
 * own, connected with spring.rabbitmq.addresses; this JVM publishes, consumes the outcomes, injects the
 * fault through the cluster script and rabbitmqctl, and counts. Before the burst it checks that the
 * bridge's quorum queues and stream have a replica on each of the three nodes.
 */
@TestPropertySource(properties = {
        "spring.rabbitmq.addresses=${faults.cluster-addresses:127.0.0.1:5683,127.0.0.1:5682,127.0.0.1:5681}",
        "spring.rabbitmq.virtual-host=/",
        "server.port=${faults.port:18389}",
        "camel.main.auto-startup=false",
        "tax.webhooks.endpoints[0].url=http://127.0.0.1:${faults.webhook-port:18391}/hooks",
        "tax.webhooks.endpoints[0].secret=" + WebhookReceiver.SECRET})
class ClusterFaultSuite extends FaultBench {

    private static final String CLUSTER = "bench/cluster/cluster.sh";
    private static final String[] NODES = {"127.0.0.1:5681", "127.0.0.1:5682", "127.0.0.1:5683"};
    private static final Duration DOWN = Duration.ofSeconds(Long.getLong("faults.node-down-seconds", 20));

    private BridgeProcesses processes;

    @BeforeEach
    void bridges() {
        processes = new BridgeProcesses(port);
    }

    @AfterEach
    void stopBridgesAndBringEveryNodeBack() throws InterruptedException {
        processes.stopAll();
        cluster("start");
    }

    @Test
    void queuesAndStreamHaveAReplicaOnEachNode() {
        Process bridge = startBridge(0);
        String queues = cluster("members");
        for (String queue : List.of("tax.invoices", "tax.customers", "tax.webhooks", "tax.invoices.dlq",
                "tax.customers.dlq", "tax.webhooks.dlq", "tax.invoices.wait", "tax.customers.wait", "tax.audit")) {
            String line = queues.lines().filter(l -> l.startsWith(queue + "\t")).findFirst().orElse("");
            assertThat(line).as(queue).contains("tbc1@localhost").contains("tbc2@localhost").contains("tbc3@localhost");
        }
        bridge.destroy();
    }

    @Test
    void leaderOfTheInvoicesQueueKilled() {
        startBridge(0);
        run("node leading tax.invoices SIGKILLed, restarted " + DOWN.toSeconds() + " s later", Set.of(), () -> {
            String leader = leader();
            cluster("kill", leader);
            hold(DOWN);
            cluster("start-node", leader);
        });
    }

    @Test
    void rollingRestartOfAllThreeNodes() {
        startBridge(0);
        run("rolling restart (stop_app / start_app, node after node)", Set.of(), () -> {
            for (int n = 1; n <= 3; n++) {
                rabbitmqctl("tbc" + n + "@localhost", "stop_app");
                hold(Duration.ofSeconds(5));
                rabbitmqctl("tbc" + n + "@localhost", "start_app");
                rabbitmqctl("tbc" + n + "@localhost", "await_startup");
                hold(Duration.ofSeconds(5));
            }
        });
    }

    @Test
    void twoBridgesOnDifferentNodesLeaderKilled() {
        startBridge(0);
        startBridge(1);
        run("two bridges (first on tbc1, second on tbc2), leader SIGKILLed", Set.of(), () -> {
            String leader = leader();
            cluster("kill", leader);
            hold(DOWN);
            cluster("start-node", leader);
        });
    }

    @Test
    void bridgeStoppedWithSigtermMidBurst() {
        Process first = startBridge(0);
        Map<String, Object> row = run("bridge SIGTERM (drain), a new one started", Set.of(), () -> {
            stopped.add(processes.terminate(first));
            startBridge(1);
        });
        assertDrained(row);
    }

    @Test
    void rollingDeployOfTwoBridges() {
        rollingDeploy("rolling deploy: 2 bridges, a 3rd starts, 1st SIGTERM, a 4th starts, 2nd SIGTERM", processes,
                this::startBridge);
    }

    /** 200 per confirm: a backlog builds, so each fault lands on commands queued and in flight. */
    @Override
    int publishBatch() {
        return rolling ? super.publishBatch() : Integer.getInteger("faults.publish-batch", 200);
    }

    @AfterAll
    static void writeResults() throws IOException {
        writeResults("results-cluster");
    }

    /** A bridge whose first address is node {@code first + 1}: bridges started with 0 and 1 use different nodes. */
    private Process startBridge(int first) {
        String addresses = String.join(",", NODES[first % 3], NODES[(first + 1) % 3], NODES[(first + 2) % 3]);
        return processes.start(BridgeProcesses.freePort(), List.of("--spring.rabbitmq.addresses=" + addresses));
    }

    /** The number (1..3) of the node leading tax.invoices now. */
    private static String leader() {
        String node = cluster("leader", "tax.invoices").trim();
        assertThat(node).matches("tbc[123]@localhost");
        return node.substring(3, 4);
    }

    private static String cluster(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(CLUSTER));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            System.out.println("$ " + String.join(" ", command) + "\n" + output);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
