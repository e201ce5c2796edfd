package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.ConfigKeys;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.IntegrationCustomer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The configured AvaTax connections, and the rule that picks one for a message: the message's
 * {@code connection}, else the customer's Avalara integration code, else the default connection.
 */
@Component
public class ConnectionRegistry {

    private final Map<String, AvataxConnection> connections = new LinkedHashMap<>();
    private final String defaultConnection;

    public ConnectionRegistry(AvataxProperties properties) {
        this.defaultConnection = properties.defaultConnection();
        properties.connections().forEach((code, settings) -> connections.put(code, new AvataxConnection(code,
                stripTrailingSlash(settings.baseUrl()), settings.companyCode(), basic(settings),
                settings.maxRequestsPerSecond() == null || settings.maxRequestsPerSecond() <= 0 ? null
                        : new RequestRateLimiter(settings.maxRequestsPerSecond()))));
    }

    public AvataxConnection choose(String explicitCode, Customer customer) {
        String code = explicitCode;
        if (code == null || code.isBlank()) {
            code = Optional.ofNullable(customer).flatMap(Customer::avalaraIntegration)
                    .map(IntegrationCustomer::integrationCode).filter(c -> !c.isBlank()).orElse(defaultConnection);
        }
        return byCode(code);
    }

    public AvataxConnection byCode(String code) {
        AvataxConnection connection = ConfigKeys.lookup(connections, code);
        if (connection == null) {
            throw new TaxBridgeException(ErrorCode.CONNECTION_NOT_FOUND, "no AvaTax connection '" + code
                    + "' is configured (avatax.connections." + code + ")");
        }
        return connection;
    }

    public List<AvataxConnection> all() {
        return List.copyOf(connections.values());
    }

    /**
     * The same choice as {@link #choose}, read from a command's JSON without validating it: for commands that
     * failed before they were parsed (their dead letter, failure events and error reply still name the
     * connection).
     */
    public String codeNamedBy(JsonNode body) {
        return codeNamedBy(body, defaultConnection);
    }

    static String codeNamedBy(JsonNode body, String defaultConnection) {
        if (body == null || !body.isObject()) {
            return defaultConnection;
        }
        JsonNode explicit = body.path("connection");
        if (explicit.isTextual() && !explicit.asText().isBlank()) {
            return explicit.asText();
        }
        for (String object : List.of("invoice", "credit_note", "fee", "customer")) {
            JsonNode holder = body.path(object);
            JsonNode customer = "customer".equals(object) ? holder : holder.path("customer");
            for (JsonNode entry : customer.path("integration_customers")) {
                if (IntegrationCustomer.isAvalara(text(entry, "type"), text(entry, "integration_type"))) {
                    String code = text(entry, "integration_code");
                    return code == null || code.isBlank() ? defaultConnection : code;
                }
            }
        }
        return defaultConnection;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static String basic(AvataxProperties.ConnectionSettings settings) {
        String pair = (settings.accountId() == null ? "" : settings.accountId()) + ":"
                + (settings.licenseKey() == null ? "" : settings.licenseKey());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String stripTrailingSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
