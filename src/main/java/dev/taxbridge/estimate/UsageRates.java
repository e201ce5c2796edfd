package dev.taxbridge.estimate;

import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineDetailModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.estimate.UsageKey.LinePair;
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
 */
public record UsageRates(Map<LinePair, List<JurisdictionRate>> lines) {

    public UsageRates {
        lines = Map.copyOf(lines);
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
            rates.putIfAbsent(pair, List.copyOf(details));
        }
        for (LineItemModel line : sent) {
            if (!rates.containsKey(LinePair.of(line))) {
                throw new TaxBridgeException(ErrorCode.PROVIDER_ERROR,
                        "AvaTax answered without line '" + line.number() + "' of the estimate");
            }
        }
        return new UsageRates(rates);
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
            lines.add(new TransactionLineModel(null, line.number(), line.quantity(), line.amount(), null, lineTax,
                    null, null, line.taxCode(), line.itemCode(), details, null));
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
