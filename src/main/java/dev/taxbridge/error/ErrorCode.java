package dev.taxbridge.error;

/** The failure codes of the product contract (SPEC section 4); the wire form is the lower-case name. */
public enum ErrorCode {
    INVALID_MESSAGE(false),
    UNMAPPED_ITEM(false),
    MISSING_ADDRESS(false),
    INVALID_ADDRESS(false),
    INVALID_CREDENTIALS(false),
    CONNECTION_NOT_FOUND(false),
    COMPANY_NOT_FOUND(false),
    PROVIDER_ERROR(false),
    RATE_LIMITED(true),
    TIMEOUT(true),
    PROVIDER_UNAVAILABLE(true),
    /** A webhook receiver answered 4xx (other than 408/429): parked at once. Not a tax failure. */
    WEBHOOK_REJECTED(false),
    /** A webhook receiver answered 5xx, 408, 429 or not at all: retried, then parked. Not a tax failure. */
    WEBHOOK_UNAVAILABLE(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Faults of the connection itself rather than of one document (announced as integration.provider_error). */
    public boolean connectionLevel() {
        return this == INVALID_CREDENTIALS || this == CONNECTION_NOT_FOUND || this == COMPANY_NOT_FOUND;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
