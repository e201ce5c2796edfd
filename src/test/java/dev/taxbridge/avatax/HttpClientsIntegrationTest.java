package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.support.BridgeIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The HTTP clients end up with the settings the bridge gives them (camel-http-starter's customizer
 * would otherwise overwrite them with 3-minute timeouts, 200 connections and HttpClient's own retries).
 */
class HttpClientsIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ConnectionRegistry connections;

    @Test
    void eachAvataxConnectionHasItsOwnClientWithDefaultsFromAvataxHttp() {
        HttpComponent client = (HttpComponent) camel.getComponent("avatax-default");
        assertThat(client.getConnectTimeout()).isEqualTo(5000);
        assertThat(client.getResponseTimeout()).as("avatax.http.response-timeout-ms in the tests").isEqualTo(1500);
        assertThat(client.getMaxTotalConnections()).isEqualTo(64);
        assertThat(client.isAutomaticRetriesDisabled()).as("one retry layer").isTrue();
        assertThat(client.isCookieManagementDisabled()).isTrue();
        assertThat(connections.byCode("default").endpoint()).startsWith("avatax-default://");
        assertThat(connections.byCode("default").limiter()).isNull();
    }

    @Test
    void aConnectionCanOverrideTimeoutsPoolAndRate() {
        HttpComponent client = (HttpComponent) camel.getComponent("avatax-unreachable");
        assertThat(client.getConnectTimeout()).isEqualTo(700);
        assertThat(client.getResponseTimeout()).isEqualTo(900);
        assertThat(client.getMaxTotalConnections()).isEqualTo(3);
        assertThat(client.getConnectionsPerRoute()).isEqualTo(3);
        assertThat(client.isAutomaticRetriesDisabled()).isTrue();
        assertThat(connections.byCode("unreachable").limiter()).isNotNull();
        assertThat(camel.getComponent("avatax-default")).isNotSameAs(client);
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
