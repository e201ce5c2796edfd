package dev.taxbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local AvaTax stand-in for the throughput benchmark: answers {@code transactions/createoradjust} (and
 * {@code create}) with a TransactionModel taxed at 9 % per line (state 6.5 %, city 2.5 %), after a
 * configurable latency, and counts the calls. It keeps no documents, so it costs the machine the same
 * for every subject measured against it; the bridge's own simulator keeps every document (its memory
 * would grow with the run and count against the process it lives in).
 */
public final class AvataxStandIn implements AutoCloseable {

    static {
        // Without it the JDK server delays each keep-alive answer by ~40 ms (Nagle + delayed ACK): the
        // benchmark would measure the stand-in, not the bridge.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final BigDecimal STATE = new BigDecimal("0.065");
    private static final BigDecimal CITY = new BigDecimal("0.025");

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService workers;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private volatile long latencyMillis;
    private final Map<String, Long> latencyByPrefix = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callsByCode = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answeredByCode = new ConcurrentHashMap<>();

    public AvataxStandIn(long latencyMillis, int threads) throws IOException {
        this.latencyMillis = latencyMillis;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        this.workers = Executors.newFixedThreadPool(threads);
        server.setExecutor(workers);
        server.createContext("/api/v2/transactions/", this::transaction);
        server.createContext("/api/v2/utilities/ping", exchange -> answer(exchange, 200,
                "{\"authenticated\":true}".getBytes()));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long calls() {
        return calls.get();
    }

    void resetCalls() {
        calls.set(0);
    }

    void latency(long millis) {
        this.latencyMillis = millis;
    }

    /** Calls for documents whose code starts with {@code prefix} are answered after {@code millis} instead. */
    public void latency(String prefix, long millis) {
        latencyByPrefix.put(prefix, millis);
    }

    /** The calls received for a document code (every attempt, answered or not). */
    public int calls(String code) {
        return callsByCode.getOrDefault(code, new AtomicInteger()).get();
    }

    /** The calls for a document code that were answered (the stand-in wrote its whole answer). */
    public int answered(String code) {
        return answeredByCode.getOrDefault(code, new AtomicInteger()).get();
    }

    private void transaction(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try (InputStream in = exchange.getRequestBody()) {
            JsonNode request = mapper.readTree(in);
            JsonNode model = request.has("createTransactionModel") ? request.get("createTransactionModel") : request;
            byte[] body = mapper.writeValueAsBytes(taxed(model));
            String code = model.path("code").asText();
            callsByCode.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            long latency = latencyByPrefix.entrySet().stream().filter(slow -> code.startsWith(slow.getKey()))
                    .mapToLong(Map.Entry::getValue).findFirst().orElse(latencyMillis);
            if (latency > 0) {
                TimeUnit.MILLISECONDS.sleep(latency);
            }
            answer(exchange, 200, body);
            answeredByCode.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 503, new byte[0]);
        }
    }

    private ObjectNode taxed(JsonNode model) {
        ObjectNode transaction = mapper.createObjectNode();
        transaction.put("id", ids.incrementAndGet());
        transaction.put("code", model.path("code").asText());
        transaction.put("companyId", 7010001);
        transaction.put("date", model.path("date").asText());
        transaction.put("status", model.path("commit").asBoolean() ? "Committed" : "Temporary");
        transaction.put("type", model.path("type").asText("SalesOrder"));
        transaction.put("currencyCode", model.path("currencyCode").asText("USD"));
        BigDecimal totalAmount = BigDecimal.ZERO;
        BigDecimal totalTax = BigDecimal.ZERO;
        ArrayNode lines = transaction.putArray("lines");
        for (JsonNode line : model.path("lines")) {
            BigDecimal amount = line.path("amount").decimalValue();
            BigDecimal state = amount.multiply(STATE).setScale(2, RoundingMode.HALF_UP);
            BigDecimal city = amount.multiply(CITY).setScale(2, RoundingMode.HALF_UP);
            ObjectNode out = lines.addObject();
            out.put("lineNumber", line.path("number").asText());
            out.set("quantity", line.path("quantity"));
            out.put("lineAmount", amount);
            out.put("tax", state.add(city));
            out.put("taxableAmount", amount);
            out.put("taxCode", line.path("taxCode").asText());
            ArrayNode details = out.putArray("details");
            details.addObject().put("jurisType", "State").put("jurisName", "WASHINGTON").put("taxName", "WA STATE TAX")
                    .put("rate", STATE).put("tax", state).put("taxableAmount", amount);
            details.addObject().put("jurisType", "City").put("jurisName", "BAINBRIDGE ISLAND")
                    .put("taxName", "WA CITY TAX").put("rate", CITY).put("tax", city).put("taxableAmount", amount);
            totalAmount = totalAmount.add(amount);
            totalTax = totalTax.add(state).add(city);
        }
        transaction.put("totalAmount", totalAmount);
        transaction.put("totalTax", totalTax);
        transaction.put("totalTaxable", totalAmount);
        transaction.put("totalExempt", BigDecimal.ZERO);
        return transaction;
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
