package dev.taxbridge.lago;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

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

    /**
     * {@code invoice_type} (Lago's {@code Invoice::INVOICE_TYPES}: subscription, add_on, credit, one_off,
     * advance_charges, progressive_billing) and {@code status} (draft, finalized, voided, failed, pending;
     * a deleted draft's webhook carries deleted) are read when present.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Invoice(
            String lagoId,
            String number,
            LocalDate issuingDate,
            String currency,
            String billingEntityCode,
            Customer customer,
            List<Fee> fees,
            String invoiceType,
            String status) {

        public Invoice(String lagoId, String number, LocalDate issuingDate, String currency, String billingEntityCode,
                Customer customer, List<Fee> fees) {
            this(lagoId, number, issuingDate, currency, billingEntityCode, customer, fees, null, null);
        }
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
            return avalaraIntegration(code -> false);
        }

        /**
         * The entry of type avalara; else the first entry without a type whose {@code integration_code} is an
         * AvaTax connection ({@code isConnection}): Lago serialized its Avalara integration customers with
         * {@code "type": null} for a while (IntegrationCustomerSerializer without an avalara case).
         */
        public Optional<IntegrationCustomer> avalaraIntegration(Predicate<String> isConnection) {
            if (integrationCustomers == null) {
                return Optional.empty();
            }
            Optional<IntegrationCustomer> typed = integrationCustomers.stream()
                    .filter(ic -> ic != null && ic.isAvalara()).findFirst();
            return typed.isPresent() ? typed : integrationCustomers.stream()
                    .filter(ic -> ic != null && ic.isUntypedLink(isConnection)).findFirst();
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

        /** No kind given, and an integration code that names an AvaTax connection. */
        public boolean isUntypedLink(Predicate<String> isConnection) {
            return isUntyped(type, integrationType) && integrationCode != null && !integrationCode.isBlank()
                    && isConnection.test(integrationCode.trim());
        }

        public static boolean isUntyped(String type, String integrationType) {
            return (type == null || type.isBlank()) && (integrationType == null || integrationType.isBlank());
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
            BigDecimal preciseCouponsAmountCents,
            Boolean payInAdvance,
            Boolean invoiceable) {

        public Fee(String lagoId, Item item, BigDecimal units, Long amountCents, Long subTotalExcludingTaxesAmountCents,
                BigDecimal preciseCouponsAmountCents) {
            this(lagoId, item, units, amountCents, subTotalExcludingTaxesAmountCents, preciseCouponsAmountCents, null,
                    null);
        }

        /**
         * A pay-in-advance fee Lago does not invoice with it (FeeSerializer {@code pay_in_advance: true},
         * {@code invoiceable: false}): taxed and recorded on its own when created ({@code fee_<lago_id>}).
         */
        public boolean recordedOnItsOwn() {
            return Boolean.TRUE.equals(payInAdvance) && Boolean.FALSE.equals(invoiceable);
        }

        /** The amount AvaTax taxes, in minor units: see {@link #taxableCents}. */
        public long taxableAmountCents() {
            return taxableCents(amountCents, subTotalExcludingTaxesAmountCents, preciseCouponsAmountCents);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(String type, String code, String name) {
    }

    /**
     * A fee's amount after its share of coupons, what Lago's own Avalara invoice payload sends
     * ({@code item_amount}: {@code fee.sub_total_excluding_taxes_amount_cents.to_i}, the model's
     * {@code amount_cents - precise_coupons_amount_cents} truncated to whole minor units):
     * {@code amount_cents - precise_coupons_amount_cents} rounded towards zero when both are given. The
     * serialized {@code sub_total_excluding_taxes_amount_cents} is that figure rounded half up, a cent more
     * for a fraction of .5 or above, so it is taken only when the precise coupon share is absent.
     */
    public static long taxableCents(Long amountCents, Long subTotalExcludingTaxesAmountCents,
            BigDecimal preciseCouponsAmountCents) {
        if (amountCents != null && (preciseCouponsAmountCents != null || subTotalExcludingTaxesAmountCents == null)) {
            BigDecimal coupons = preciseCouponsAmountCents == null ? BigDecimal.ZERO : preciseCouponsAmountCents;
            return BigDecimal.valueOf(amountCents).subtract(coupons).setScale(0, RoundingMode.DOWN).longValueExact();
        }
        return subTotalExcludingTaxesAmountCents;
    }
}
