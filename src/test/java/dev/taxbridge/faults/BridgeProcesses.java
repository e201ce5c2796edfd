package dev.taxbridge.faults;

import dev.taxbridge.support.WebhookReceiver;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bridges as processes of their own ({@code java -jar target/avatax-bridge.jar}, built by
 * bench/faults/run) for the fault suites that kill or stop them: the default connection on the simulator
 * the suite's JVM serves, the fault suite's retry settings, the broker given by the caller.
 */
final class BridgeProcesses {

    private final List<Process> started = new ArrayList<>();
    private final Map<Process, File> logs = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int simulatorPort;

    BridgeProcesses(int simulatorPort) {
        this.simulatorPort = simulatorPort;
    }

    /** Starts a bridge and returns once it is ready (its consumers are started before its HTTP port). */
    Process start(int httpPort, List<String> brokerArguments) {
        String simulator = "http://127.0.0.1:" + simulatorPort + "/avatax-sim";
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
                "target/avatax-bridge.jar",
                "--server.port=" + httpPort,
                "--avatax.connections.default.base-url=" + simulator,
                "--avatax.connections.default.account-id=1100000001",
                "--avatax.connections.default.license-key=local-simulator-license-key",
                "--avatax.connections.default.company-code=DEFAULT",
                "--avatax.http.response-timeout-ms=3000",
                // As the suite's own context declares the topology (bridge-test.properties): a stream or
                // queue declared with other arguments than the broker has is refused (PRECONDITION_FAILED).
                "--tax.topology.replicas=3",
                "--tax.retry.defer-delay=" + System.getProperty("faults.defer-delay", "5s"),
                "--tax.circuit.open-duration=" + System.getProperty("faults.open-duration", "5s"),
                "--tax.webhooks.endpoints[0].url=http://127.0.0.1:" + Integer.getInteger("faults.webhook-port", 18391)
                        + "/hooks",
                "--tax.webhooks.endpoints[0].secret=" + WebhookReceiver.SECRET));
        command.addAll(brokerArguments);
        try {
            File log = new File("target/faults/bridge-" + httpPort + "-" + started.size() + ".log");
            log.getParentFile().mkdirs();
            Process bridge = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            started.add(bridge);
            logs.put(bridge, log);
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(giveUp) && bridge.isAlive()) {
                try {
                    HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (ready.statusCode() == 200) {
                        return bridge;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                FaultBench.hold(Duration.ofMillis(500));
            }
            throw new IllegalStateException("the bridge on port " + httpPort + " did not start: see " + log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * How a bridge stopped with SIGTERM went: from the signal to the process's exit, and the drain's lines
     * in its log ({@code dev.taxbridge.route.Drain}: commands in flight at the signal, prefetched messages
     * handed back unstarted, commands still in flight at the deadline).
     */
    record Stopped(Instant signalled, long exitMillis, int exitCode, String drainStart, String drainLine) {

        /** e.g. {@code 0.6 (96 / 0 / 0)}. */
        String summary() {
            Matcher inFlight = Pattern.compile("(\\d+) command\\(s\\) in flight")
                    .matcher(drainStart);
            Matcher back = Pattern.compile("(\\d+) prefetched").matcher(drainLine);
            Matcher left = Pattern.compile("\\): (\\d+) command\\(s\\) still")
                    .matcher(drainLine);
            return String.format(Locale.ROOT, "%.1f (%s / %s / %s)", exitMillis / 1000.0,
                    inFlight.find() ? inFlight.group(1) : "?", back.find() ? back.group(1) : "?",
                    left.find() ? left.group(1) : "0");
        }
    }

    /** SIGTERM, as Kubernetes sends it; returns once the process has exited, with what its drain logged. */
    Stopped terminate(Process bridge) {
        Instant signalled = Instant.now();
        bridge.destroy();
        try {
            int code = bridge.waitFor();
            long millis = Duration.between(signalled, Instant.now()).toMillis();
            List<String> lines = Files.readAllLines(logs.get(bridge).toPath());
            String start = lines.stream().filter(l -> l.contains("draining: ")).reduce((a, b) -> b).orElse("");
            String end = lines.stream().filter(l -> l.contains("drained: ") || l.contains("drain timeout ("))
                    .reduce((a, b) -> b).orElse("");
            Stopped stopped = new Stopped(signalled, millis, code, start,
                    end.isEmpty() ? "" : end.substring(end.indexOf(end.contains("drained: ") ? "drained: " : "drain timeout (")));
            System.out.println("FAULT RESULT bridge stopped with SIGTERM: " + stopped.summary() + " exit code " + code
                    + "\n  " + start + "\n  " + end);
            return stopped;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM to every bridge still running, and waits for each to end. */
    void stopAll() throws InterruptedException {
        for (Process bridge : started) {
            bridge.destroy();
            bridge.waitFor();
        }
        started.clear();
    }

    /** A port nothing listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
