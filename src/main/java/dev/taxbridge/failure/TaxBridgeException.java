package dev.taxbridge.failure;

import java.time.Duration;

/**
 * A classified failure. The message is written by the bridge and never carries request data
 * (AvaTax may echo the request, and the request is authenticated), so it is safe to log and publish.
 */
public class TaxBridgeException extends RuntimeException {

    private final ErrorCode errorCode;
    private final String providerCode;
    private final Duration retryAfter;

    public TaxBridgeException(ErrorCode errorCode, String message) {
        this(errorCode, message, null, null);
    }

    public TaxBridgeException(ErrorCode errorCode, String message, String providerCode, Duration retryAfter) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.providerCode = providerCode;
        this.retryAfter = retryAfter;
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
