package dev.taxbridge.simulator;

import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code avatax.simulator.*}: the embedded AvaTax simulator of the local profile. */
@ConfigurationProperties("avatax.simulator")
public record SimulatorProperties(
        boolean enabled,
        String accountId,
        String licenseKey,
        // The first of these locations that exists: a ./config/simulator-rates.yml in the working
        // directory, else the one packaged in the jar. A location that is set must exist.
        @DefaultValue("file:config/simulator-rates.yml,classpath:config/simulator-rates.yml") String ratesFile,
        Map<String, Long> companies,
        // ListTransactionsByCompany's page size: AvaTax answers at most 1,000 records per call.
        @DefaultValue("1000") int listPageSize,
        // Customer codes with an exemption certificate on file: AvaTax exempts their lines.
        Set<String> exemptCustomers) {

    public SimulatorProperties {
        companies = companies == null ? Map.of() : Map.copyOf(companies);
        exemptCustomers = exemptCustomers == null ? Set.of() : Set.copyOf(exemptCustomers);
    }

    @Override
    public String toString() {
        return "SimulatorProperties[enabled=" + enabled + ", accountId=" + accountId + ", licenseKey=******]";
    }
}
