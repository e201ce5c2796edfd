package dev.taxbridge.estimate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.tax.FeeTaxes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The estimate requests producers send on {@code tax.estimates} and the replies they get back. */
public final class EstimateModels {

    public static final String CURRENT_USAGE = "estimate.current_usage";
    public static final String ONE_OFF_INVOICE = "estimate.one_off_invoice";
    public static final String WALLET_ONGOING_BALANCE = "wallet_ongoing_balance";

    private EstimateModels() {
    }

    /**
     * {@code estimate.current_usage}, in one of two shapes. The bridge's: {@code subscription} and
     * {@code fees[]}, with {@code currency} and {@code issuing_date} (Lago's usage fields; the currency
     * falls back to the customer's). Lago's: {@code customer_usage} exactly as Lago's API returns it
     * ({@code GET /api/v1/customers/{external_customer_id}/current_usage}), with an optional
     * {@code external_subscription_id}. Both take Lago's {@code customer}, {@code purpose},
     * {@code connection} and {@code organization_id}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CurrentUsageRequest(String connection, String purpose, String currency, LocalDate issuingDate,
            String billingEntityCode, Customer customer, Subscription subscription, List<Fee> fees,
            CustomerUsage customerUsage, String externalSubscriptionId, String organizationId) {
    }

    /**
     * Lago's {@code customer_usage} (V1::Customers::UsageSerializer): only the fields read. Its
     * {@code charges_usage[]} is V1::Customers::ChargeUsageSerializer's, one entry per charge.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerUsage(LocalDate issuingDate, String currency, List<ChargeUsage> chargesUsage) {
    }

    /**
     * One charge's usage: {@code units} is a decimal string in Lago's serializer (a number is read too),
     * {@code amount_cents} an integer in the currency's minor unit.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChargeUsage(BigDecimal units, Long amountCents, String amountCurrency, ChargeRef charge,
            BillableMetricRef billableMetric) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChargeRef(String lagoId, String chargeModel, String invoiceDisplayName) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BillableMetricRef(String lagoId, String name, String code, String aggregationType) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Subscription(String externalId, String planCode, String planVersion) {
    }

    /**
     * What the usage request reads of Lago's customer beyond {@link Customer}: its currency (when the usage
     * has none) and its billing entity (Lago's customer usage names none).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CustomerCurrency(CurrencyHolder customer) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CurrencyHolder(String currency, String billingEntityCode) {
    }

    /** The reply to every estimate request; {@code error} only when {@code status} is {@code error}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EstimateReply(String status, String currency, Long taxesAmountCents, List<FeeTaxes> fees,
            boolean cached, String purpose, ReplyError error) {

        public static final String OK = "ok";
        public static final String ERROR = "error";

        public static EstimateReply ok(String currency, List<FeeTaxes> fees, boolean cached, String purpose) {
            long total = fees.stream().mapToLong(FeeTaxes::taxesAmountCents).sum();
            return new EstimateReply(OK, currency, total, fees, cached, purpose, null);
        }

        public static EstimateReply failed(TaxBridgeException failure) {
            return new EstimateReply(ERROR, null, null, null, false, null, new ReplyError(failure.errorCode().code(),
                    failure.getMessage(), failure.providerCode()));
        }

        public boolean succeeded() {
            return OK.equals(status);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplyError(String errorCode, String message, String providerCode) {
    }
}
