package dev.taxbridge.tax;

import dev.taxbridge.avatax.AvataxModels.TransactionLineDetailModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.money.CentAllocator;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.FeeTaxes.TaxBreakdown;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an AvaTax transaction into whole-cent taxes per line: the document's total tax, rounded to
 * the currency's minor unit, is split over the lines by their exact tax (so the per-fee cents always
 * add up to the total), and each line's cents over its jurisdictions the same way.
 */
public final class TaxAllocation {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private TaxAllocation() {
    }

    /** Line number → taxes, in the transaction's line order. */
    public static Map<String, LineTaxes> byLine(TransactionModel transaction, Currency currency) {
        List<TransactionLineModel> lines = transaction.lines() == null ? List.of() : transaction.lines();
        List<BigDecimal> exact = lines.stream().map(l -> MinorUnits.toExactMinor(exactTax(l), currency)).toList();
        long total = transaction.totalTax() != null ? MinorUnits.toMinor(transaction.totalTax(), currency)
                : MinorUnits.toMinor(lines.stream().map(TaxAllocation::exactTax).reduce(BigDecimal.ZERO, BigDecimal::add),
                        currency);
        long[] cents = CentAllocator.allocate(exact, total);
        Map<String, LineTaxes> result = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            TransactionLineModel line = lines.get(i);
            result.put(line.lineNumber(), new LineTaxes(cents[i], rate(line), breakdown(line, cents[i], currency)));
        }
        return result;
    }

    public record LineTaxes(long cents, BigDecimal ratePercent, List<TaxBreakdown> breakdown) {
    }

    private static BigDecimal exactTax(TransactionLineModel line) {
        if (line.taxCalculated() != null) {
            return line.taxCalculated();
        }
        return line.tax() == null ? BigDecimal.ZERO : line.tax();
    }

    private static BigDecimal exactTax(TransactionLineDetailModel detail) {
        if (detail.taxCalculated() != null) {
            return detail.taxCalculated();
        }
        return detail.tax() == null ? BigDecimal.ZERO : detail.tax();
    }

    private static BigDecimal rate(TransactionLineModel line) {
        BigDecimal rate = BigDecimal.ZERO;
        for (TransactionLineDetailModel detail : details(line)) {
            if (detail.rate() != null) {
                rate = rate.add(detail.rate());
            }
        }
        return percent(rate);
    }

    private static List<TaxBreakdown> breakdown(TransactionLineModel line, long lineCents, Currency currency) {
        List<TransactionLineDetailModel> details = details(line);
        long[] cents = CentAllocator.allocate(
                details.stream().map(d -> MinorUnits.toExactMinor(exactTax(d), currency)).toList(), lineCents);
        List<TaxBreakdown> breakdown = new ArrayList<>(details.size());
        for (int i = 0; i < details.size(); i++) {
            TransactionLineDetailModel detail = details.get(i);
            String name = detail.taxName() != null ? detail.taxName() : detail.jurisName();
            String type = detail.jurisType() == null ? null : detail.jurisType().toLowerCase(java.util.Locale.ROOT);
            breakdown.add(new TaxBreakdown(name, percent(detail.rate() == null ? BigDecimal.ZERO : detail.rate()),
                    cents[i], type));
        }
        return breakdown;
    }

    private static List<TransactionLineDetailModel> details(TransactionLineModel line) {
        return line.details() == null ? List.of() : line.details();
    }

    private static BigDecimal percent(BigDecimal fraction) {
        BigDecimal percent = fraction.multiply(HUNDRED).stripTrailingZeros();
        return percent.scale() < 0 ? percent.setScale(0) : percent;
    }
}
