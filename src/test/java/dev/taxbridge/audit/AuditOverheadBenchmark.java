package dev.taxbridge.audit;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxCallListener;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.support.AuditProbe;
import dev.taxbridge.support.BridgeIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Not a test: measures what the audit and the latency metric add to one AvaTax call on the calling
 * thread ({@code AvataxCallRecorder.started} + {@code finished}: redaction, the record, the meter and
 * the unconfirmed publish to tax.audit), with the request and response of a real committed invoice,
 * then how long the broker takes to confirm them all. Its name matches none of Surefire's test
 * patterns, so {@code mvn verify} never runs it (docs/operations.md):
 *
 * <pre>mvn -B -o test -Dtest=AuditOverheadBenchmark -Dbenchmark.calls=20000</pre>
 *
 * It appends {@code benchmark.calls} + 5000 records (about 2.7 kB each) to the tax.audit stream of the
 * vhost it runs in: the suite's own, deleted afterwards, unless {@code -Dbridge.test.vhost=...} names
 * one (then delete that stream afterwards: every later reconciliation there reads it).
 */
class AuditOverheadBenchmark extends BridgeIntegrationTest {

    private final int calls = Integer.getInteger("benchmark.calls", 20000);

    @Autowired
    private AvataxCallRecorder recorder;

    @Autowired
    private AuditTrail trail;

    @Autowired
    private dev.taxbridge.ops.OperationsMetrics metrics;

    @Autowired
    private ConnectionRegistry connections;

    @Autowired
    private MeterRegistry registry;

    @Test
    void perCallCostOfTheAuditRecordAndTheMetric() throws Exception {
        String lagoId = uniqueId("bench");
        publish("invoice.finalized", sampleInvoice(lagoId), uniqueId("msg"));
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", lagoId));
        JsonNode real = new AuditProbe(trail).awaitForDocument(lagoId, 1).get(0);
        byte[] request = mapper.writeValueAsBytes(real.get("request"));
        byte[] response = mapper.writeValueAsBytes(real.get("response"));
        AvataxConnection connection = connections.byCode("default");
        AvataxCall<TransactionModel> call = AvataxEndpoints.createOrAdjust(
                mapper.treeToValue(real.get("request").get("createTransactionModel"), CreateTransactionModel.class));

        run(connection, call, request, response, Math.min(calls, 5000));
        double confirmedBefore = confirmed();
        long start = System.nanoTime();
        long[] nanos = run(connection, call, request, response, calls);
        long sent = System.nanoTime() - start;
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> confirmed() >= confirmedBefore + calls);
        long allConfirmed = System.nanoTime() - start;

        Arrays.sort(nanos);
        String report = String.format(Locale.ROOT, """
                audit + latency metric per AvaTax call, on the calling thread, %d cores, request %d B, response %d B
                  n=%d  mean=%.1f us  p50=%.1f us  p99=%.1f us  max=%.1f us
                  all %d sent in %.0f ms; all confirmed by the broker after %.0f ms (%.0f records/s)
                """, Runtime.getRuntime().availableProcessors(), request.length, response.length, calls,
                Arrays.stream(nanos).average().orElse(0) / 1000, nanos[calls / 2] / 1000.0,
                nanos[(int) (calls * 0.99)] / 1000.0, nanos[calls - 1] / 1000.0, calls, sent / 1e6,
                allConfirmed / 1e6, calls / (allConfirmed / 1e9));
        System.out.println(report);
        Files.writeString(Path.of("target/audit-overhead-benchmark.txt"), report);
        assertThat(nanos).hasSize(calls);
    }

    private long[] run(AvataxConnection connection, AvataxCall<TransactionModel> call, byte[] request,
            byte[] response, int n) throws Exception {
        long[] nanos = new long[n];
        TransactionModel answer = mapper.readValue(response, TransactionModel.class);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            recorder.started(connection, call);
            org.slf4j.MDC.put(dev.taxbridge.route.CommandOutcomes.MESSAGE_ID, "bench-" + i);
            recorder.finished(connection, call, new AvataxCallListener.Result(1_000_000, request, 200, response, answer, true, null));
            metrics.finished(connection, call, new AvataxCallListener.Result(1_000_000, request, 200, response, answer, true, null));
            nanos[i] = System.nanoTime() - t0;
        }
        return nanos;
    }

    private double confirmed() {
        var counter = registry.find("tax.audit.records").tag("outcome", "confirmed").counter();
        return counter == null ? 0 : counter.count();
    }
}
