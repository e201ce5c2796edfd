package dev.taxbridge.tax;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/**
 * The taxes of one fee, as published in events and estimate replies. Rates are percentages, the rates
 * actually applied; {@code exempt_amount_cents} is the part of the fee AvaTax exempted.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeeTaxes(
        String lagoId, long amountCents, long taxesAmountCents, BigDecimal taxesRate, long exemptAmountCents,
        List<TaxBreakdown> taxBreakdown) {

    public static FeeTaxes of(String lagoId, long amountCents, TaxAllocation.LineTaxes line) {
        return new FeeTaxes(lagoId, amountCents, line.cents(), line.ratePercent(), line.exemptCents(),
                line.breakdown());
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TaxBreakdown(String name, BigDecimal rate, long amountCents, String type) {
    }

    public static FeeTaxes untaxed(String lagoId, long amountCents) {
        return new FeeTaxes(lagoId, amountCents, 0, BigDecimal.ZERO, 0, List.of());
    }
}
