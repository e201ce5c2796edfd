package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.ConfigKeys;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.IntegrationCustomer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * The configured AvaTax connections: the one place a connection is looked up, and the owner of each
 * connection's {@link AvataxClient} (built once at start-up, closed on shutdown). {@link #client} hands a
 * client out; {@link #choose} is the rule that picks the connection of a message: the message's
 * {@code connection}, else the customer's Avalara integration code, else the connection of the Lago
 * organization named by the body's {@code organization_id} ({@code tax.organizations.<id>.connection}),
 * else the default connection. An organization without a configured connection goes to the default.
 */
@Component
public class ConnectionRegistry implements InitializingBean, DisposableBean {

    private final Map<String, AvataxClient> clients = new TreeMap<>();
    private final String defaultConnection;
    private final Map<String, String> organizationConnections = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;

    /**
     * @param resolveAddresses {@code tax.addresses.resolve}: every connection's unless it sets its own
     * @param http {@code avatax.http.*}, every connection's HTTP client settings unless it sets its own
     * @param failureThreshold {@code tax.circuit.failure-threshold}, unless a connection sets its own
     * @param openDuration {@code tax.circuit.open-duration}, unless a connection sets its own
     * @param listeners who hears every call (the audit trail, the metrics)
     */
    public ConnectionRegistry(AvataxProperties properties, OrganizationProperties organizations,
            @Value("${tax.addresses.resolve:warn}") String resolveAddresses, AvataxHttpSettings http,
            @Value("${tax.circuit.failure-threshold:5}") int failureThreshold,
            @Value("${tax.circuit.open-duration:30s}") Duration openDuration, AvataxErrors errors,
            FailureClassifier classifier, ObjectMapper mapper, @Qualifier("continuations") Executor completions,
            MeterRegistry meters,
            ObjectProvider<AvataxCallListener> listeners, ObjectProvider<BuildProperties> build) {
        this.defaultConnection = properties.defaultConnection();
        // The clients share one timer for rate-limited calls: a thread that only hands requests on, never waits.
        this.timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "avatax-rate-limit");
            thread.setDaemon(true);
            return thread;
        });
        AvataxClient.Shared shared = new AvataxClient.Shared(errors, classifier, mapper, timer, completions,
                new ListenersWhenFirstUsed(listeners), clientHeader(properties.clientName(), build.getIfAvailable()));
        AddressResolution everyConnection = AddressResolution.parse(resolveAddresses, "tax.addresses.resolve");
        properties.connections().forEach((code, settings) -> {
            AvataxConnection connection = new AvataxConnection(code, stripTrailingSlash(settings.baseUrl()),
                    settings.companyCode(), basic(settings), !Boolean.FALSE.equals(settings.commit()),
                    settings.resolveAddresses() == null ? everyConnection : AddressResolution.parse(
                            settings.resolveAddresses(), "avatax.connections." + code + ".resolve-addresses"));
            AvataxCircuit circuit = new AvataxCircuit(code,
                    settings.circuitFailureThreshold() == null ? failureThreshold : settings.circuitFailureThreshold(),
                    settings.circuitOpenDuration() == null ? openDuration : settings.circuitOpenDuration());
            RequestRateLimiter limiter = settings.maxRequestsPerSecond() == null || settings.maxRequestsPerSecond() <= 0
                    ? null : new RequestRateLimiter(settings.maxRequestsPerSecond());
            AvataxClient client = new AvataxClient(connection, http.of(settings), circuit, limiter, shared);
            clients.put(code, client);
            // Every configured connection shows on metrics from the start, closed.
            Gauge.builder("avatax.circuit.state", client, c -> c.circuitState().gauge())
                    .description("AvaTax connection circuit: 0 closed, 1 open, 2 half-open")
                    .tag("connection", code).register(meters);
        });
        organizations.organizations().forEach((id, organization) -> {
            String code = organization == null ? null : organization.connection();
            if (code == null || code.isBlank() || ConfigKeys.lookup(clients, code) == null) {
                // A typo here would send an organization's documents to another AvaTax company unnoticed.
                throw new IllegalStateException("tax.organizations." + id + ".connection names no configured"
                        + " AvaTax connection ('" + code + "')");
            }
            organizationConnections.put(id, code);
        });
    }

    /** Starts every client's HTTP client. */
    @Override
    public void afterPropertiesSet() {
        clients.values().forEach(AvataxClient::start);
    }

    /**
     * The client of a configured connection, by its code (as configuration keys are looked up: as written,
     * else folded); {@code connection_not_found} when none is configured.
     */
    public AvataxClient client(String code) {
        AvataxClient client = ConfigKeys.lookup(clients, code);
        if (client == null) {
            throw new TaxBridgeException(ErrorCode.CONNECTION_NOT_FOUND, "no AvaTax connection '" + code
                    + "' is configured (avatax.connections." + code + ")");
        }
        return client;
    }

    /** Every configured connection's client, by code. */
    public List<AvataxClient> clients() {
        return List.copyOf(clients.values());
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
        return code != null && ConfigKeys.lookup(clients, code) != null;
    }

    /** The organization's configured connection; an unknown or absent organization gets the default. */
    static String organizationConnection(String organizationId, Map<String, String> byOrganization,
            String defaultConnection) {
        String code = organizationId == null || organizationId.isBlank() ? null
                : ConfigKeys.lookup(byOrganization, organizationId.trim());
        return code != null ? code : defaultConnection;
    }

    public AvataxConnection byCode(String code) {
        return client(code).connection();
    }

    /** Every configured connection, by code. */
    public List<AvataxConnection> all() {
        return clients.values().stream().map(AvataxClient::connection).toList();
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

    /** {@code X-Avalara-Client}: "{app}; {app version}; {library}; {library version}; {machine}". */
    private static String clientHeader(String clientName, BuildProperties build) {
        String version = build == null ? "dev" : build.getVersion();
        return clientName + "; " + version + "; Apache HttpClient; "
                + org.apache.hc.client5.http.impl.async.HttpAsyncClients.class.getPackage().getImplementationVersion()
                + "; " + hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    /**
     * The listeners (the audit trail, the metrics) are beans that may themselves need the registry; they are
     * looked up at the first call rather than at construction, so neither waits for the other.
     */
    private static final class ListenersWhenFirstUsed extends AbstractList<AvataxCallListener> {
        private final ObjectProvider<AvataxCallListener> provider;
        private volatile List<AvataxCallListener> listeners;

        ListenersWhenFirstUsed(ObjectProvider<AvataxCallListener> provider) {
            this.provider = provider;
        }

        private List<AvataxCallListener> listeners() {
            List<AvataxCallListener> known = listeners;
            if (known == null) {
                known = provider.orderedStream().toList();
                listeners = known;
            }
            return known;
        }

        @Override
        public AvataxCallListener get(int index) {
            return listeners().get(index);
        }

        @Override
        public int size() {
            return listeners().size();
        }
    }

    /** Closes every client's HTTP client, then the timer. */
    @Override
    public void destroy() {
        clients.values().forEach(AvataxClient::close);
        timer.shutdownNow();
    }
}
