package dev.taxbridge.avatax;

/**
 * A resolved AvaTax connection. The Basic authorization value is computed once, at start-up;
 * {@code limiter} spaces its calls (null: no limit). Its HTTP client: {@link AvataxHttpClients}.
 */
public record AvataxConnection(String code, String baseUrl, String companyCode, String authorization,
        RequestRateLimiter limiter) {

    public AvataxConnection(String code, String baseUrl, String companyCode, String authorization) {
        this(code, baseUrl, companyCode, authorization, null);
    }

    /** Keeps the credentials out of logs, events and exception messages. */
    @Override
    public String toString() {
        return "AvataxConnection[code=" + code + ", baseUrl=" + baseUrl + ", companyCode=" + companyCode + "]";
    }
}
