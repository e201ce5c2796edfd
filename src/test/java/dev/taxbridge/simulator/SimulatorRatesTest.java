package dev.taxbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

/** Where the rate table comes from: the first location of avatax.simulator.rates-file that exists. */
class SimulatorRatesTest {

    private static final String PACKAGED = "classpath:config/simulator-rates.yml";

    private final DefaultResourceLoader loader = new DefaultResourceLoader();

    @Test
    void theDefaultReadsThePackagedTableWhenTheWorkingDirectoryHasNone(@TempDir Path dir) throws Exception {
        SimulatorRates rates = SimulatorRates.load(loader,
                "file:" + dir.resolve("config/simulator-rates.yml") + "," + PACKAGED);

        assertThat(rates.find("US", "WA", "98110")).isPresent();
    }

    @Test
    void aTableInTheWorkingDirectoryWinsOverThePackagedOne(@TempDir Path dir) throws Exception {
        Path own = Files.createDirectories(dir.resolve("config")).resolve("simulator-rates.yml");
        Files.writeString(own, """
                jurisdictions:
                  - country: FR
                    rates:
                      - { juris-type: Country, juris-name: FRANCE, tax-name: TVA, rate: 0.2 }
                """);

        SimulatorRates rates = SimulatorRates.load(loader, "file:" + own + "," + PACKAGED);

        assertThat(rates.jurisdictions()).hasSize(1);
        assertThat(rates.find("FR", null, null)).isPresent();
        assertThat(rates.find("US", "WA", "98110")).isEmpty();
    }

    @Test
    void aLocationThatIsSetMustExist(@TempDir Path dir) {
        String missing = "file:" + dir.resolve("rates.yml");

        assertThatThrownBy(() -> SimulatorRates.load(loader, missing))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("rates.yml");
    }
}
