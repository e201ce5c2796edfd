package dev.taxbridge.avatax;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tax.organizations.<organization_id>.connection}: the AvaTax connection of a Lago organization,
 * for bodies whose webhook envelope carries that {@code organization_id} (one bridge serving several
 * Lago organizations). An organization not listed goes to the default connection.
 */
@ConfigurationProperties("tax")
public record OrganizationProperties(Map<String, Organization> organizations) {

    public OrganizationProperties {
        organizations = organizations == null ? Map.of() : Map.copyOf(organizations);
    }

    public record Organization(String connection) {
    }
}
