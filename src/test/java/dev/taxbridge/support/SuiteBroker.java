package dev.taxbridge.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Where the end-to-end tests run: a RabbitMQ vhost of the suite's own and two free ports, so that
 * {@code mvn -B verify} never touches the queues of a bridge running on the same broker (vhost "/") and
 * two checkouts can test side by side.
 *
 * <p>Unless {@code -Dbridge.test.vhost} names one, the vhost ({@code taxbridge-test-<random>}) is created
 * when the first Spring context of a test starts, with {@code guest} allowed everything on it, and deleted
 * when the JUnit launcher session ends (after the suite's Spring contexts are closed). It is created with
 * {@code rabbitmqctl} (the broker's own CLI on this machine: run as the user that started the broker, or
 * root) or, where that is not available, through the management plugin's HTTP API
 * ({@code -Dbridge.test.management-url}, default {@code http://127.0.0.1:15672}, user guest). A vhost
 * given with {@code -Dbridge.test.vhost} is used as it is and left in place; {@code /} is refused. {@code -Dbridge.test.port} /
 * {@code -Dbridge.test.webhook-port} fix the bridge's HTTP port and the test webhook receiver's port;
 * otherwise free ports are chosen. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class SuiteBroker implements LauncherSessionListener {

    public static final String VHOST = "bridge.test.vhost";
    public static final String PORT = "bridge.test.port";
    public static final String WEBHOOK_PORT = "bridge.test.webhook-port";

    private static String created;
    private static boolean prepared;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static final List<String> others = new ArrayList<>();

    /** Sets the vhost and ports the tests read (system properties), creating the vhost when none was given. */
    public static synchronized void prepare() {
        if (prepared) {
            return;
        }
        refuseSharedVhost(System.getProperty(VHOST));
        freePortUnlessSet(PORT);
        freePortUnlessSet(WEBHOOK_PORT);
        if (System.getProperty(VHOST) == null) {
            String name = "taxbridge-test-" + UUID.randomUUID().toString().substring(0, 8);
            create(name);
            created = name;
            System.setProperty(VHOST, name);
        }
        prepared = true;
    }

    /**
     * A further vhost for a bridge of a test's own (with settings of its own) beside the suite's shared one,
     * which would otherwise take its messages; deleted with the suite's.
     */
    public static synchronized String ownVhost() {
        prepare();
        String name = "taxbridge-test-" + UUID.randomUUID().toString().substring(0, 8);
        create(name);
        others.add(name);
        return name;
    }

    /**
     * A bridge of a test's own beside the suite's shared one (a test that drains, counts or stops it): its own
     * vhost and HTTP port (the simulator's too), for a {@code @DynamicPropertySource}.
     */
    public static void ownBridge(DynamicPropertyRegistry registry) throws IOException {
        String vhost = ownVhost();
        registry.add("spring.rabbitmq.virtual-host", () -> vhost);
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            registry.add("server.port", () -> port);
        }
    }

    /**
     * The tests purge, delete and re-declare queues: never on {@code /}, where a bridge may run on the
     * same broker. A vhost named with {@code -Dbridge.test.vhost} must be another one.
     */
    static void refuseSharedVhost(String vhost) {
        if (vhost != null && (vhost.isBlank() || vhost.equals("/") || vhost.equalsIgnoreCase("%2F"))) {
            throw new IllegalStateException("The end-to-end tests purge and delete queues, so they never run on the"
                    + " default vhost '/' (-D" + VHOST + "='" + vhost + "'). Name a vhost of the tests' own, or leave "
                    + VHOST + " unset to have one made for the run.");
        }
    }

    /** A context on the suite's vhost, closed before the vhost is deleted. */
    public static synchronized void started(ConfigurableApplicationContext context) {
        if (!contexts.contains(context)) {
            contexts.add(context);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        String name;
        synchronized (SuiteBroker.class) {
            name = created;
            if (name == null) {
                return;
            }
            // Closed first: a bridge still connected to a deleted vhost would reconnect in vain until the JVM exits.
            contexts.forEach(ConfigurableApplicationContext::close);
            contexts.clear();
            created = null;
        }
        delete(name);
        synchronized (SuiteBroker.class) {
            others.forEach(SuiteBroker::delete);
            others.clear();
        }
    }

    private static void freePortUnlessSet(String property) {
        if (System.getProperty(property) != null) {
            return;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.setProperty(property, String.valueOf(socket.getLocalPort()));
        } catch (IOException e) {
            throw new IllegalStateException("no free port for " + property, e);
        }
    }

    private static void create(String name) {
        String ctl = rabbitmqctl("add_vhost", name);
        if (ctl == null) {
            ctl = rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
            if (ctl == null) {
                return;
            }
        }
        String http = management("PUT", "/api/vhosts/" + encode(name), "{}");
        if (http == null) {
            http = management("PUT", "/api/permissions/" + encode(name) + "/guest",
                    "{\"configure\": \".*\", \"write\": \".*\", \"read\": \".*\"}");
            if (http == null) {
                return;
            }
        }
        throw new IllegalStateException("The end-to-end tests run in a RabbitMQ vhost of their own and could not create"
                + " one. rabbitmqctl: " + ctl + "; management API: " + http + ". Run the tests as the user that"
                + " started RabbitMQ (or root), enable rabbitmq_management, or name an existing vhost that guest may"
                + " use: -D" + VHOST + "=<vhost>");
    }

    private static void delete(String name) {
        if (rabbitmqctl("delete_vhost", name) != null
                && management("DELETE", "/api/vhosts/" + encode(name), null) != null) {
            System.err.println("Could not delete the test vhost " + name + "; remove it with: rabbitmqctl delete_vhost "
                    + name);
        }
    }

    /** Runs rabbitmqctl; null when it succeeded, else why not. */
    private static String rabbitmqctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": "
                    + new String(output, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** One call to the management API; null when it succeeded, else why not. */
    private static String management(String method, String path, String body) {
        String base = System.getProperty("bridge.test.management-url", "http://127.0.0.1:15672");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "guest:guest".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode() + " from " + base;
        } catch (IOException e) {
            return base + " not reachable (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
