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

    public record ConnectionSettings(
            @DefaultValue("https://sandbox-rest.avatax.com") String baseUrl,
            String accountId,
            String licenseKey,
            String companyCode) {

        /** Keeps the license key out of logs, actuator pages and exception messages. */
        @Override
        public String toString() {
            return "ConnectionSettings[baseUrl=" + baseUrl + ", accountId=" + accountId + ", licenseKey=******"
                    + ", companyCode=" + companyCode + "]";
        }
    }
}
