package dev.taxbridge.admin;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The secure defaults (docs/operations.md), on the running bridge. */
@ExtendWith(OutputCaptureExtension.class)
class SecureDefaultsIntegrationTest extends BridgeIntegrationTest {

    private static final String LICENSE_KEY = "local-simulator-license-key";
    private static final String BASIC = Base64.getEncoder()
            .encodeToString(("1100000001:" + LICENSE_KEY).getBytes(StandardCharsets.UTF_8));

    @Autowired
    LoggingSystem logging;

    @Autowired
    dev.taxbridge.avatax.ConnectionRegistry connections;

    @Test
    void healthShowsTheStatusToEverybodyAndTheDetailsOnlyWithTheAdminToken() {
        for (String caller : new String[] {null, "wrong-token"}) {
            // DOWN in the tests: the connection "unreachable" does not answer AvaTax's ping.
            HttpResponse<String> anonymous = admin().get("/actuator/health", caller);
            assertThat(anonymous.statusCode()).isEqualTo(503);
            JsonNode body = tree(anonymous.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(body.has("components")).as("components for " + caller).isFalse();
            assertThat(anonymous.body()).doesNotContain("rabbit").doesNotContain("avatax");
        }
        HttpResponse<String> operator = admin().get("/actuator/health", AdminClient.TOKEN);
        assertThat(operator.statusCode()).isEqualTo(503);
        JsonNode components = tree(operator.body()).get("components");
        assertThat(components.at("/rabbit/details/version").asText()).isNotBlank();
        assertThat(components.at("/avatax/details/default/reachable").asBoolean()).isTrue();
        assertThat(components.at("/avatax/details/unreachable/reachable").asBoolean()).isFalse();
    }

    @Test
    void theHttpClientsHeaderLogShowsNoCredentials(CapturedOutput output) {
        String headers = "org.apache.hc.client5.http.headers";
        logging.setLogLevel(headers, LogLevel.DEBUG);
        // The client decides on header logging when it opens a connection: the next call gets a new one.
        dev.taxbridge.avatax.TestConnections.closeIdleConnections(connections.client("default"));
        try {
            String id = uniqueId("inv");
            publish("invoice.draft", sampleInvoice(id), uniqueId("msg"));
            events.awaitOne("invoice.taxes_estimated", field("/invoice/lago_id", id));
        } finally {
            logging.setLogLevel(headers, null);
        }
        assertThat(output.getAll()).as("the header log was on").contains(">> Authorization: Basic ******")
                .doesNotContain(BASIC);
    }

    @Test
    void anyLoggerHasItsSecretsMasked(CapturedOutput output) {
        LoggerFactory.getLogger("some.library.nobody.reviewed").warn("connecting with key {} and token {}",
                LICENSE_KEY, AdminClient.TOKEN, new IllegalStateException("refused key " + LICENSE_KEY));
        assertThat(output.getAll()).contains("connecting with key ****** and token ******")
                .contains("refused key ******").doesNotContain(LICENSE_KEY).doesNotContain(AdminClient.TOKEN);
    }
}
