package dev.taxbridge.tax;

import dev.taxbridge.avatax.AvataxModels.TransactionLineDetailModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.money.CentAllocator;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.FeeTaxes.TaxBreakdown;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an AvaTax transaction into whole-cent taxes per line: the document's total tax, rounded to
 * the currency's minor unit, is split over the lines by their exact tax (so the per-fee cents always
 * add up to the total), and each line's cents over its jurisdictions the same way.
 *
 * <p>The exact tax of a line or detail is what AvaTax calculated ({@code taxCalculated}, unrounded),
 * except on a line with a {@code TaxAmount} override: AvaTax records the override in {@code tax} and keeps
 * the un-overridden figure in {@code taxCalculated}, so there the recorded {@code tax} counts.
 *
 * <p>Rates are the rates actually applied: a jurisdiction that charged no tax (an exempt customer, a
 * non-taxable code) has rate 0 whatever its nominal {@code rate}; one that exempted part of the line has
 * its nominal rate scaled by the taxable share.
 */
public final class TaxAllocation {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final String TAX_AMOUNT_OVERRIDE = "TaxAmount";
    /** A percentage keeps at most this many decimals (a scaled rate can be a repeating decimal). */
    private static final int PERCENT_SCALE = 6;

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
            List<TaxBreakdown> breakdown = breakdown(line, cents[i], currency);
            BigDecimal rate = breakdown.stream().map(TaxBreakdown::rate).reduce(BigDecimal.ZERO, BigDecimal::add);
            long exempt = line.exemptAmount() == null ? 0 : MinorUnits.toMinor(line.exemptAmount(), currency);
            result.put(line.lineNumber(), new LineTaxes(cents[i], tidy(rate), breakdown, exempt,
                    FeeTaxes.Exemption.of(line.entityUseCode(), line.exemptNo(), line.exemptCertId())));
        }
        return result;
    }

    /**
     * A line's taxes: cents and breakdown follow the sign of the document; {@code exemptCents} is the
     * amount AvaTax exempted ({@code exemptAmount}); {@code exemption} what it exempted it by, or null.
     */
    public record LineTaxes(long cents, BigDecimal ratePercent, List<TaxBreakdown> breakdown, long exemptCents,
            FeeTaxes.Exemption exemption) {
    }

    private static boolean taxAmountOverride(TransactionLineModel line) {
        return TAX_AMOUNT_OVERRIDE.equalsIgnoreCase(line.taxOverrideType());
    }

    private static BigDecimal exactTax(TransactionLineModel line) {
        return exact(line.tax(), line.taxCalculated(), taxAmountOverride(line));
    }

    private static BigDecimal exactTax(TransactionLineDetailModel detail, boolean overridden) {
        return exact(detail.tax(), detail.taxCalculated(), overridden);
    }

    private static BigDecimal exact(BigDecimal tax, BigDecimal taxCalculated, boolean overridden) {
        BigDecimal first = overridden ? tax : taxCalculated;
        BigDecimal second = overridden ? taxCalculated : tax;
        if (first != null) {
            return first;
        }
        return second == null ? BigDecimal.ZERO : second;
    }

    private static List<TaxBreakdown> breakdown(TransactionLineModel line, long lineCents, Currency currency) {
        List<TransactionLineDetailModel> details = line.details() == null ? List.of() : line.details();
        boolean overridden = taxAmountOverride(line);
        long[] cents = CentAllocator.allocate(details.stream()
                .map(d -> MinorUnits.toExactMinor(exactTax(d, overridden), currency)).toList(), lineCents);
        List<TaxBreakdown> breakdown = new ArrayList<>(details.size());
        for (int i = 0; i < details.size(); i++) {
            TransactionLineDetailModel detail = details.get(i);
            String name = detail.taxName() != null ? detail.taxName() : detail.jurisName();
            String type = detail.jurisType() == null ? null : detail.jurisType().toLowerCase(Locale.ROOT);
            BigDecimal rate = appliedRate(detail, exactTax(detail, overridden), line.lineAmount());
            breakdown.add(new TaxBreakdown(name, percent(rate), cents[i], type));
        }
        return breakdown;
    }

    /**
     * The rate the jurisdiction applied: 0 when it charged nothing; the nominal rate scaled by the taxable
     * share when it taxed only part of the line (the rest exempt or not taxable); else the nominal rate
     * exactly. The share is of the detail's own base ({@code taxableAmount + exemptAmount +
     * nonTaxableAmount}) when AvaTax names what it left out, else of the line's amount.
     */
    static BigDecimal appliedRate(TransactionLineDetailModel detail, BigDecimal exactTax, BigDecimal lineAmount) {
        BigDecimal rate = detail.rate() == null ? BigDecimal.ZERO : detail.rate();
        if (exactTax.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal taxable = detail.taxableAmount();
        if (taxable == null) {
            return rate;
        }
        BigDecimal untaxed = orZero(detail.exemptAmount()).add(orZero(detail.nonTaxableAmount()));
        BigDecimal base = untaxed.signum() != 0 ? taxable.add(untaxed) : lineAmount;
        if (base == null || base.signum() == 0 || taxable.compareTo(base) == 0) {
            return rate;
        }
        return rate.multiply(taxable).divide(base, MathContext.DECIMAL64);
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static BigDecimal percent(BigDecimal fraction) {
        return tidy(fraction.multiply(HUNDRED).setScale(PERCENT_SCALE, RoundingMode.HALF_UP));
    }

    private static BigDecimal tidy(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
