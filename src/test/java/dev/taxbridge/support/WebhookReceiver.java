package dev.taxbridge.support;

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
 * A webhook receiver for the tests (one per JVM, like the shared Spring context): verifies every
 * signature with the Standard Webhooks library and the configured secret, records each delivery, and
 * answers 200 unless a script for that webhook id says otherwise.
 */
public final class WebhookReceiver {

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public record Delivery(String id, String timestamp, String signature, String body, boolean verified, int answered) {
    }

    private static WebhookReceiver instance;

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Webhook verifier = new Webhook(SECRET);

    private WebhookReceiver(int port) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/hooks", exchange -> {
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
            deliveries.add(new Delivery(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, verified, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static synchronized WebhookReceiver get() {
        if (instance == null) {
            try {
                instance = new WebhookReceiver(Integer.getInteger("bridge.test.webhook-port", 18090));
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the test webhook receiver", e);
            }
        }
        return instance;
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
