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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The configured AvaTax connections, and the rule that picks one for a message: the message's
 * {@code connection}, else the customer's Avalara integration code, else the connection of the Lago
 * organization named by the body's {@code organization_id} ({@code tax.organizations.<id>.connection}),
 * else the default connection. An organization without a configured connection goes to the default.
 */
@Component
public class ConnectionRegistry {

    private final Map<String, AvataxConnection> connections = new LinkedHashMap<>();
    private final String defaultConnection;
    private final Map<String, String> organizationConnections = new LinkedHashMap<>();

    public ConnectionRegistry(AvataxProperties properties) {
        this(properties, new OrganizationProperties(null));
    }

    public ConnectionRegistry(AvataxProperties properties, OrganizationProperties organizations) {
        this(properties, organizations, AddressResolution.WARN.name());
    }

    /** @param resolveAddresses {@code tax.addresses.resolve}: every connection's unless it sets its own */
    @Autowired
    public ConnectionRegistry(AvataxProperties properties, OrganizationProperties organizations,
            @Value("${tax.addresses.resolve:warn}") String resolveAddresses) {
        this.defaultConnection = properties.defaultConnection();
        AddressResolution everyConnection = AddressResolution.parse(resolveAddresses, "tax.addresses.resolve");
        properties.connections().forEach((code, settings) -> connections.put(code, new AvataxConnection(code,
                stripTrailingSlash(settings.baseUrl()), settings.companyCode(), basic(settings),
                settings.maxRequestsPerSecond() == null || settings.maxRequestsPerSecond() <= 0 ? null
                        : new RequestRateLimiter(settings.maxRequestsPerSecond()),
                !Boolean.FALSE.equals(settings.commit()),
                settings.resolveAddresses() == null ? everyConnection : AddressResolution.parse(
                        settings.resolveAddresses(), "avatax.connections." + code + ".resolve-addresses"))));
        organizations.organizations().forEach((id, organization) -> {
            String code = organization == null ? null : organization.connection();
            if (code == null || code.isBlank() || ConfigKeys.lookup(connections, code) == null) {
                // A typo here would send an organization's documents to another AvaTax company unnoticed.
                throw new IllegalStateException("tax.organizations." + id + ".connection names no configured"
                        + " AvaTax connection ('" + code + "')");
            }
            organizationConnections.put(id, code);
        });
    }

    /**
     * @param organizationId the Lago organization of the body (its webhook envelope's {@code organization_id}),
     *        or null
     */
    public AvataxConnection choose(String explicitCode, Customer customer, String organizationId) {
        String code = explicitCode;
        if (code == null || code.isBlank()) {
            code = Optional.ofNullable(customer).flatMap(this::avalaraLink)
                    .map(IntegrationCustomer::integrationCode).filter(c -> c != null && !c.isBlank())
                    .orElseGet(() -> organizationConnection(organizationId, organizationConnections,
                            defaultConnection));
        }
        return byCode(code);
    }

    /**
     * The customer's Avalara integration: its entry of type avalara, else an entry without a type whose
     * integration code is a configured connection (Lago's serializer once wrote {@code "type": null}).
     */
    public Optional<IntegrationCustomer> avalaraLink(Customer customer) {
        return customer.avalaraIntegration(this::isConnection);
    }

    /** The AvaTax customer code: the Avalara link's external customer id, else Lago's external id. */
    public String customerCode(Customer customer) {
        return avalaraLink(customer)
                .map(IntegrationCustomer::externalCustomerId)
                .filter(id -> id != null && !id.isBlank())
                .orElse(customer.externalId());
    }

    public boolean isConnection(String code) {
        return code != null && ConfigKeys.lookup(connections, code) != null;
    }

    /** The organization's configured connection; an unknown or absent organization gets the default. */
    static String organizationConnection(String organizationId, Map<String, String> byOrganization,
            String defaultConnection) {
        String code = organizationId == null || organizationId.isBlank() ? null
                : ConfigKeys.lookup(byOrganization, organizationId.trim());
        return code != null ? code : defaultConnection;
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
        return codeNamedBy(body, defaultConnection, organizationConnections, this::isConnection);
    }

    static String codeNamedBy(JsonNode body, String defaultConnection) {
        return codeNamedBy(body, defaultConnection, Map.of(), code -> false);
    }

    static String codeNamedBy(JsonNode body, String defaultConnection, Map<String, String> byOrganization) {
        return codeNamedBy(body, defaultConnection, byOrganization, code -> false);
    }

    static String codeNamedBy(JsonNode body, String defaultConnection, Map<String, String> byOrganization,
            java.util.function.Predicate<String> isConnection) {
        if (body == null || !body.isObject()) {
            return defaultConnection;
        }
        String organization = organizationConnection(text(body, "organization_id"), byOrganization,
                defaultConnection);
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
                    return code == null || code.isBlank() ? organization : code;
                }
            }
            for (JsonNode entry : customer.path("integration_customers")) {
                String code = text(entry, "integration_code");
                if (IntegrationCustomer.isUntyped(text(entry, "type"), text(entry, "integration_type"))
                        && code != null && isConnection.test(code.trim())) {
                    return code;
                }
            }
        }
        return organization;
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
