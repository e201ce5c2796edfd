package dev.taxbridge.avatax;

/**
 * A resolved AvaTax connection. The Basic authorization value is computed once, at start-up;
 * {@code endpoint} is the Camel endpoint of the connection's own HTTP client, {@code limiter} spaces
 * its calls (null: no limit).
 */
public record AvataxConnection(String code, String baseUrl, String companyCode, String authorization,
        String endpoint, RequestRateLimiter limiter) {

    public AvataxConnection(String code, String baseUrl, String companyCode, String authorization) {
        this(code, baseUrl, companyCode, authorization, "http://avatax-connection?throwExceptionOnFailure=false",
                null);
    }

    /** Keeps the credentials out of logs, events and exception messages. */
    @Override
    public String toString() {
        return "AvataxConnection[code=" + code + ", baseUrl=" + baseUrl + ", companyCode=" + companyCode + "]";
    }
}
