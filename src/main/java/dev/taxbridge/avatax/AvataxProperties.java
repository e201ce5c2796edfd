package dev.taxbridge.avatax;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code avatax.default-connection} and {@code avatax.connections.<code>.*}. */
@ConfigurationProperties("avatax")
public record AvataxProperties(
        @DefaultValue("default") String defaultConnection,
        Map<String, ConnectionSettings> connections,
        @DefaultValue("avatax-bridge") String clientName) {

    public AvataxProperties {
        connections = connections == null ? Map.of() : Map.copyOf(connections);
    }

    /**
     * One connection. The timeouts and pool size default to {@code avatax.http.*}; each connection
     * gets its own HTTP client, so a slow AvaTax account cannot hold another's connections.
     * {@code maxRequestsPerSecond} spaces this connection's calls (absent or 0: no limit).
     * {@code circuitFailureThreshold} and {@code circuitOpenDuration} override {@code tax.circuit.*}
     * for this connection's circuit breaker ({@link AvataxCircuit}). {@code commit} (absent: true) false
     * records every document uncommitted ({@code Saved}); {@code resolveAddresses} (off, warn, require; absent:
     * {@code tax.addresses.resolve}) is what customer sync does with the customer's address.
     */
    public record ConnectionSettings(
            String baseUrl,
            String accountId,
            String licenseKey,
            String companyCode,
            Long connectTimeoutMs,
            Long responseTimeoutMs,
            Integer maxConnections,
            Double maxRequestsPerSecond,
            Integer circuitFailureThreshold,
            java.time.Duration circuitOpenDuration,
            Boolean commit,
            String resolveAddresses) {

        public static final String SANDBOX = "https://sandbox-rest.avatax.com";

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public ConnectionSettings {
            baseUrl = baseUrl == null || baseUrl.isBlank() ? SANDBOX : baseUrl;
        }

        public ConnectionSettings(String baseUrl, String accountId, String licenseKey, String companyCode,
                Long connectTimeoutMs, Long responseTimeoutMs, Integer maxConnections, Double maxRequestsPerSecond,
                Integer circuitFailureThreshold, java.time.Duration circuitOpenDuration) {
            this(baseUrl, accountId, licenseKey, companyCode, connectTimeoutMs, responseTimeoutMs, maxConnections,
                    maxRequestsPerSecond, circuitFailureThreshold, circuitOpenDuration, null, null);
        }

        public ConnectionSettings(String baseUrl, String accountId, String licenseKey, String companyCode) {
            this(baseUrl, accountId, licenseKey, companyCode, null, null, null, null, null, null, null, null);
        }

        /** Keeps the license key out of logs, actuator pages and exception messages. */
        @Override
        public String toString() {
            return "ConnectionSettings[baseUrl=" + baseUrl + ", accountId=" + accountId + ", licenseKey=******"
                    + ", companyCode=" + companyCode + ", connectTimeoutMs=" + connectTimeoutMs + ", responseTimeoutMs="
                    + responseTimeoutMs + ", maxConnections=" + maxConnections + ", maxRequestsPerSecond="
                    + maxRequestsPerSecond + ", circuitFailureThreshold=" + circuitFailureThreshold
                    + ", circuitOpenDuration=" + circuitOpenDuration + ", commit=" + commit + ", resolveAddresses="
                    + resolveAddresses + "]";
        }
    }
}
