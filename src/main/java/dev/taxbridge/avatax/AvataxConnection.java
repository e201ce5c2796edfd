package dev.taxbridge.avatax;

/**
 * A resolved AvaTax connection. The Basic authorization value is computed once, at start-up;
 * {@code limiter} spaces its calls (null: no limit). Its HTTP client: {@link AvataxHttpClients}.
 * {@code commit}: whether the documents the bridge records are committed (false: created {@code Saved},
 * reported to no tax authority); {@code addressResolution}: what customer sync does with an address.
 */
public record AvataxConnection(String code, String baseUrl, String companyCode, String authorization,
        RequestRateLimiter limiter, boolean commit, AddressResolution addressResolution) {

    public AvataxConnection(String code, String baseUrl, String companyCode, String authorization) {
        this(code, baseUrl, companyCode, authorization, null, true, AddressResolution.WARN);
    }

    /** Keeps the credentials out of logs, events and exception messages. */
    @Override
    public String toString() {
        return "AvataxConnection[code=" + code + ", baseUrl=" + baseUrl + ", companyCode=" + companyCode
                + ", commit=" + commit + ", addressResolution=" + addressResolution + "]";
    }
}
