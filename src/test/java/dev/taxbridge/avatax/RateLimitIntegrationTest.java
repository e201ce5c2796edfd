package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connection's {@code max-requests-per-second} spaces its calls: commands that are all in flight at
 * once reach AvaTax one interval apart ("paced": 5 a second, 200 ms), measured where AvaTax receives them.
 */
class RateLimitIntegrationTest extends BridgeIntegrationTest {

    @Test
    void callsOfARateLimitedConnectionReachAvataxOneIntervalApart() {
        // The journal notes a call when it is answered: a first call on a connection not opened yet is answered
        // late (gaps of 6-189 ms after it were seen), so the connection is opened by one call not measured.
        String warmUp = uniqueId("inv-paced-warm");
        publish("invoice.finalized", sampleInvoice(warmUp).put("connection", "paced"), uniqueId("msg"));
        events.awaitOne("invoice.taxes_committed", e -> warmUp.equals(e.at("/invoice/lago_id").asText()));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(uniqueId("inv-paced"));
        }
        for (String id : ids) {
            publish("invoice.finalized", sampleInvoice(id).put("connection", "paced"), uniqueId("msg"));
        }
        for (String id : ids) {
            events.awaitOne("invoice.taxes_committed", e -> id.equals(e.at("/invoice/lago_id").asText()));
        }

        List<Call> calls = simulator.journal().calls(c -> ids.contains(c.documentCode())).stream()
                .sorted(Comparator.comparing(Call::at)).toList();
        assertThat(calls).hasSize(ids.size());
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(Duration.between(calls.get(i - 1).at(), calls.get(i).at()).toMillis());
        }
        System.out.println("Gaps between the calls of a connection limited to 5/s (ms): " + gaps);
        // 200 ms apart, give or take the scheduling of the threads on the way; without the limit they come
        // within a few ms of each other.
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(140));
        assertThat(Duration.between(calls.get(0).at(), calls.get(calls.size() - 1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200L * (ids.size() - 1) - 60));
    }
}
