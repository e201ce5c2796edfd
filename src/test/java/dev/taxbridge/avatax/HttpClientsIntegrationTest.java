package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.support.BridgeIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The HTTP clients end up with the settings the bridge gives them: one non-blocking client per AvaTax
 * connection, and the webhooks' own camel-http component (camel-http-starter's customizer would
 * otherwise overwrite it with 3-minute timeouts, 200 connections and HttpClient's own retries).
 */
class HttpClientsIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ConnectionRegistry connections;

    @Autowired
    AvataxHttpClients clients;

    @Test
    void eachAvataxConnectionHasItsOwnClientWithDefaultsFromAvataxHttp() {
        AvataxHttpClients.Settings client = clients.client("default").settings();
        assertThat(client.connectTimeoutMs()).isEqualTo(5000);
        assertThat(client.responseTimeoutMs()).as("avatax.http.response-timeout-ms in the tests").isEqualTo(1500);
        assertThat(client.maxConnections()).as("calls in flight per connection").isEqualTo(64);
        assertThat(client.connectionRequestTimeoutMs()).isEqualTo(5000);
        assertThat(connections.byCode("default").limiter()).isNull();
    }

    @Test
    void aConnectionCanOverrideTimeoutsPoolAndRate() {
        AvataxHttpClients.Client client = clients.client("unreachable");
        assertThat(client.settings().connectTimeoutMs()).isEqualTo(700);
        assertThat(client.settings().responseTimeoutMs()).isEqualTo(900);
        assertThat(client.settings().maxConnections()).isEqualTo(3);
        assertThat(connections.byCode("unreachable").limiter()).isNotNull();
        assertThat(clients.client("default").http()).isNotSameAs(client.http());
    }

    @Test
    void theInvoicesConsumerWindowIsDerivedFromTheCallsInFlight() {
        // 64 calls in flight, 2 asynchronous consumers: 96 commands in flight, 48 each.
        assertThat(camel.resolvePropertyPlaceholders("{{tax.consumers.invoices.concurrency}}")).isEqualTo("2");
        assertThat(camel.resolvePropertyPlaceholders("{{tax.consumers.invoices.prefetch}}")).isEqualTo("48");
    }

    @Test
    void webhookReceiversHaveTheirOwnShortTimeoutClient() {
        HttpComponent client = (HttpComponent) camel.getComponent("webhooks-http");
        assertThat(client.getConnectTimeout()).isEqualTo(3000);
        assertThat(client.getResponseTimeout()).isEqualTo(10000);
        assertThat(client.getMaxTotalConnections()).isEqualTo(20);
        assertThat(client.isAutomaticRetriesDisabled()).isTrue();
    }
}
