package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.OrganizationProperties.Organization;
import dev.taxbridge.lago.LagoModels.Customer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The connection named by a command's JSON, read without validation (dead letters, failure events). */
class ConnectionRegistryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"connection\": \"eu\", \"invoice\": {}} | eu",
            "{\"connection\": 5} | default",
            "{\"invoice\": {\"customer\": {\"integration_customers\": [{\"type\": \"netsuite\", \"integration_code\": \"ns\"}, {\"type\": \"avalara\", \"integration_code\": \"us\"}]}}} | us",
            "{\"credit_note\": {\"customer\": {\"integration_customers\": [{\"type\": \"avalara\", \"integration_code\": \"us\"}]}}} | us",
            "{\"fee\": {}, \"customer\": {\"integration_customers\": [{\"integration_type\": \"avalara\", \"integration_code\": \"us\"}]}} | us",
            "{\"customer\": {\"integration_customers\": [{\"type\": \"anrok\", \"integration_type\": \"avalara\", \"integration_code\": \"x\"}]}} | default",
            "{\"customer\": {\"integration_customers\": [{\"type\": \"avalara\", \"integration_code\": \"\"}]}} | default",
            "[1, 2] | default",
            "{\"invoice\": {\"customer\": {\"integration_customers\": \"avalara\"}}} | default"})
    void theConnectionOfAnUnparsedCommandIsChosenLikeTheParsedOne(String json, String expected) throws Exception {
        JsonNode body = MAPPER.readTree(json);

        assertThat(ConnectionRegistry.codeNamedBy(body, "default")).isEqualTo(expected);
    }

    private static final Map<String, String> ORGANIZATIONS = Map.of("org-a", "us", "org-b", "eu");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"organization_id\": \"org-b\", \"invoice\": {\"customer\": {}}} | eu",
            "{\"organization_id\": \"org-unknown\", \"invoice\": {}} | default",
            "{\"organization_id\": 7, \"invoice\": {}} | default",
            "{\"organization_id\": \"org-b\", \"connection\": \"x\"} | x",
            "{\"organization_id\": \"org-b\", \"credit_note\": {\"customer\": {\"integration_customers\": [{\"type\": \"avalara\", \"integration_code\": \"us\"}]}}} | us",
            "{\"organization_id\": \"org-a\", \"customer\": {\"integration_customers\": [{\"type\": \"avalara\", \"integration_code\": \"\"}]}} | us",
            "{\"organization_id\": \"org-a\", \"fee\": {}} | us"})
    void theOrganizationOfAnUnparsedCommandComesAfterTheCustomersIntegrationAndBeforeTheDefault(String json,
            String expected) throws Exception {
        assertThat(ConnectionRegistry.codeNamedBy(MAPPER.readTree(json), "default", ORGANIZATIONS))
                .isEqualTo(expected);
    }

    private static final ConnectionRegistry REGISTRY = TestConnections.registry(new AvataxProperties("default",
            Map.of("default", settings(), "us", settings(), "eu", settings(), "x", settings()), "test"),
            new OrganizationProperties(Map.of("org-a", new Organization("us"), "org-b", new Organization("eu"))));

    private static AvataxProperties.ConnectionSettings settings() {
        return new AvataxProperties.ConnectionSettings("http://127.0.0.1:9", "1", "k", "DEFAULT", null, null, null,
                null, null, null);
    }

    private static Customer customer(String avalaraCode) {
        String integrations = avalaraCode == null ? "[]"
                : "[{\"type\": \"avalara\", \"integration_code\": \"" + avalaraCode + "\"}]";
        try {
            return MAPPER.readValue("{\"external_id\": \"c\", \"integration_customers\": " + integrations + "}",
                    Customer.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void explicitConnectionThenCustomerIntegrationThenOrganizationThenDefault() {
        assertThat(REGISTRY.choose("x", customer("us"), "org-b").code()).isEqualTo("x");
        assertThat(REGISTRY.choose(null, customer("us"), "org-b").code()).isEqualTo("us");
        assertThat(REGISTRY.choose(" ", customer(" "), "org-b").code()).isEqualTo("eu");
        assertThat(REGISTRY.choose(null, customer(null), "org-a").code()).isEqualTo("us");
        assertThat(REGISTRY.choose(null, customer(null), null).code()).isEqualTo("default");
    }

    @Test
    void anUnknownOrganizationGoesToTheDefaultConnectionNeverRefused() {
        assertThat(REGISTRY.choose(null, customer(null), "org-unknown").code()).isEqualTo("default");
        assertThat(REGISTRY.choose(null, null, "").code()).isEqualTo("default");
    }

    @Test
    void anOrganizationNamingNoConfiguredConnectionStopsTheStart() {
        assertThatThrownBy(() -> TestConnections.registry(new AvataxProperties("default", Map.of("default",
                settings()), "test"), new OrganizationProperties(Map.of("org-a", new Organization("us_typo")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tax.organizations.org-a.connection");
    }
}
