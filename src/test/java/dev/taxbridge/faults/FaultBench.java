package dev.taxbridge.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import com.sun.net.httpserver.HttpServer;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What the fault suites share (bench/faults/run; not tests, their names match none of Surefire's
 * patterns): a burst of {@code faults.invoices} finalized invoices per scenario, published confirmed and
 * re-sent while the broker is away, a fault started once half of them are out, then every outcome
 * collected and counted (committed, parked, lost, repeated AvaTax work, duplicate events, webhooks).
 * The simulator, the journal and the documents are this JVM's; the bridge that does the work is
 * {@link FaultSuite}'s (in this JVM) or {@link ProcessFaultSuite}'s (processes of its own). One row
 * per scenario goes to stdout and to {@code target/faults/<suite>.md} and {@code .json}.
 */
// Each suite's bridge stops with the suite: FaultSuite's would otherwise go on consuming (and hold the
// simulator's port) while ProcessFaultSuite's processes work in the same JVM run.
@DirtiesContext
abstract class FaultBench extends BridgeIntegrationTest {

    private static final String EVENTS = "faults.events";
    static final int INVOICES = Integer.getInteger("faults.invoices", 2000);
    private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(Long.getLong("faults.outcome-minutes", 15));
    private static final List<Map<String, Object>> ROWS = new ArrayList<>();

    private final Map<String, List<JsonNode>> committedEvents = new ConcurrentHashMap<>();
    private final Map<String, String> parked = new ConcurrentHashMap<>();
    private final Map<String, Integer> failureEvents = new ConcurrentHashMap<>();
    private final Map<String, Integer> webhooksParked = new ConcurrentHashMap<>();
    private final Set<String> webhooksDelivered = ConcurrentHashMap.newKeySet();
    HttpServer receiver;
    /** Commands the publisher sent again because their confirm did not come: the bridge may see them twice. */
    private int resent;
    /** What each bridge stopped with SIGTERM during the scenario said and took (BridgeProcesses.Stopped). */
    final List<BridgeProcesses.Stopped> stopped = new CopyOnWriteArrayList<>();
    /** Whether the scenario running is a rolling deploy (paced publisher, slow AvaTax). */
    boolean rolling;
    /** When the burst's last command was confirmed by the broker. */
    volatile Instant burstPublished;

