package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.time.Duration;
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

    @Test
    void eachAvataxConnectionHasItsOwnClientWithDefaultsFromAvataxHttp() {
        AvataxClient client = connections.client("default");
        AvataxHttpSettings settings = client.settings();
        assertThat(settings.connectTimeoutMs()).isEqualTo(5000);
        assertThat(settings.responseTimeoutMs()).as("avatax.http.response-timeout-ms in the tests").isEqualTo(1500);
        assertThat(settings.maxConnections()).as("calls in flight per connection").isEqualTo(64);
        assertThat(settings.connectionRequestTimeoutMs()).isEqualTo(5000);
        // The pool the client was built with, not only the settings it was given.
        assertThat(client.pool().getMaxTotal()).as("pool: connections in all").isEqualTo(64);
        assertThat(client.pool().getDefaultMaxPerRoute()).as("pool: connections to AvaTax").isEqualTo(64);
        assertThat(client.limiter()).isNull();
        assertThat(connections.client("default")).as("built once").isSameAs(client);
    }

    @Test
    void theClientGivesUpOnAnAnswerAfterItsResponseTimeout() {
        String code = uniqueId("slow");
        // The simulator answers this document after 3 s; the default connection waits 1.5 s.
        simulator.faults().add(new Fault(null, null, 3000, null, null, code, null, null));
        long started = System.nanoTime();
        AvataxClient client = connections.client("default");
        assertThatThrownBy(() -> AvataxClient.await(client.send(AvataxEndpoints.getTransaction(
                client.connection().companyCode(), code, "SalesInvoice"))))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1400),
                Duration.ofMillis(2500));
    }

    @Test
    void aConnectionCanOverrideTimeoutsPoolAndRate() {
        AvataxClient client = connections.client("unreachable");
        assertThat(client.settings().connectTimeoutMs()).isEqualTo(700);
        assertThat(client.settings().responseTimeoutMs()).isEqualTo(900);
        assertThat(client.settings().maxConnections()).isEqualTo(3);
        assertThat(client.pool().getMaxTotal()).as("pool: connections in all").isEqualTo(3);
        assertThat(client.pool().getDefaultMaxPerRoute()).as("pool: connections to AvaTax").isEqualTo(3);
        assertThat(client.limiter()).isNotNull();
        assertThat(connections.client("default").pool()).isNotSameAs(client.pool());
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
