package dev.taxbridge.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The id a command's log lines carry, read from the body without parsing all of it. */
class CommandOutcomesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "{\"webhook_type\": \"invoice.created\", \"organization_id\": \"o\", \"invoice\": {\"customer\": {\"lago_id\": \"c\"}, \"lago_id\": \"inv-1\"}} | inv-1",
            "{\"credit_note\": {\"items\": [{\"lago_id\": \"i\"}], \"lago_id\": \"cn-1\"}} | cn-1",
            "{\"customer\": {\"lago_id\": \"c\", \"external_id\": \"ext-9\"}, \"fee\": {\"lago_id\": \"fee-1\"}} | fee-1",
            "{\"customer\": {\"external_id\": \"ext-9\", \"name\": \"x\"}, \"sync\": {\"create_in_avalara\": true}} | ext-9",
            "{\"invoice\": {\"lago_id\": 12}} | null",
            "{\"invoice\": \"inv-1\", \"customer\": {\"external_id\": \"ext-2\"}} | ext-2",
            "[1, 2] | null",
            "{not json | null",
            "{\"customer\": {\"external_id\": \"ext-3\"}, \"broken\": | ext-3"})
    void theObjectsIdIsFoundWhereverItStands(String body, String expected) {
        assertThat(CommandOutcomes.objectId(new JsonFactory(), body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }
}
