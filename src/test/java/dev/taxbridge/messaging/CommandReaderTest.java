package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandReaderTest {

    private final CommandReader reader = new CommandReader(new ObjectMapper().findAndRegisterModules());

    @Test
    void malformedUtf8InsideAStringIsInvalidMessage() {
        byte[] prefix = "{\"invoice\": {\"lago_id\": \"a".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "b\"}}".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}}) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

            assertThatThrownBy(() -> reader.read(body, InvoiceCommand.class))
                    .isInstanceOfSatisfying(TaxBridgeException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);
                        assertThat(e.getMessage()).contains("UTF-8");
                    });
        }
    }

    @Test
    void unicodeThatIsValidUtf8IsRead() {
        byte[] body = "{\"invoice\": {\"lago_id\": \"ünïcødé 日本 😀\"}}".getBytes(StandardCharsets.UTF_8);

        assertThat(reader.read(body, InvoiceCommand.class).invoice().lagoId()).isEqualTo("ünïcødé 日本 😀");
    }
}
