package dev.taxbridge.address;

import dev.taxbridge.lago.LagoModels.PostalAddress;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code tax.billing-entities.<code>.*} (the ShipFrom addresses) and {@code tax.default-billing-entity}. */
@ConfigurationProperties("tax")
public record BillingEntityProperties(Map<String, BillingEntity> billingEntities, String defaultBillingEntity) {

    public BillingEntityProperties {
        billingEntities = billingEntities == null ? Map.of() : Map.copyOf(billingEntities);
    }

    public record BillingEntity(
            String name, String addressLine1, String addressLine2, String city, String state, String zipcode,
            String country) {

        public PostalAddress address() {
            return new PostalAddress(addressLine1, addressLine2, city, state, zipcode, country);
        }
    }
}
