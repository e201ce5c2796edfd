package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.yaml.snakeyaml.Yaml;

/** The simulator's rate table ({@code config/simulator-rates.yml}, {@code avatax.simulator.rates-file}). */
public record SimulatorRates(List<Jurisdiction> jurisdictions) {

    /**
     * {@code region-names}: the region spelled out, as AvaTax also takes it ("California", "Bayern"); a
     * region matches its code or one of its names, whatever the case.
     */
    public record Jurisdiction(String country, String region, List<String> regionNames, List<String> postalCodes,
            List<String> untaxedTaxCodes, List<Rate> rates) {

        boolean matches(String country, String region, String postalCode) {
            if (!this.country.equalsIgnoreCase(country)) {
                return false;
            }
            if (this.region != null && (region == null || !names(region))) {
                return false;
            }
            if (postalCodes != null && !postalCodes.isEmpty()) {
                String zip5 = postalCode == null ? "" : postalCode.trim();
                return postalCodes.stream().anyMatch(zip5::startsWith);
            }
            return true;
        }

        private boolean names(String region) {
            String trimmed = region.trim();
            return this.region.equalsIgnoreCase(trimmed)
                    || (regionNames != null && regionNames.stream().anyMatch(trimmed::equalsIgnoreCase));
        }

        boolean taxes(String taxCode) {
            return untaxedTaxCodes == null || taxCode == null
                    || untaxedTaxCodes.stream().noneMatch(code -> code.equalsIgnoreCase(taxCode));
        }
    }

    public record Rate(String jurisType, String jurisName, String taxName, BigDecimal rate) {
    }

    public Optional<Jurisdiction> find(String country, String region, String postalCode) {
        if (country == null) {
            return Optional.empty();
        }
        return jurisdictions.stream().filter(j -> j.matches(country, region, postalCode)).findFirst();
    }

    /**
     * Reads the first of the comma-separated locations that exists; the last one is read in any case,
     * so a single location that does not exist fails start-up with its name.
     */
    public static SimulatorRates load(ResourceLoader loader, String locations) throws IOException {
        List<Resource> candidates = Arrays.stream(locations.split(",")).map(String::strip)
                .filter(location -> !location.isEmpty()).map(loader::getResource).toList();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("avatax.simulator.rates-file names no location");
        }
        Resource rates = candidates.stream().filter(Resource::exists).findFirst()
                .orElse(candidates.get(candidates.size() - 1));
        try (InputStream in = rates.getInputStream()) {
            Map<String, Object> raw = new Yaml().load(in);
            ObjectMapper mapper = new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            return mapper.convertValue(raw, SimulatorRates.class);
        }
    }
}
