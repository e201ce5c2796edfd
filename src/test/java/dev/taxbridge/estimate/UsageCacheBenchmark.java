package dev.taxbridge.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.estimate.EstimateClient.Reply;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Not a test: measures the cache-hit path of {@code estimate.current_usage} over the real broker
 * (request → tax.commands → tax.estimates → bridge → direct reply-to), after one miss has filled
 * the cache. Its name matches none of Surefire's test patterns, so {@code mvn verify} never runs it;
 * run it on purpose (docs/estimates.md):
 *
 * <pre>mvn -B -o test -Dtest=UsageCacheBenchmark -Dbenchmark.requests=5000 -Dbenchmark.in-flight=32</pre>
 *
 * Phase 1 sends one request at a time (latency p50/p99); phase 2 keeps {@code benchmark.in-flight}
 * requests outstanding (hit-path throughput, and latency under that load). Each phase is bounded by
 * {@code benchmark.requests} and {@code benchmark.max-seconds}. Results go to stdout and to
 * {@code target/usage-cache-benchmark.txt}.
 */
class UsageCacheBenchmark extends BridgeIntegrationTest {

    private final int requests = Integer.getInteger("benchmark.requests", 5000);
    private final int inFlight = Integer.getInteger("benchmark.in-flight", 32);
    private final long maxNanos = TimeUnit.SECONDS.toNanos(Long.getLong("benchmark.max-seconds", 60));

    @Test
    void cacheHitLatencyAndThroughputOverRabbitmq() throws Exception {
        String customer = uniqueId("bcus");
        String subscription = uniqueId("bsub");
        try (EstimateClient client = new EstimateClient(connectionFactory, mapper, true)) {
            Reply miss = client.request("estimate.current_usage", usage(customer, subscription), "warm-up");
            assertThat(miss.body().get("cached").asBoolean()).isFalse();
            // Let the JIT see the hit path before measuring.
            measure(client, customer, subscription, Math.min(requests, 1000), 8, "warm");

            Result sequential = measure(client, customer, subscription, requests, 1, "seq");
            Result pipelined = measure(client, customer, subscription, requests, inFlight, "par");

            assertThat(simulator.journal().forDocument("usage-" + subscription)).as("only the warm-up missed").hasSize(1);
            String report = String.format(Locale.ROOT, """
                    usage-tax cache hit path over RabbitMQ (direct reply-to), %d cores
                      one in flight : n=%d  p50=%.2f ms  p99=%.2f ms  max=%.2f ms  throughput=%.0f req/s
                      %d in flight  : n=%d  p50=%.2f ms  p99=%.2f ms  max=%.2f ms  throughput=%.0f req/s
                    """, Runtime.getRuntime().availableProcessors(),
                    sequential.count(), sequential.p(50), sequential.p(99), sequential.p(100), sequential.throughput(),
                    inFlight, pipelined.count(), pipelined.p(50), pipelined.p(99), pipelined.p(100),
                    pipelined.throughput());
            System.out.println(report);
            Files.writeString(Path.of("target", "usage-cache-benchmark.txt"), report, StandardCharsets.UTF_8);
        }
    }

    record Result(long[] latenciesNanos, long elapsedNanos) {

        int count() {
            return latenciesNanos.length;
        }

        /** The given percentile in milliseconds (nearest rank). */
        double p(int percentile) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1_000_000.0;
        }

        double throughput() {
            return count() / (elapsedNanos / 1_000_000_000.0);
        }
    }

    private Result measure(EstimateClient client, String customer, String subscription, int count, int window,
            String prefix) throws Exception {
        Semaphore slots = new Semaphore(window);
        long[] latencies = new long[count];
        List<CompletableFuture<Void>> done = new ArrayList<>(count);
        long start = System.nanoTime();
        int sent = 0;
        while (sent < count && System.nanoTime() - start < maxNanos) {
            if (!slots.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no reply within 30 s");
            }
            int index = sent++;
            long sentAt = System.nanoTime();
            done.add(client.send("estimate.current_usage", usage(customer, subscription), prefix + "-" + index)
                    .thenAccept(reply -> {
                        latencies[index] = System.nanoTime() - sentAt;
                        slots.release();
                        if (!reply.body().path("cached").asBoolean()) {
                            throw new IllegalStateException("not a cache hit: " + reply.body());
                        }
                    }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        return new Result(Arrays.copyOf(latencies, sent), elapsed);
    }

    /** Usage that grows: the same key (customer, subscription, items) with today's amounts. */
    private ObjectNode usage(String customer, String subscription) {
        long apiCalls = ThreadLocalRandom.current().nextLong(1, 1_000_000);
        return (ObjectNode) tree("""
                {"currency": "USD",
                 "customer": {"external_id": "%s", "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island",
                   "state": "WA", "zipcode": "98110", "country": "US"},
                 "subscription": {"external_id": "%s", "plan_code": "premium"},
                 "fees": [
                   {"item": {"type": "subscription", "code": "premium"}, "amount_cents": 9900},
                   {"item": {"type": "charge", "code": "api_calls"}, "units": "%d", "amount_cents": %d}]}
                """.formatted(customer, subscription, apiCalls, apiCalls / 10));
    }
}
