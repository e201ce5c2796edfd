package dev.taxbridge.avatax;

import dev.taxbridge.error.TaxBridgeException;

/**
 * Told about every AvaTax call an {@link AvataxClient} makes (the audit trail, the metrics). Both methods
 * run with the calling command's log context (MDC); {@link #finished} runs on a continuation thread, never
 * on the HTTP client's I/O thread, and must not block for long.
 */
public interface AvataxCallListener {

    /** The call is admitted (its connection's circuit is closed) and about to be sent, on the caller's thread. */
    default void started(AvataxConnection connection, AvataxCall<?> call) {
    }

    /** The call on {@code connection} is over, answered or not. */
    void finished(AvataxConnection connection, AvataxCall<?> call, Result result);

    /**
     * How a call went. {@code status} is null when AvaTax did not answer; {@code answer} is the typed answer
     * of a 2xx (null otherwise); {@code failure} is the classified failure (null on success).
     * {@code responseIsJson}: the response bytes were read as JSON, so they can be recorded as they are.
     */
    record Result(long nanos, byte[] request, Integer status, byte[] response, Object answer, boolean responseIsJson,
            TaxBridgeException failure) {

        /** The status, else the failure's error code, else {@code no_answer}: the call's outcome in one word. */
        public String outcome() {
            return status != null ? String.valueOf(status)
                    : failure == null ? "no_answer" : failure.errorCode().code();
        }
    }
}
