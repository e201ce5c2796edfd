package dev.taxbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** Every console line is masked, as text and as Boot's structured JSON (logging.structured.format.console). */
class MaskingConsoleEncoderTest {

    @ParameterizedTest(name = "format \"{0}\"")
    @ValueSource(strings = {"", "ecs", "logstash"})
    void aSecretInALogLineIsMaskedInEveryFormat(String format) {
        LogMasking.register(List.of("console-encoder-secret-4f1a"));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putObject(Environment.class.getName(), new MockEnvironment().withProperty("spring.application.name", "t"));
        MaskingConsoleEncoder encoder = new MaskingConsoleEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger %msg%n");
        encoder.setStructuredFormat(format);
        encoder.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("dev.taxbridge.Test"), Level.INFO,
                "calling with console-encoder-secret-4f1a and Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", null, null);

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).contains("calling with").doesNotContain("console-encoder-secret-4f1a")
                .doesNotContain("QWxhZGRpbjpvcGVuIHNlc2FtZQ==").contains(LogMasking.MASK);
        if (!format.isEmpty()) {
            assertThat(line).startsWith("{");
        }
    }
}
