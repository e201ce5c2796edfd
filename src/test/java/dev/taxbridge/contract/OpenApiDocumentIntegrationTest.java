package dev.taxbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json is what the bridge serves at /v3/api-docs (springdoc), and only the operator gets it.
 * After a change to the HTTP API, {@code -Dopenapi.write=true} writes the served document to the file.
 */
class OpenApiDocumentIntegrationTest extends BridgeIntegrationTest {

    private static final Path COMMITTED = Path.of("docs", "openapi.json");

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        HttpResponse<String> served = admin().get("/v3/api-docs", AdminClient.TOKEN);
        assertThat(served.statusCode()).isEqualTo(200);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        JsonNode document = json.readTree(served.body());
        String pretty = json.writeValueAsString(json.treeToValue(document, Object.class)) + "\n";
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, pretty);
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi.served.json"), pretty);
        assertThat(json.readTree(COMMITTED.toFile()))
                .as("the served /v3/api-docs (target/openapi.served.json) differs from %s: after a change to the HTTP API "
                        + "run this test with -Dopenapi.write=true and commit the file", COMMITTED)
                .isEqualTo(document);
        assertThat(document.at("/paths").fieldNames()).toIterable()
                .contains("/admin/dead-letters", "/admin/overview", "/admin/reconciliation", "/admin/usage-cache",
                        "/v1/estimates/{kind}")
                .noneMatch(path -> path.startsWith("/avatax-sim"));
    }

    @Test
    void theDocumentIsTheOperatorsOnly() {
        assertThat(admin().get("/v3/api-docs", null).statusCode()).isEqualTo(401);
        assertThat(admin().get("/v3/api-docs", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(admin().get("/v3/api-docs/swagger-config", null).statusCode()).isEqualTo(401);
    }
}
