package dev.taxbridge.avatax;

/**
 * A resolved AvaTax connection. The Basic authorization value is computed once, at start-up.
 */
public record AvataxConnection(String code, String baseUrl, String companyCode, String authorization) {

    /** Keeps the credentials out of logs, events and exception messages. */
    @Override
    public String toString() {
        return "AvataxConnection[code=" + code + ", baseUrl=" + baseUrl + ", companyCode=" + companyCode + "]";
    }
}
