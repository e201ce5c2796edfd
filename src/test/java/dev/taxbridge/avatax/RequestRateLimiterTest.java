package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void callsInABurstAreSpacedByOneIntervalEach() {
        RequestRateLimiter limiter = new RequestRateLimiter(10, now::get);

        assertThat(limiter.reserve()).isZero();
        assertThat(limiter.reserve()).isEqualTo(100_000_000L);
        assertThat(limiter.reserve()).isEqualTo(200_000_000L);
    }

    @Test
    void aQuietPeriodDoesNotBankPermitsForALaterBurst() {
        RequestRateLimiter limiter = new RequestRateLimiter(10, now::get);
        limiter.reserve();
        now.addAndGet(5_000_000_000L);

        assertThat(limiter.reserve()).isZero();
        assertThat(limiter.reserve()).isEqualTo(100_000_000L);
    }

    @Test
    void aCallAfterItsSlotWaitsOnlyForWhatIsLeft() {
        RequestRateLimiter limiter = new RequestRateLimiter(4, now::get);
        limiter.reserve();
        now.addAndGet(100_000_000L);

        assertThat(limiter.reserve()).isEqualTo(150_000_000L);
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new RequestRateLimiter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestRateLimiter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
