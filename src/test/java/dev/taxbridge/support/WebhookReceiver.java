package dev.taxbridge.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test webhook receivers (one HTTP server per JVM, like the shared Spring context): {@link #get()} at
 * {@code /hooks} (tax.webhooks.endpoints[0]) and {@link #second()} at {@code /second-hooks}
 * (endpoints[1]). Each verifies every signature with the Standard Webhooks library and the configured
 * secret, records each delivery, and answers 200 unless a script for that webhook id says otherwise.
 */
public final class WebhookReceiver {

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public record Delivery(String id, String timestamp, String signature, String body, boolean verified, int answered) {
    }

    private static HttpServer server;
    private static final Map<String, WebhookReceiver> receivers = new ConcurrentHashMap<>();

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private static final List<String> contractViolations = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Webhook verifier = new Webhook(SECRET);

    private WebhookReceiver() {
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        boolean verified;
        try {
            verifier.verify(body, exchange.getRequestHeaders());
            verified = true;
        } catch (WebhookVerificationException e) {
            verified = false;
        }
        Deque<Integer> script = id == null ? null : scripts.get(id);
        Integer scripted = script == null ? null : script.pollFirst();
        int status = !verified ? 401 : scripted == null ? 200 : scripted;
        checkContract(id, body, exchange.getRequestHeaders());
        deliveries.add(new Delivery(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body, verified, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Body and headers against docs/schemas/webhooks; what does not match waits for {@link #assertMatchContract()}. */
    private static void checkContract(String id, String body, com.sun.net.httpserver.Headers headers) {
        ContractSchemas schemas = ContractSchemas.get();
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (IOException notJson) {
            contractViolations.add("webhook " + id + ": not JSON");
            return;
        }
        Map<String, Object> named = new java.util.HashMap<>();
        for (String header : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            if (headers.getFirst(header) != null) {
                named.put(header, headers.getFirst(header));
            }
        }
        schemas.violations("webhooks/body.json", json).forEach(v -> contractViolations.add("webhook " + id + ": " + v));
        schemas.violations("webhooks/headers.json", schemas.headers(named))
                .forEach(v -> contractViolations.add("webhook " + id + " headers: " + v));
    }

    /** The shared check for webhooks: every delivery since the last call matched its schema. */
    public static void assertMatchContract() {
        List<String> found = List.copyOf(contractViolations);
        contractViolations.clear();
        if (!found.isEmpty()) {
            throw new AssertionError("webhooks that do not match docs/schemas:\n  " + String.join("\n  ", found));
        }
    }

    /** The receiver of tax.webhooks.endpoints[0]. */
    public static WebhookReceiver get() {
        return at("/hooks");
    }

    /** The receiver of tax.webhooks.endpoints[1]. */
    public static WebhookReceiver second() {
        return at("/second-hooks");
    }

    private static synchronized WebhookReceiver at(String path) {
        if (server == null) {
            SuiteBroker.prepare();
            try {
                System.setProperty("sun.net.httpserver.nodelay", "true");
                server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                        Integer.getInteger(SuiteBroker.WEBHOOK_PORT)), 64);
                for (String each : List.of("/hooks", "/second-hooks")) {
                    WebhookReceiver receiver = new WebhookReceiver();
                    receivers.put(each, receiver);
                    server.createContext(each, receiver::handle);
                }
                server.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the test webhook receivers", e);
            }
        }
        return receivers.get(path);
    }

    /** The next answers for deliveries of that webhook id, in order; then 200. */
    public void script(String webhookId, Integer... statuses) {
        scripts.put(webhookId, new ArrayDeque<>(List.of(statuses)));
    }

    public List<Delivery> deliveries(String webhookId) {
        return deliveries.stream().filter(d -> webhookId.equals(d.id())).toList();
    }

    public List<Delivery> all() {
        return List.copyOf(deliveries);
    }
}
