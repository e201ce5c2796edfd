package dev.taxbridge.estimate;

import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineDetailModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.estimate.UsageKey.LinePair;
import dev.taxbridge.tax.FeeTaxes;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cached value of the usage-tax cache: per (itemCode, taxCode), the effective rate of each
 * jurisdiction AvaTax applied, with its name, type and nominal rate; a reply from the cache shows the
 * effective rate, as a reply from AvaTax shows the rate applied.
 *
 * <p>The effective rate is the nominal rate scaled by the taxable share of the line
 * ({@code rate × taxableAmount / lineAmount}), so exemptions and partly taxable lines carry over to
 * other amounts; a fully taxable line keeps its nominal rate exactly (no division, no drift at half
 * cents).
 *
 * <p>What AvaTax exempted carries over the same way: per pair, the exempt share of the line
 * ({@code exemptAmount / lineAmount}, 1 for a fully exempt line) and the exemption AvaTax named
 * ({@code entityUseCode}, {@code exemptNo}, {@code exemptCertId}), so a reply from the cache reports the
 * exempt amount and the exemption as the first reply did.
 */
public record UsageRates(Map<LinePair, List<JurisdictionRate>> lines, Map<LinePair, LineExemption> exemptions) {

    public UsageRates {
        lines = Map.copyOf(lines);
        exemptions = Map.copyOf(exemptions);
    }

    public UsageRates(Map<LinePair, List<JurisdictionRate>> lines) {
        this(lines, Map.of());
    }

    /** What AvaTax exempted of a line: the share of its amount, and the exemption's names (each may be null). */
    public record LineExemption(BigDecimal exemptShare, String entityUseCode, String exemptNo, Long exemptCertId) {
    }

    /** One jurisdiction's rates as fractions (0.065 = 6.5 %). */
    public record JurisdictionRate(String taxName, String jurisName, String jurisType, BigDecimal rate,
            BigDecimal effectiveRate) {
    }

    /** Reads the rates of an AvaTax answer; {@code sent} are the lines of the request, for their pairs. */
    public static UsageRates of(TransactionModel transaction, List<LineItemModel> sent) {
        Map<String, LinePair> pairByNumber = new HashMap<>();
        sent.forEach(line -> pairByNumber.put(line.number(), LinePair.of(line)));
        Map<LinePair, List<JurisdictionRate>> rates = new LinkedHashMap<>();
        Map<LinePair, LineExemption> exemptions = new LinkedHashMap<>();
        for (TransactionLineModel line : transaction.lines() == null ? List.<TransactionLineModel>of()
                : transaction.lines()) {
            LinePair pair = pairByNumber.get(line.lineNumber());
            if (pair == null) {
                continue;
            }
            List<JurisdictionRate> details = new ArrayList<>();
            for (TransactionLineDetailModel detail : line.details() == null ? List.<TransactionLineDetailModel>of()
                    : line.details()) {
                BigDecimal rate = detail.rate() == null ? BigDecimal.ZERO : detail.rate();
                details.add(new JurisdictionRate(detail.taxName(), detail.jurisName(), detail.jurisType(), rate,
                        effective(rate, detail.taxableAmount(), line.lineAmount())));
            }
            if (rates.putIfAbsent(pair, List.copyOf(details)) == null) {
                LineExemption exemption = exemption(line);
                if (exemption != null) {
                    exemptions.put(pair, exemption);
                }
            }
        }
        for (LineItemModel line : sent) {
            if (!rates.containsKey(LinePair.of(line))) {
                throw new TaxBridgeException(ErrorCode.PROVIDER_ERROR,
                        "AvaTax answered without line '" + line.number() + "' of the estimate");
            }
        }
        return new UsageRates(rates, exemptions);
    }

    /** Null when AvaTax exempted nothing of the line and named no exemption. */
    private static LineExemption exemption(TransactionLineModel line) {
        BigDecimal exempt = line.exemptAmount() == null ? BigDecimal.ZERO : line.exemptAmount();
        BigDecimal amount = line.lineAmount();
        BigDecimal share = exempt.signum() == 0 || amount == null || amount.signum() == 0 ? BigDecimal.ZERO
                : exempt.compareTo(amount) == 0 ? BigDecimal.ONE : exempt.divide(amount, MathContext.DECIMAL128);
        if (share.signum() == 0 && FeeTaxes.Exemption.of(line.entityUseCode(), line.exemptNo(),
                line.exemptCertId()) == null) {
            return null;
        }
        return new LineExemption(share, line.entityUseCode(), line.exemptNo(), line.exemptCertId());
    }

    /**
     * Today's taxes at these rates, as an AvaTax-shaped transaction (unrounded taxes, no total), so
     * that {@link dev.taxbridge.tax.TaxAllocation} rounds them exactly as it rounds AvaTax's answers.
     */
    public TransactionModel apply(List<LineItemModel> current) {
        List<TransactionLineModel> lines = new ArrayList<>(current.size());
        for (LineItemModel line : current) {
            List<JurisdictionRate> rates = this.lines.get(LinePair.of(line));
            if (rates == null) {
                throw new IllegalStateException("no cached rates for " + LinePair.of(line));
            }
            List<TransactionLineDetailModel> details = new ArrayList<>(rates.size());
            BigDecimal lineTax = BigDecimal.ZERO;
            for (JurisdictionRate rate : rates) {
                BigDecimal tax = line.amount().multiply(rate.effectiveRate());
                lineTax = lineTax.add(tax);
                details.add(new TransactionLineDetailModel(rate.jurisName(), rate.jurisType(), rate.effectiveRate(),
                        null, tax, null, rate.taxName(), null, null, null, null, null));
            }
            LineExemption exemption = exemptions.get(LinePair.of(line));
            lines.add(exemption == null
                    ? new TransactionLineModel(null, line.number(), line.quantity(), line.amount(), null, lineTax,
                            null, null, line.taxCode(), line.itemCode(), details, null)
                    : new TransactionLineModel(null, line.number(), line.quantity(), line.amount(), null, lineTax,
                            null, line.amount().multiply(exemption.exemptShare()), line.taxCode(), line.itemCode(),
                            details, null, exemption.entityUseCode(), exemption.exemptNo(), exemption.exemptCertId()));
        }
        return new TransactionModel(null, null, null, null, null, null, null, null, null, null, null, null, null,
                lines, null);
    }

    static BigDecimal effective(BigDecimal rate, BigDecimal taxable, BigDecimal lineAmount) {
        if (taxable == null || lineAmount == null || lineAmount.signum() == 0
                || taxable.compareTo(lineAmount) == 0) {
            return rate;
        }
        return rate.multiply(taxable).divide(lineAmount, MathContext.DECIMAL128);
    }
}
