package dev.taxbridge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.support.SuiteBroker;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A bridge whose route include pattern matches no route file does not start. */
class RoutesRequiredIntegrationTest {

    @Test
    void aPatternThatMatchesNoRouteFileStopsStartUp() throws IOException {
        SuiteBroker.prepare();
        List<String> args = testSettings();
        args.add("--server.port=0");
        args.add("--camel.main.routes-include-pattern=classpath:routes/none-*.camel.yaml");

        assertThatThrownBy(() -> new SpringApplicationBuilder(TaxBridgeApplication.class).profiles("local")
                .run(args.toArray(String[]::new)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Camel route loaded from camel.main.routes-include-pattern="
                        + "classpath:routes/none-*.camel.yaml");
    }

    /** bridge-test.properties as command-line arguments: the suite's vhost and its topology settings. */
    private static List<String> testSettings() throws IOException {
        Properties settings = new Properties();
        try (InputStream in = RoutesRequiredIntegrationTest.class.getResourceAsStream("/bridge-test.properties")) {
            settings.load(in);
        }
        List<String> args = new ArrayList<>();
        settings.remove("server.port");
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        return args;
    }
}
