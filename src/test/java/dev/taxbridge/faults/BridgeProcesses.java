package dev.taxbridge.faults;

import dev.taxbridge.support.WebhookReceiver;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bridges as processes of their own ({@code java -jar target/avatax-bridge.jar}, built by
 * bench/faults/run) for the fault suites that kill or stop them: the default connection on the simulator
 * the suite's JVM serves, the fault suite's retry settings, the broker given by the caller.
 */
final class BridgeProcesses {

    private final List<Process> started = new ArrayList<>();
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
