package dev.taxbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OperationsTimelineTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OperationsMetrics metrics = new OperationsMetrics(registry);

    private OperationsTimeline timeline(int capacity) {
        return new OperationsTimeline(registry, Duration.ofSeconds(10), capacity,
                Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC), false);
    }

    @Test
    void aSampleHoldsTheCommandsOfItsIntervalByOutcomeNotTheTotals() {
        metrics.command("invoice.finalized", OperationsMetrics.Outcome.OK, null);
        OperationsTimeline timeline = timeline(5);
        metrics.command("invoice.finalized", OperationsMetrics.Outcome.OK, null);
        metrics.command("invoice.draft", OperationsMetrics.Outcome.OK, null);
        metrics.command("invoice.finalized", OperationsMetrics.Outcome.PARKED, "unmapped_item");
        timeline.sample();
        metrics.command("customer.created", OperationsMetrics.Outcome.RETRIED, "timeout");
        timeline.sample();

        var samples = timeline.timeline().samples();
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).commands()).containsEntry("ok", 2L).containsEntry("parked", 1L)
                .containsEntry("retried", 0L);
        assertThat(samples.get(1).commands()).containsEntry("ok", 0L).containsEntry("parked", 0L)
                .containsEntry("retried", 1L);
        assertThat(timeline.timeline().intervalSeconds()).isEqualTo(10);
    }

    @Test
    void avataxTimesAreTheMeanOfTheIntervalPerConnection() {
        OperationsTimeline timeline = timeline(5);
        metrics.avataxCall("default", "createoradjust", "200", TimeUnit.MILLISECONDS.toNanos(100));
        metrics.avataxCall("default", "get", "200", TimeUnit.MILLISECONDS.toNanos(300));
        metrics.avataxCall("eu", "createoradjust", "200", TimeUnit.MILLISECONDS.toNanos(50));
        timeline.sample();
        metrics.avataxCall("default", "createoradjust", "200", TimeUnit.MILLISECONDS.toNanos(10));
        timeline.sample();

        var samples = timeline.timeline().samples();
        assertThat(samples.get(0).avatax().get("default")).isEqualTo(new OperationsTimeline.Calls(2, 200.0));
        assertThat(samples.get(0).avatax().get("eu")).isEqualTo(new OperationsTimeline.Calls(1, 50.0));
        assertThat(samples.get(1).avatax().get("default")).isEqualTo(new OperationsTimeline.Calls(1, 10.0));
        assertThat(samples.get(1).avatax().get("eu")).as("no call: no time").isEqualTo(new OperationsTimeline.Calls(0, null));
    }

    @Test
    void onlyTheLastSamplesAreKept() {
        OperationsTimeline timeline = timeline(3);
        for (int i = 1; i <= 5; i++) {
            for (int c = 0; c < i; c++) {
                metrics.command("invoice.finalized", OperationsMetrics.Outcome.OK, null);
            }
            timeline.sample();
        }
        assertThat(timeline.timeline().samples()).extracting(sample -> sample.commands().get("ok"))
                .containsExactly(3L, 4L, 5L);
    }
}
