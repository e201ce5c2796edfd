package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
