package dev.taxbridge.lago;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lago's objects as Lago emits them (lago-api {@code app/serializers/v1/*.rb}, snake_case). Only the
 * fields the bridge reads are named; every other field of Lago's payloads is ignored. A command body is
 * Lago's REST object ({@code {"invoice": {...}}}) or Lago's webhook body
 * ({@code {"webhook_type", "object_type", "organization_id", "invoice": {...}}}): both carry the object
 * under its own name.
 */
public final class LagoModels {

    /** {@code integration_customers[].type} of Lago's Avalara integration (IntegrationCustomerSerializer). */
    public static final String AVALARA = "avalara";

    private LagoModels() {
    }

    /**
     * {@code connection} is the bridge's own addition; {@code invoice} is Lago's InvoiceSerializer;
     * {@code organization_id} is Lago's webhook envelope's (Webhooks::BaseService), absent from REST bodies.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InvoiceCommand(String connection, Invoice invoice, String organizationId) {

        public InvoiceCommand(String connection, Invoice invoice) {
            this(connection, invoice, null);
        }
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

    /**
     * Lago's CustomerSerializer; {@code integration_customers} only where Lago includes them;
     * {@code metadata} is Lago's {@code V1::Customers::MetadataSerializer} list.
     */
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
            List<IntegrationCustomer> integrationCustomers,
            List<Metadata> metadata) {

        public Customer(String lagoId, String externalId, String name, String taxIdentificationNumber,
                String addressLine1, String addressLine2, String city, String state, String zipcode, String country,
                PostalAddress shippingAddress, List<IntegrationCustomer> integrationCustomers) {
            this(lagoId, externalId, name, taxIdentificationNumber, addressLine1, addressLine2, city, state, zipcode,
                    country, shippingAddress, integrationCustomers, null);
        }

        /** The value of the customer's metadata entry with this key (the first, if Lago holds several), if any. */
        public Optional<String> metadataValue(String key) {
            if (metadata == null || key == null) {
                return Optional.empty();
            }
            return metadata.stream().filter(entry -> entry != null && key.equals(entry.key())).findFirst()
                    .map(Metadata::value);
        }

        public PostalAddress billingAddress() {
            return new PostalAddress(addressLine1, addressLine2, city, state, zipcode, country);
        }

        /** The {@code integration_customers[]} entry of type avalara, if any; other types never count. */
        public Optional<IntegrationCustomer> avalaraIntegration() {
            if (integrationCustomers == null) {
                return Optional.empty();
            }
            return integrationCustomers.stream().filter(ic -> ic != null && ic.isAvalara()).findFirst();
        }
    }

    /** One entry of a customer's {@code metadata} (Lago's {@code V1::Customers::MetadataSerializer}): the fields read. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Metadata(String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PostalAddress(
            String addressLine1, String addressLine2, String city, String state, String zipcode, String country) {
    }

    /**
     * Lago's IntegrationCustomerSerializer names the kind {@code type}; Lago's create-customer input names
     * it {@code integration_type}. Either is read.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IntegrationCustomer(String type, String integrationType, String integrationCode,
            String externalCustomerId) {

        public boolean isAvalara() {
            return isAvalara(type, integrationType);
        }

        /** The one test of "this entry is Avalara's", for records and for JSON read without validation. */
        public static boolean isAvalara(String type, String integrationType) {
            String kind = type != null && !type.isBlank() ? type : integrationType;
            return kind != null && AVALARA.equals(kind.trim().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Lago's FeeSerializer. {@code units} and {@code precise_coupons_amount_cents} are decimal strings;
     * {@code sub_total_excluding_taxes_amount_cents} is the fee after its share of coupons, in cents.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Fee(
            String lagoId,
            Item item,
            BigDecimal units,
            Long amountCents,
            Long subTotalExcludingTaxesAmountCents,
            BigDecimal preciseCouponsAmountCents) {

        /** The amount AvaTax taxes, in minor units: see {@link #taxableCents}. */
        public long taxableAmountCents() {
            return taxableCents(amountCents, subTotalExcludingTaxesAmountCents, preciseCouponsAmountCents);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(String type, String code, String name) {
    }

    /**
     * A fee's amount after its share of coupons, what Lago's own Avalara integration sends
     * ({@code item_amount}): {@code sub_total_excluding_taxes_amount_cents}; only when Lago did not send
     * it, {@code amount_cents - precise_coupons_amount_cents} rounded half up to a whole minor unit.
     */
    public static long taxableCents(Long amountCents, Long subTotalExcludingTaxesAmountCents,
            BigDecimal preciseCouponsAmountCents) {
        if (subTotalExcludingTaxesAmountCents != null) {
            return subTotalExcludingTaxesAmountCents;
        }
        BigDecimal coupons = preciseCouponsAmountCents == null ? BigDecimal.ZERO : preciseCouponsAmountCents;
        return BigDecimal.valueOf(amountCents).subtract(coupons).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
