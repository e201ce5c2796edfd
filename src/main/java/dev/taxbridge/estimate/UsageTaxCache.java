package dev.taxbridge.estimate;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The usage-tax cache (SPEC section 2): rates per {@link UsageKey}, kept {@code tax.usage-cache.ttl}
 * after they were loaded, at most {@code tax.usage-cache.max-size} keys.
 *
 * <p>Single flight: the first request that misses a key loads it; identical requests arriving while
 * that load runs get its result instead of calling AvaTax themselves. Caffeine's {@link AsyncCache}
 * holds the in-flight load as a future, so nothing is computed under a map lock (other keys never
 * wait), no thread waits for a load (every request gets a future), and a failed load is removed rather
 * than cached. An identical request gives up on the load after {@code tax.usage-cache.wait-timeout}.
 */
@Component
public class UsageTaxCache {

    public static final String METRIC_NAME = "usage_tax";

    private final AsyncCache<UsageKey, UsageRates> cache;
    private final Duration waitTimeout;

    public UsageTaxCache(UsageCacheProperties properties, Ticker usageCacheTicker,
            ObjectProvider<MeterRegistry> registry) {
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.ttl())
                .maximumSize(properties.maxSize())
                .ticker(usageCacheTicker)
                // Maintenance (expiry, eviction) runs on the calling thread: no hidden pool, deterministic in tests.
                .executor(Runnable::run)
                .recordStats()
                .buildAsync();
        this.waitTimeout = properties.waitTimeout();
        registry.ifAvailable(meters -> CaffeineCacheMetrics.monitor(meters, cache, METRIC_NAME));
    }

    /** The rates for a key and where they came from: {@code loaded} holds the loader's result when this call loaded them. */
    public record Lookup<T>(UsageRates rates, T loaded) {

        public boolean cached() {
            return loaded == null;
        }
    }

    /**
     * The rates for {@code key}, without waiting: cached, or being loaded by an identical request (its
     * load, bounded by {@code tax.usage-cache.wait-timeout}), or loaded now by {@code loader}, whose
     * answer {@code toRates} turns into the rates to cache. The future completes on the thread that
     * completes the load (for an AvaTax call, its client's completion thread).
     */
    public <T> CompletableFuture<Lookup<T>> get(UsageKey key, Supplier<CompletableFuture<T>> loader,
            Function<T, UsageRates> toRates) {
        CompletableFuture<UsageRates> mine = new CompletableFuture<>();
        CompletableFuture<UsageRates> found = cache.get(key, (k, executor) -> mine);
        if (found != mine) {
            // A copy: the timeout is this request's, the load goes on for the others.
            return found.copy().orTimeout(waitTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((rates, failure) -> new Lookup<>(waited(rates, failure), null));
        }
        CompletableFuture<T> load;
        try {
            load = loader.get();
        } catch (RuntimeException | Error refused) {
            load = CompletableFuture.failedFuture(refused);
        }
        return load.handle((result, failure) -> {
            try {
                if (failure != null) {
                    throw unwrapped(failure);
                }
                UsageRates rates = toRates.apply(result);
                mine.complete(rates);
                return new Lookup<>(rates, result);
            } catch (RuntimeException | Error failed) {
                // Completing exceptionally removes the entry: the next request tries again.
                mine.completeExceptionally(failed);
                throw failed;
            }
        });
    }

    private UsageRates waited(UsageRates rates, Throwable failure) {
        if (failure == null) {
            return rates;
        }
        Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
        if (cause instanceof TimeoutException) {
            throw new TaxBridgeException(ErrorCode.TIMEOUT, "an identical estimate's AvaTax call did not finish within "
                    + waitTimeout.toSeconds() + " s");
        }
        throw unwrapped(failure);
    }

    private static RuntimeException unwrapped(Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    /** Drops every entry (after a rate or mapping change); returns how many there were. */
    public long clear() {
        long size = cache.synchronous().estimatedSize();
        cache.synchronous().invalidateAll();
        cache.synchronous().cleanUp();
        return size;
    }

    public long size() {
        return cache.synchronous().estimatedSize();
    }

    public CacheStats stats() {
        return cache.synchronous().stats();
    }
}
