package dev.taxbridge.avatax;

/**
 * A resolved AvaTax connection's settings, as its {@link AvataxClient} and the command beans read them. The
 * Basic authorization value is computed once, at start-up. {@code commit}: whether the documents the bridge
 * records are committed (false: created {@code Saved}, reported to no tax authority);
 * {@code addressResolution}: what customer sync does with an address. Its state (circuit, rate limiter,
 * HTTP client) belongs to its client ({@link ConnectionRegistry#client}).
 */
public record AvataxConnection(String code, String baseUrl, String companyCode, String authorization,
        boolean commit, AddressResolution addressResolution) {

    public AvataxConnection(String code, String baseUrl, String companyCode, String authorization) {
        this(code, baseUrl, companyCode, authorization, true, AddressResolution.WARN);
    }

    /** Keeps the credentials out of logs, events and exception messages. */
    @Override
    public String toString() {
        return "AvataxConnection[code=" + code + ", baseUrl=" + baseUrl + ", companyCode=" + companyCode
                + ", commit=" + commit + ", addressResolution=" + addressResolution + "]";
    }
}
