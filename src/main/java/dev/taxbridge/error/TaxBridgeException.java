package dev.taxbridge.error;

import java.time.Duration;

/**
 * A classified failure. The message is written by the bridge and never carries request data
 * (AvaTax may echo the request, and the request is authenticated), so it is safe to log and publish.
 */
public class TaxBridgeException extends RuntimeException {

    private final ErrorCode errorCode;
    private final String providerCode;
    private final Duration retryAfter;
    private final boolean retryable;

    public TaxBridgeException(ErrorCode errorCode, String message) {
        this(errorCode, message, null, null);
    }

    public TaxBridgeException(ErrorCode errorCode, String message, String providerCode, Duration retryAfter) {
        this(errorCode, message, providerCode, retryAfter, errorCode.retryable());
    }

    /**
     * With an explicit retry decision, for the few cases where the code alone does not say it (a void
     * that arrives before its invoice was committed is a {@code provider_error} worth retrying).
     */
    public TaxBridgeException(ErrorCode errorCode, String message, String providerCode, Duration retryAfter,
            boolean retryable) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.providerCode = providerCode;
        this.retryAfter = retryAfter;
        this.retryable = retryable;
    }

    /** Whether the retry layer tries again (by default: the error code's own rule). */
    public boolean retryable() {
        return retryable;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** AvaTax's own {@code error.code} when the failure came from AvaTax, else null. */
    public String providerCode() {
        return providerCode;
    }

    /** How long AvaTax asked us to wait (Retry-After), else null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
