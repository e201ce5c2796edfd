package dev.taxbridge.estimate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.tax.FeeTaxes;
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
     * {@code estimate.current_usage}: Lago's current usage of one subscription. {@code currency} and
     * {@code issuing_date} are Lago's usage fields; the currency falls back to the customer's.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CurrentUsageRequest(String connection, String purpose, String currency, LocalDate issuingDate,
            String billingEntityCode, Customer customer, Subscription subscription, List<Fee> fees) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Subscription(String externalId, String planCode, String planVersion) {
    }

    /** Only the customer's currency, read when the usage request has no currency of its own. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CustomerCurrency(CurrencyHolder customer) {
    }

    record CurrencyHolder(String currency) {
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
