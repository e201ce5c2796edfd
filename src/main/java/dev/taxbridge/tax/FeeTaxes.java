package dev.taxbridge.tax;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** The taxes of one fee, as published in events and estimate replies. Rates are percentages. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeeTaxes(
        String lagoId, long amountCents, long taxesAmountCents, BigDecimal taxesRate, List<TaxBreakdown> taxBreakdown) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TaxBreakdown(String name, BigDecimal rate, long amountCents, String type) {
    }

    public static FeeTaxes untaxed(String lagoId, long amountCents) {
        return new FeeTaxes(lagoId, amountCents, 0, BigDecimal.ZERO, List.of());
    }
}
