package dev.taxbridge.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.taxbridge.avatax.AvataxModels.AvataxAddress;
import dev.taxbridge.estimate.UsageKey.LinePair;
import dev.taxbridge.estimate.UsageRates.JurisdictionRate;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class UsageTaxCacheTest {

    /** A Caffeine clock the test moves by hand. */
    static final class FakeTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    static final UsageRates NINE_PERCENT = new UsageRates(Map.of(new LinePair("SUBSCRIPTION", "SW054000"),
            List.of(new JurisdictionRate("WA STATE TAX", "WASHINGTON", "State", new BigDecimal("0.09"),
                    new BigDecimal("0.09")))));

    final FakeTicker ticker = new FakeTicker();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final UsageTaxCache cache = cache(Duration.ofHours(24), 100, Duration.ofSeconds(30));
    final AtomicInteger loads = new AtomicInteger();
    ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void entryIsReusedUntil24HoursAfterItsLoadAndLoadedAgainAfter() {
        UsageKey key = key("sub-1");
        assertThat(load(key).cached()).isFalse();

        ticker.advance(Duration.ofHours(24).minusNanos(1));
        UsageTaxCache.Lookup<String> justBefore = load(key);
        assertThat(justBefore.cached()).isTrue();
        assertThat(justBefore.rates()).isEqualTo(NINE_PERCENT);
        assertThat(loads).hasValue(1);

        ticker.advance(Duration.ofNanos(1));
        assertThat(load(key).cached()).as("expired 24 h after the load").isFalse();
        assertThat(loads).hasValue(2);
    }

    @Test
    void fiftyConcurrentIdenticalMissesMakeOneLoadAndAllGetItsRates() throws Exception {
        UsageKey key = key("sub-concurrent");
        CountDownLatch start = new CountDownLatch(1);
        pool = Executors.newFixedThreadPool(50);
        List<Future<UsageTaxCache.Lookup<String>>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return get(cache, key, () -> {
                    loads.incrementAndGet();
                    // Hold the load until every one of the 50 requests has asked for the key.
                    await().atMost(Duration.ofSeconds(20)).until(() -> cache.stats().requestCount() == 50);
                    return "answer";
                }, answer -> NINE_PERCENT);
            }));
        }
        start.countDown();

        List<UsageTaxCache.Lookup<String>> lookups = new ArrayList<>();
        for (Future<UsageTaxCache.Lookup<String>> result : results) {
            lookups.add(result.get(30, TimeUnit.SECONDS));
        }
        assertThat(loads).hasValue(1);
        assertThat(lookups).allSatisfy(lookup -> assertThat(lookup.rates()).isEqualTo(NINE_PERCENT));
        assertThat(lookups).filteredOn(lookup -> !lookup.cached()).hasSize(1);
        assertThat(cache.stats().missCount()).isEqualTo(1);
    }

    @Test
    void failedLoadIsNotCachedAndReachesTheRequestsWaitingForIt() throws Exception {
        UsageKey key = key("sub-failing");
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        pool = Executors.newFixedThreadPool(2);
        Future<?> owner = pool.submit(() -> get(cache, key, () -> {
            loading.countDown();
            awaitLatch(fail);
            throw new TaxBridgeException(ErrorCode.PROVIDER_UNAVAILABLE, "AvaTax create answered HTTP 503");
        }, answer -> NINE_PERCENT));
        loading.await(10, TimeUnit.SECONDS);
        Future<?> waiter = pool.submit(() -> load(key));
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().requestCount() == 2);
        fail.countDown();

        for (Future<?> request : List.of(owner, waiter)) {
            assertThatThrownBy(() -> request.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TaxBridgeException.class)
                    .cause().hasMessageContaining("503");
        }
        assertThat(loads).as("the waiter did not load").hasValue(0);
        assertThat(load(key).cached()).as("the next request loads again").isFalse();
        assertThat(loads).hasValue(1);
    }

    @Test
    void waitingForASlowIdenticalLoadIsBounded() throws Exception {
        UsageTaxCache impatient = cache(Duration.ofHours(24), 100, Duration.ofMillis(100));
        UsageKey key = key("sub-slow");
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        pool = Executors.newSingleThreadExecutor();
        Future<?> owner = pool.submit(() -> get(impatient, key, () -> {
            loading.countDown();
            awaitLatch(finish);
            return "late";
        }, answer -> NINE_PERCENT));
        loading.await(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> get(impatient, key, () -> "never", answer -> NINE_PERCENT))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMEOUT));
        finish.countDown();
        owner.get(10, TimeUnit.SECONDS);
    }

    @Test
    void maximumSizeEvictsAndClearEmptiesAndStatisticsAreMeters() {
        meters = new SimpleMeterRegistry();
        UsageTaxCache small = cache(Duration.ofHours(24), 2, Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            get(small, key("sub-" + i), () -> "answer", answer -> NINE_PERCENT);
        }
        get(small, key("sub-4"), () -> "answer", answer -> NINE_PERCENT);

        assertThat(small.size()).isLessThanOrEqualTo(2);
        assertThat(meters.get("cache.evictions").tag("cache", "usage_tax").functionCounter().count()).isEqualTo(3);
        assertThat(meters.get("cache.gets").tags("cache", "usage_tax", "result", "hit").functionCounter().count())
                .isEqualTo(1);
        assertThat(meters.get("cache.gets").tags("cache", "usage_tax", "result", "miss").functionCounter().count())
                .isEqualTo(5);
        assertThat(small.clear()).isEqualTo(2);
        assertThat(small.size()).isZero();
        assertThat(meters.get("cache.size").tag("cache", "usage_tax").gauge().value()).isZero();
    }

    private UsageTaxCache.Lookup<String> load(UsageKey key) {
        return get(cache, key, () -> {
            loads.incrementAndGet();
            return "answer";
        }, answer -> NINE_PERCENT);
    }

    /** A lookup waited for, its loader run on this thread: how a caller sees the cache, for these tests. */
    private static <T> UsageTaxCache.Lookup<T> get(UsageTaxCache cache, UsageKey key, Supplier<T> loader,
            Function<T, UsageRates> toRates) {
        try {
            return cache.get(key, () -> CompletableFuture.completedFuture(loader.get()), toRates).join();
        } catch (CompletionException failed) {
            throw (RuntimeException) failed.getCause();
        }
    }

    private UsageTaxCache cache(Duration ttl, long maxSize, Duration waitTimeout) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("meters", meters);
        return new UsageTaxCache(new UsageCacheProperties(ttl, maxSize, waitTimeout), ticker,
                beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
    }

    static UsageKey key(String subscription) {
        AvataxAddress shipTo = new AvataxAddress("100 Ravine Lane NE", null, "Bainbridge Island", "WA", "US", "98110");
        AvataxAddress shipFrom = new AvataxAddress("255 S King St", null, "Seattle", "WA", "US", "98104");
        return new UsageKey("default", "CUS-1", subscription, "premium", "3", shipTo, shipFrom, null,
                List.of(new LinePair("SUBSCRIPTION", "SW054000")));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
