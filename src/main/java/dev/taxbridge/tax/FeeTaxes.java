package dev.taxbridge.tax;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/**
 * The taxes of one fee, as published in events and estimate replies. Rates are percentages, the rates
 * actually applied; {@code exempt_amount_cents} is the part of the fee AvaTax exempted; {@code exemption}
 * what AvaTax applied the exemption by, only when it applied one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeeTaxes(
        String lagoId, long amountCents, long taxesAmountCents, BigDecimal taxesRate, long exemptAmountCents,
        List<TaxBreakdown> taxBreakdown, @JsonInclude(JsonInclude.Include.NON_NULL) Exemption exemption) {

    public FeeTaxes(String lagoId, long amountCents, long taxesAmountCents, BigDecimal taxesRate,
            long exemptAmountCents, List<TaxBreakdown> taxBreakdown) {
        this(lagoId, amountCents, taxesAmountCents, taxesRate, exemptAmountCents, taxBreakdown, null);
    }

    public static FeeTaxes of(String lagoId, long amountCents, TaxAllocation.LineTaxes line) {
        return new FeeTaxes(lagoId, amountCents, line.cents(), line.ratePercent(), line.exemptCents(),
                line.breakdown(), line.exemption());
    }

    /**
     * The exemption AvaTax applied to a line: its {@code entityUseCode}, {@code exemptNo} and
     * {@code exemptCertId}, each null when AvaTax names none.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Exemption(String entityUseCode, String exemptionNo, Long certificateId) {

        /** The exemption of an AvaTax line, or null when it has none (AvaTax sends "", null or a certificate 0). */
        public static Exemption of(String entityUseCode, String exemptNo, Long exemptCertId) {
            String code = entityUseCode == null || entityUseCode.isBlank() ? null : entityUseCode;
            String number = exemptNo == null || exemptNo.isBlank() ? null : exemptNo;
            Long certificate = exemptCertId == null || exemptCertId == 0 ? null : exemptCertId;
            return code == null && number == null && certificate == null ? null
                    : new Exemption(code, number, certificate);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TaxBreakdown(String name, BigDecimal rate, long amountCents, String type) {
    }

    public static FeeTaxes untaxed(String lagoId, long amountCents) {
        return new FeeTaxes(lagoId, amountCents, 0, BigDecimal.ZERO, 0, List.of());
    }
}