    @BeforeEach
    void freshQueues() throws IOException {
        rabbit.execute(channel -> {
            channel.queueDeclare(EVENTS, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queueBind(EVENTS, "tax.events", "#");
            for (String queue : List.of(EVENTS, "tax.invoices", "tax.invoices.dlq", "tax.invoices.wait",
                    "tax.webhooks", "tax.webhooks.dlq")) {
                channel.queuePurge(queue);
            }
            return null;
        });
        simulator.journal().clear();
        simulator.faults().clear();
        stopped.clear();
        rolling = false;
        receiver = startReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    static void writeResults(String suite) throws IOException {
        Path dir = Path.of("target", "faults");
        Files.createDirectories(dir);
        StringBuilder table = new StringBuilder("| fault | committed when the fault hit | published | committed | lost"
                + " | parked | repeated AvaTax calls (2xx beyond one per document) | failed AvaTax calls | duplicate events"
                + " | documents committed once | webhooks delivered / parked / lost | longest stall after the fault (s)"
                + " | commands re-sent by the publisher | SIGTERM to exit, s (commands in flight at the signal / prefetched"
                + " sent back unstarted / still in flight at the deadline) | seconds |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : ROWS) {
            table.append("| ").append(String.join(" | ", row.values().stream().map(String::valueOf).toList()))
                    .append(" |\n");
        }
        System.out.println("\n" + table);
        Files.writeString(dir.resolve(suite + ".md"), table.toString());
        Files.writeString(dir.resolve(suite + ".json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(ROWS));
        ROWS.clear();
    }

    /**
     * Publishes the burst, runs the fault once {@link #faultAfter()} commands are out, waits for every outcome,
     * records a row and returns it.
     */
    Map<String, Object> run(String name, Set<Integer> refusedByAvatax, Runnable fault) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> idByMessage = new LinkedHashMap<>();
        for (int i = 0; i < INVOICES; i++) {
            String id = "flt-" + run + "-" + i;
            idByMessage.put("msg-" + id, id);
            if (refusedByAvatax.contains(i)) {
                simulator.faults().add(new Fault(400, null, null, null, null, id, null, null));
            }
        }
        Instant start = Instant.now();
        CountDownLatch faultDue = new CountDownLatch(1);
        Set<String> runIds = new HashSet<>(idByMessage.values());
        long[] committedAtFault = {0};
        Instant[] faultAt = {null};
        Thread faultThread = new Thread(() -> {
            try {
                faultDue.await();
                faultAt[0] = Instant.now();
                committedAtFault[0] = simulator.journal().calls(c -> runIds.contains(c.documentCode())
                        && c.status() >= 200 && c.status() < 300).stream().map(Call::documentCode).distinct().count();
                fault.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault");
        faultThread.start();
        List<Map.Entry<String, String>> commands = new ArrayList<>(idByMessage.entrySet());
        for (int from = 0; from < commands.size(); from += publishBatch()) {
            List<Map.Entry<String, String>> batch = commands.subList(from, Math.min(commands.size(), from + publishBatch()));
            publishConfirmed(batch);
            if (from + batch.size() >= faultAfter()) {
                faultDue.countDown();
            }
            if (publishRate() > 0) {
                // Paced: the burst lasts INVOICES / rate seconds, whatever the fault is doing meanwhile.
                Instant due = start.plusMillis((long) ((from + batch.size()) * 1000 / publishRate()));
                Duration early = Duration.between(Instant.now(), due);
                if (!early.isNegative()) {
                    hold(early);
                }
            }
        }
        burstPublished = Instant.now();
        // Whether the fault lasted the burst out (a rolling deploy must happen during the burst, not after it).
        System.out.println("FAULT RESULT burst published " + Duration.between(start, Instant.now()).toMillis()
                + " ms after its start; the fault " + (faultThread.isAlive() ? "was still going on" : "was over"));
        join(faultThread);
        int failures = refusedByAvatax.size();
        Instant deadline = Instant.now().plus(OUTCOME_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                drain(idByMessage);
            } catch (RuntimeException brokerAway) {
                // A node of a cluster went with the suite's connection: the next round takes another.
                hold(Duration.ofSeconds(1));
                continue;
            }
            long settled = idByMessage.values().stream().filter(id -> committedEvents.containsKey(id) || parked.containsKey(id))
                    .count();
            long webhooksSettled = failureEvents.keySet().stream()
                    .filter(id -> webhooksDelivered.contains(id) || webhooksParked.containsKey(id)).count();
            if (settled == INVOICES && webhooksSettled >= failures) {
                break;
            }
            hold(Duration.ofSeconds(1));
        }
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        return record(name, idByMessage, seconds, committedAtFault[0], faultAt[0]);
    }

    private Map<String, Object> record(String name, Map<String, String> idByMessage, long seconds, long committedAtFault,
            Instant faultAt) {
        Set<String> ids = new HashSet<>(idByMessage.values());
        List<Call> calls = simulator.journal().calls(c -> ids.contains(c.documentCode()));
        Map<String, Integer> successful = new HashMap<>();
        int failed = 0;
        for (Call call : calls) {
            if (call.status() >= 200 && call.status() < 300) {
                successful.merge(call.documentCode(), 1, Integer::sum);
            } else {
                failed++;
            }
        }
        long committed = ids.stream().filter(committedEvents::containsKey).count();
        long parkedCount = ids.stream().filter(parked::containsKey).count();
        long lost = ids.stream().filter(id -> !committedEvents.containsKey(id) && !parked.containsKey(id)).count();
        int repeated = successful.values().stream().mapToInt(n -> n - 1).sum();
        int duplicates = committedEvents.values().stream().mapToInt(events -> events.size() - 1).sum();
        long committedOnce = ids.stream().filter(id -> {
            var documents = simulator.documents().withCode("DEFAULT", id);
            return documents.size() == 1 && "Committed".equals(documents.get(0).get("status").asText());
        }).count();
        long hooksDelivered = failureEvents.keySet().stream().filter(webhooksDelivered::contains).count();
        long hooksParked = failureEvents.keySet().stream().filter(id -> !webhooksDelivered.contains(id))
                .filter(webhooksParked::containsKey).count();
        long hooksLost = failureEvents.size() - hooksDelivered - hooksParked;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("fault", name);
        row.put("committed_when_the_fault_hit", committedAtFault);
        row.put("published", ids.size());
        row.put("committed", committed);
        row.put("lost", lost);
        row.put("parked", parkedCount);
        row.put("repeated_avatax_calls", repeated);
        row.put("failed_avatax_calls", failed);
        row.put("duplicate_events", duplicates);
        row.put("documents_committed_once", committedOnce);
        row.put("webhooks", hooksDelivered + " / " + hooksParked + " / " + hooksLost);
        row.put("longest_stall_seconds", longestStall(calls, faultAt));
        row.put("resent_by_publisher", resent);
        row.put("sigterm_to_exit", stopped.isEmpty() ? "-"
                : String.join("; ", stopped.stream().map(BridgeProcesses.Stopped::summary).toList()));
        row.put("seconds", seconds);
        ROWS.add(row);
        System.out.println("FAULT RESULT " + row);
        assertThat(lost).as(name + ": lost").isZero();
        return row;
    }

    /** The bridges' tax.shutdown.drain-timeout (their default). */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    /**
     * A rolling deploy during a burst, as Kubernetes does one with two replicas and maxSurge 1: bridges 0 and 1
     * work; once the fault is due, bridge 2 starts and bridge 0 gets SIGTERM, then bridge 3 starts and bridge 1
     * gets SIGTERM. AvaTax answers each commit after {@code faults.rolling-latency-ms} (1 s) and the burst is
     * published at {@code faults.rolling-rate} (30 commands a second, the deploy starting once a fifth of
     * it is out), so every SIGTERM lands on commands in flight and the burst outlasts the deploy (a bridge
     * takes up to half a minute to start on two cores beside two others).
     */
    Map<String, Object> rollingDeploy(String name, BridgeProcesses processes, IntFunction<Process> startBridge) {
        rolling = true;
        simulator.faults().add(new Fault(null, null, Integer.getInteger("faults.rolling-latency-ms", 1000), null,
                "createoradjust", null, null, null));
        Process first = startBridge.apply(0);
        Process second = startBridge.apply(1);
        Map<String, Object> row = run(name, Set.of(), () -> {
            startBridge.apply(2);
            stopped.add(processes.terminate(first));
            startBridge.apply(3);
            stopped.add(processes.terminate(second));
        });
        assertDrained(row);
        assertThat(stopped).as("every SIGTERM during the burst, before its last command was published")
                .allMatch(bridge -> bridge.signalled().isBefore(burstPublished));
        return row;
    }

    /**
     * What a drain promises, on a scenario's row: every command committed, no AvaTax call made twice, one
     * event per invoice, and each bridge stopped with SIGTERM gone within the drain timeout plus 5 s.
     */
    void assertDrained(Map<String, Object> row) {
        assertThat(row.get("committed")).as("committed").isEqualTo((long) INVOICES);
        assertThat(row.get("parked")).as("parked").isEqualTo(0L);
        assertThat(row.get("repeated_avatax_calls")).as("repeated AvaTax calls").isEqualTo(0);
        assertThat(row.get("duplicate_events")).as("duplicate events").isEqualTo(0);
        assertThat(stopped).as("bridges stopped with SIGTERM").isNotEmpty();
        for (BridgeProcesses.Stopped bridge : stopped) {
            assertThat(bridge.exitMillis()).as("SIGTERM to exit, ms: " + bridge.summary())
                    .isLessThan(DRAIN_TIMEOUT.plusSeconds(5).toMillis());
            assertThat(bridge.drainLine()).as("the drain's last line").startsWith("drained:");
        }
    }

    /**
     * The longest time after the fault without a successful AvaTax call of the burst (up to its last
     * one): how long the bridge stood still, from the AvaTax side.
     */
    private static String longestStall(List<Call> calls, Instant faultAt) {
        if (faultAt == null) {
            return "-";
        }
        List<Instant> successes = calls.stream().filter(c -> c.status() >= 200 && c.status() < 300)
                .map(Call::at).filter(at -> !at.isBefore(faultAt)).sorted().toList();
        Instant previous = faultAt;
        long longest = 0;
        for (Instant at : successes) {
            longest = Math.max(longest, Duration.between(previous, at).toMillis());
            previous = at;
        }
        return String.format(java.util.Locale.ROOT, "%.1f", longest / 1000.0);
    }

    /**
     * Takes what arrived: outcome events (from the suite's durable queue) and parked messages. Each is
     * acknowledged once recorded, so one whose answer a failing node swallowed is fetched again
     * (flagged redelivered, skipped when its event is already recorded).
     */
    private void drain(Map<String, String> idByMessage) {
        rabbit.execute(channel -> {
            GetResponse response;
            while ((response = channel.basicGet(EVENTS, false)) != null) {
                JsonNode body = mapper.readTree(response.getBody());
                String name = response.getEnvelope().getRoutingKey();
                if ("invoice.taxes_committed".equals(name)) {
                    List<JsonNode> seen = committedEvents.computeIfAbsent(body.at("/invoice/lago_id").asText(),
                            k -> new java.util.concurrent.CopyOnWriteArrayList<>());
                    if (!(response.getEnvelope().isRedeliver() && seen.contains(body))) {
                        seen.add(body);
                    }
                } else if ("invoice.tax_provider_error".equals(name)) {
                    failureEvents.merge(body.at("/lago_id").asText(), 1, Integer::sum);
                }
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
            }
            while ((response = channel.basicGet("tax.invoices.dlq", false)) != null) {
                String id = idByMessage.get(response.getProps().getMessageId());
                if (id != null) {
                    parked.put(id, String.valueOf(response.getProps().getHeaders().get("x-error-code")));
                }
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
            }
            while ((response = channel.basicGet("tax.webhooks.dlq", false)) != null) {
                JsonNode body = mapper.readTree(response.getBody());
                webhooksParked.merge(body.at("/lago_id").asText(), 1, Integer::sum);
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
            }
            return null;
        });
    }

    /**
     * Commands published per confirm wait: 1 paces the burst by the publisher (the bridge keeps up, few
     * commands in flight when the fault hits); more lets a backlog build, so the fault lands on work in
     * flight and queued.
     */
    int publishBatch() {
        return rolling ? 10 : 1;
    }

    /** Commands per second the publisher keeps to (0: as fast as confirms come back). */
    double publishRate() {
        return rolling ? Integer.getInteger("faults.rolling-rate", 30) : 0;
    }

    /** The fault starts once this many commands of the burst are published (confirmed). */
    int faultAfter() {
        return rolling ? INVOICES / 5 : INVOICES / 2;
    }

    /** Publishes the commands and waits for their confirms; a batch not confirmed is sent again, whole. */
    private void publishConfirmed(List<Map.Entry<String, String>> batch) {
        List<Message> messages = new ArrayList<>();
        for (Map.Entry<String, String> command : batch) {
            MessageProperties properties = new MessageProperties();
            properties.setContentType("application/json");
            properties.setMessageId(command.getKey());
            messages.add(new Message(json(sampleInvoice(command.getValue())), properties));
        }
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            try {
                rabbit.invoke(template -> {
                    for (Message message : messages) {
                        template.send("tax.commands", "invoice.finalized", message);
                    }
                    template.waitForConfirmsOrDie(10_000);
                    return null;
                });
                return;
            } catch (RuntimeException brokerAway) {
                // Not confirmed: sent again (the same message ids; at worst the bridge sees some twice).
                resent += messages.size();
                if (Instant.now().isAfter(giveUp)) {
                    throw brokerAway;
                }
                hold(Duration.ofMillis(500));
            }
        }
    }

    HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                    Integer.getInteger("faults.webhook-port", 18391)), 64);
            server.createContext("/hooks", exchange -> {
                JsonNode body = mapper.readTree(exchange.getRequestBody().readAllBytes());
                webhooksDelivered.add(body.at("/tax_provider_invoice_error/lago_id").asText());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void rabbitmqctl(String node, String command) {
        try {
            Process process = new ProcessBuilder("rabbitmqctl", "-n", node, command).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("rabbitmqctl -n " + node + " " + command + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fault lasts this long: the bench's own clock, not a wait for an outcome. */
    static void hold(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
