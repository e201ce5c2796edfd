package dev.taxbridge.mapping;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/** {@code tax.mappings.<connection>.default.*} and {@code tax.mappings.<connection>.billing-entities.<entity>.*}. */
@ConfigurationProperties("tax")
public record MappingProperties(Map<String, ConnectionMappings> mappings) {

    public MappingProperties {
        mappings = mappings == null ? Map.of() : Map.copyOf(mappings);
    }

    public record ConnectionMappings(@Name("default") MappingSet defaults, Map<String, MappingSet> billingEntities) {

        public ConnectionMappings {
            billingEntities = billingEntities == null ? Map.of() : Map.copyOf(billingEntities);
        }
    }
}
