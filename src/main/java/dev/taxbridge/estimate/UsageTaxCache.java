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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The usage-tax cache (SPEC section 2): rates per {@link UsageKey}, kept {@code tax.usage-cache.ttl}
 * after they were loaded, at most {@code tax.usage-cache.max-size} keys.
 *
 * <p>Single flight: the first request that misses a key loads it, on its own thread; identical
 * requests arriving while that load runs wait for its result instead of calling AvaTax themselves.
 * Caffeine's {@link AsyncCache} holds the in-flight load as a future, so nothing is computed under a
 * map lock (other keys never wait), no thread pool is involved (the loader is the consumer thread
 * that missed), and a failed load is removed rather than cached. Waiting is bounded by
 * {@code tax.usage-cache.wait-timeout}.
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
     * The rates for {@code key}: cached, or being loaded by an identical request (waits for it), or
     * loaded now by {@code loader}, whose result {@code toRates} turns into the rates to cache.
     */
    public <T> Lookup<T> get(UsageKey key, java.util.function.Supplier<T> loader, Function<T, UsageRates> toRates) {
        CompletableFuture<UsageRates> mine = new CompletableFuture<>();
        CompletableFuture<UsageRates> found = cache.get(key, (k, executor) -> mine);
        if (found != mine) {
            return new Lookup<>(await(found), null);
        }
        try {
            T result = loader.get();
            UsageRates rates = toRates.apply(result);
            mine.complete(rates);
            return new Lookup<>(rates, result);
        } catch (RuntimeException | Error failure) {
            // Completing exceptionally removes the entry: the next request tries again.
            mine.completeExceptionally(failure);
            throw failure;
        }
    }

    private UsageRates await(CompletableFuture<UsageRates> load) {
        try {
            return load.get(waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException slow) {
            throw new TaxBridgeException(ErrorCode.TIMEOUT, "an identical estimate's AvaTax call did not finish within "
                    + waitTimeout.toSeconds() + " s");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TaxBridgeException(ErrorCode.TIMEOUT, "interrupted while waiting for an identical estimate");
        }
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
