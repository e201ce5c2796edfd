package dev.taxbridge.invoice;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The Lago-shaped objects producers publish (Lago's API field names, snake_case). */
public final class LagoModels {

    private LagoModels() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InvoiceCommand(String connection, Invoice invoice) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Invoice(
            String lagoId,
            String number,
            LocalDate issuingDate,
            String currency,
            String billingEntityCode,
            Customer customer,
            List<Fee> fees) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Customer(
            String lagoId,
            String externalId,
            String name,
            String taxIdentificationNumber,
            String addressLine1,
            String addressLine2,
            String city,
            String state,
            String zipcode,
            String country,
            PostalAddress shippingAddress,
            List<IntegrationCustomer> integrationCustomers) {

        public PostalAddress billingAddress() {
            return new PostalAddress(addressLine1, addressLine2, city, state, zipcode, country);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PostalAddress(
            String addressLine1, String addressLine2, String city, String state, String zipcode, String country) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IntegrationCustomer(String integrationType, String integrationCode, String externalCustomerId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Fee(String lagoId, Item item, BigDecimal units, Long amountCents, Long couponsAmountCents) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(String type, String code, String name) {
    }
}
