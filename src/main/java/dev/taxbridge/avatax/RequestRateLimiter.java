package dev.taxbridge.avatax;

import java.util.function.LongSupplier;

/**
 * Spaces one connection's AvaTax calls evenly ({@code max-requests-per-second}): each call reserves
 * the next free slot, so a month-end burst reaches AvaTax at the agreed rate instead of being answered
 * 429 and retried. The limiter only hands out slots; {@link AvataxClient} sends a call when its slot
 * comes, on a timer, so no thread waits for one.
 */
public final class RequestRateLimiter {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextFree;

    public RequestRateLimiter(double perSecond) {
        this(perSecond, System::nanoTime);
    }

    RequestRateLimiter(double perSecond, LongSupplier nanoTime) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a rate limit must be positive");
        }
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / perSecond));
        this.nanoTime = nanoTime;
        this.nextFree = nanoTime.getAsLong();
    }

    /** Reserves the next slot; returns how long the caller must wait for it, in nanoseconds. */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        long slot = Math.max(now, nextFree);
        nextFree = slot + intervalNanos;
        return slot - now;
    }
}
