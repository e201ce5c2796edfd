package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeEventTest {

    @ParameterizedTest(name = "event id of ({0}, {1}) is the one every earlier version published")
    @CsvSource({"msg-1, invoice.taxes_committed", "sha256:ab12, invoice.tax_provider_error", "'', x",
            "ünïcode-id, customer.tax_provider_synced"})
    void eventIdIsTheNameBasedUuidOfMessageIdAndEventName(String messageId, String name) {
        String expected = UUID.nameUUIDFromBytes((messageId + "|" + name).getBytes(StandardCharsets.UTF_8))
                .toString();

        assertThat(OutcomeEvent.eventId(messageId, name)).isEqualTo(expected);
        assertThat(OutcomeEvent.eventId(messageId, name)).as("again, on the same thread's digest").isEqualTo(expected);
    }
}
