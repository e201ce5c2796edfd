package dev.taxbridge.lago;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void exactKeyIsFound() {
        assertThat(ConfigKeys.lookup(Map.of("api_calls", "exact"), "api_calls")).isEqualTo("exact");
    }

    @Test
    void exactKeyWinsOverAFoldedMatch() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("apicalls", "folded");
        map.put("api_calls", "exact");

        assertThat(ConfigKeys.lookup(map, "api_calls")).isEqualTo("exact");
    }

    @Test
    void underscoreDroppedByRelaxedBindingStillMatchesLagoCode() {
        assertThat(ConfigKeys.lookup(Map.of("apicalls", "v"), "api_calls")).isEqualTo("v");
    }

    @Test
    void upperCaseLagoCodeMatchesLowerCaseEnvironmentKey() {
        assertThat(ConfigKeys.lookup(Map.of("apicalls", "v"), "API_Calls")).isEqualTo("v");
    }

    @Test
    void bracketedConfigKeyKeepingUnderscoreMatchesFoldedLagoCode() {
        assertThat(ConfigKeys.lookup(Map.of("api_calls", "v"), "apicalls")).isEqualTo("v");
    }

    @Test
    void hyphenAndDotAreKeptWhenFolding() {
        assertThat(ConfigKeys.fold("Api-Calls.v2_X")).isEqualTo("api-calls.v2x");
        assertThat(ConfigKeys.lookup(Map.of("api-calls", "v"), "apicalls")).isNull();
    }

    @Test
    void differentCodeIsNotFound() {
        assertThat(ConfigKeys.lookup(Map.of("storage", "v"), "api_calls")).isNull();
    }

    @Test
    void nullKeyAndEmptyMapGiveNull() {
        assertThat(ConfigKeys.lookup(Map.of("a", "v"), null)).isNull();
        assertThat(ConfigKeys.lookup(Map.<String, String>of(), "a")).isNull();
    }
}
