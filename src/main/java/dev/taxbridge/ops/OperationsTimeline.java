package dev.taxbridge.ops;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The last few minutes of the bridge's own meters, for the operator console's charts: every
 * {@code tax.console.sample-interval} the commands handled since the previous sample, by outcome
 * ({@code tax_commands_total}), and each connection's mean AvaTax call time over the interval
 * ({@code avatax_requests_seconds}). The last {@code tax.console.samples} are kept in a ring; nothing
 * is stored anywhere else, so the picture starts empty after a restart.
 */
@Component
public class OperationsTimeline {

    /** One interval: commands by outcome ({@code ok}, {@code parked}, {@code retried}), AvaTax calls per connection. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sample(Instant at, Map<String, Long> commands, Map<String, Calls> avatax) {
    }

    /** AvaTax calls of one connection in one interval, and their mean time (null without calls). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Calls(long calls, Double meanMs) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Timeline(long intervalSeconds, List<Sample> samples) {
    }

    private record Totals(Map<String, Double> commands, Map<String, long[]> calls) {
    }

    private final MeterRegistry registry;
    private final Duration interval;
    private final int capacity;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService sampler;
    private Totals previous;

    @Autowired
    public OperationsTimeline(MeterRegistry registry,
            @Value("${tax.console.sample-interval:10s}") Duration interval,
            @Value("${tax.console.samples:30}") int capacity) {
        this(registry, interval, capacity, Clock.systemUTC(), true);
    }

    OperationsTimeline(MeterRegistry registry, Duration interval, int capacity, Clock clock, boolean schedule) {
        this.registry = registry;
        this.interval = interval;
        this.capacity = capacity;
        this.clock = clock;
        this.previous = totals();
        if (schedule) {
            this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "operations-timeline");
                thread.setDaemon(true);
                return thread;
            });
            sampler.scheduleAtFixedRate(this::sample, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            this.sampler = null;
        }
    }

    @PreDestroy
    void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    public synchronized Timeline timeline() {
        return new Timeline(interval.toSeconds(), List.copyOf(samples));
    }

    /** Takes one sample: the meters' growth since the previous one. */
    synchronized void sample() {
        Totals now = totals();
        Map<String, Long> commands = new TreeMap<>();
        for (OperationsMetrics.Outcome outcome : OperationsMetrics.Outcome.values()) {
            String tag = outcome.tag();
            commands.put(tag, Math.round(now.commands().getOrDefault(tag, 0.0)
                    - previous.commands().getOrDefault(tag, 0.0)));
        }
        Map<String, Calls> avatax = new TreeMap<>();
        now.calls().forEach((connection, total) -> {
            long[] before = previous.calls().getOrDefault(connection, new long[2]);
            long calls = total[0] - before[0];
            long nanos = total[1] - before[1];
            avatax.put(connection, new Calls(calls, calls > 0 ? Math.round(nanos / 1e4 / calls) / 100.0 : null));
        });
        previous = now;
        samples.addLast(new Sample(clock.instant(), commands, avatax));
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    private Totals totals() {
        Map<String, Double> commands = new HashMap<>();
        for (Counter counter : registry.find("tax.commands").counters()) {
            commands.merge(counter.getId().getTag("outcome"), counter.count(), Double::sum);
        }
        Map<String, long[]> calls = new HashMap<>();
        for (Timer timer : registry.find("avatax.requests").timers()) {
            long[] total = calls.computeIfAbsent(timer.getId().getTag("connection"), c -> new long[2]);
            total[0] += timer.count();
            total[1] += (long) timer.totalTime(TimeUnit.NANOSECONDS);
        }
        return new Totals(commands, calls);
    }
}
