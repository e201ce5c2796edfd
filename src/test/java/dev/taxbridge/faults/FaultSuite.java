package dev.taxbridge.faults;

import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.support.WebhookReceiver;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Not a test: the fault suite whose bridge runs in this JVM (bench/faults/run,
 * docs/faults.md), with production retry, circuit and webhook settings, against a RabbitMQ node of its
 * own ({@code faults.broker-port}, 5673; {@code faults.broker-node} for stop_app / start_app), so that
 * stopping that broker disturbs nobody. Killing the bridge: {@link ProcessFaultSuite}.
 */
@TestPropertySource(properties = {
        "spring.rabbitmq.port=${faults.broker-port:5673}",
        "spring.rabbitmq.virtual-host=/",
        "server.port=${faults.port:18389}",
        "tax.retry.patience=1h",
        "tax.retry.defer-delay=${faults.defer-delay:5s}",
        "tax.circuit.failure-threshold=5",
        "tax.circuit.open-duration=${faults.open-duration:5s}",
        "tax.retry.max-attempts=5",
        "tax.retry.initial-delay-ms=1000",
        "tax.retry.max-delay-ms=60000",
        "tax.retry.max-delay=60s",
        "avatax.http.response-timeout-ms=3000",
        "tax.messages.max-bytes=1048576",
        // A list from one property source replaces the whole list: url and secret together.
        "tax.webhooks.endpoints[0].url=http://127.0.0.1:${faults.webhook-port:18391}/hooks",
        "tax.webhooks.endpoints[0].secret=" + WebhookReceiver.SECRET,
        "tax.webhooks.max-attempts=6",
        "tax.webhooks.backoff.initial-delay-ms=1000",
        "tax.webhooks.backoff.max-delay-ms=60000"})
class FaultSuite extends FaultBench {

    @Test
    void avataxAnswers503ForTwoMinutes() {
        Duration outage = Duration.ofSeconds(Long.getLong("faults.outage-seconds", 120));
        run("AvaTax answers 503 for " + outage.toSeconds() + " s", Set.of(), () -> {
            simulator.faults().add(new Fault(503, null, null, null, "/transactions/", null, null, null));
            hold(outage);
            simulator.faults().clear();
        });
    }

    @Test
    void avataxFailsWith500Then429ThenTimeouts() {
        Duration each = Duration.ofSeconds(Long.getLong("faults.phase-seconds", 30));
        run("AvaTax 500 × " + each.toSeconds() + " s, then 429 Retry-After 5 s, then timeouts", Set.of(), () -> {
            simulator.faults().add(new Fault(500, null, null, null, "/transactions/", null, null, null));
            hold(each);
            simulator.faults().clear();
            simulator.faults().add(new Fault(429, 5, null, null, "/transactions/", null, null, null));
            hold(each);
            simulator.faults().clear();
            // Longer than avatax.http.response-timeout-ms (3 s): every call times out.
            simulator.faults().add(new Fault(null, null, 4000, null, "/transactions/", null, null, null));
            hold(each);
            simulator.faults().clear();
        });
    }

    @Test
    void brokerStopAppStartApp() {
        String node = System.getProperty("faults.broker-node", "faults@localhost");
        Duration down = Duration.ofSeconds(Long.getLong("faults.broker-down-seconds", 15));
        run("broker stop_app / start_app (" + down.toSeconds() + " s down)", Set.of(), () -> {
            rabbitmqctl(node, "stop_app");
            hold(down);
            rabbitmqctl(node, "start_app");
        });
    }

    @Test
    void webhookReceiverDownForMinutes() {
        Duration down = Duration.ofSeconds(Long.getLong("faults.webhook-down-seconds", 120));
        // Every tenth invoice is refused by AvaTax (400): parked, announced, and sent to the receiver.
        Set<Integer> refused = new HashSet<>();
        for (int i = 0; i < INVOICES; i += 10) {
            refused.add(i);
        }
        run("webhook receiver down for " + down.toSeconds() + " s", refused, () -> {
            receiver.stop(0);
            hold(down);
            receiver = startReceiver();
        });
    }

    @AfterAll
    static void writeResults() throws IOException {
        writeResults("results");
    }
}
