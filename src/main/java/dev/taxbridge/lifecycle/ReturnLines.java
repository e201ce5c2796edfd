package dev.taxbridge.lifecycle;

import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.AvataxModels.LineTaxOverride;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.TaxAllocation.LineTaxes;
import dev.taxbridge.tax.TaxAllocation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of a ReturnInvoice, built from the committed original: per credited fee a line with the
 * original's tax code and item code, a negative amount, a positive quantity, and a TaxAmount override
 * that returns the tax charged on that fee (all of it for a full credit, its share, rounded towards
 * zero, for a partial one), so the tax returned for a fee never exceeds the tax charged on it.
 */
public final class ReturnLines {

    public static final String TAX_AMOUNT = "TaxAmount";
    /**
     * A credit that exceeds what is left of a fee by at most this many minor units is what is left: Lago's
     * credit-note payload rounds an item's share ({@code .round}) where its invoice payload truncated the
     * fee's amount ({@code .to_i}), so a fee credited in full can come a minor unit above its invoiced line.
     */
    static final long ROUNDING_SLACK = 1;

    private ReturnLines() {
    }

    /** A credited fee: the fee's lago_id (the original line number) and the amount credited, in minor units. */
    public record Credit(String feeLagoId, long amountCents, String description) {
    }

    /** Every line of the original, credited in full: the return negates the whole invoice. */
    public static List<LineItemModel> negateAll(TransactionModel original, Currency currency, String reason) {
        return negateRemainder(original, currency, EarlierReturns.NONE, reason);
    }

    /** {@link #credit(TransactionModel, Currency, List, EarlierReturns, String)} with nothing returned before. */
    public static List<LineItemModel> credit(TransactionModel original, Currency currency, List<Credit> credits,
            String reason) {
        return credit(original, currency, credits, EarlierReturns.NONE, reason);
    }

    /**
     * What is left of every line of the original once earlier returns are taken off, credited in full: the
     * return that reverses the rest of the invoice.
     */
    public static List<LineItemModel> negateRemainder(TransactionModel original, Currency currency,
            EarlierReturns earlier, String reason) {
        List<Credit> credits = new ArrayList<>();
        for (TransactionLineModel line : lines(original)) {
            credits.add(new Credit(line.lineNumber(), Math.max(0, chargedCents(line, currency)
                    - earlier.of(line.lineNumber()).amountCents()), null));
        }
        return credit(original, currency, credits, earlier, reason);
    }

    /**
     * One line per credited fee that the original taxed; a fee the original has no line for (a credit,
     * never sent) is skipped. Items of the same fee are added up before the cap applies: the credit may not
     * exceed what the fee was invoiced for less what earlier returns credited, and the tax returned never
     * exceeds what is left of the tax charged on it.
     */
    public static List<LineItemModel> credit(TransactionModel original, Currency currency, List<Credit> credits,
            EarlierReturns earlier, String reason) {
        Map<String, TransactionLineModel> byNumber = new LinkedHashMap<>();
        lines(original).forEach(line -> byNumber.put(line.lineNumber(), line));
        Map<String, LineTaxes> charged = TaxAllocation.byLine(original, currency);

        Map<String, Credit> perFee = new LinkedHashMap<>();
        for (Credit credit : credits) {
            if (credit.amountCents() < 0) {
                throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the credit of fee '" + credit.feeLagoId()
                        + "' is negative");
            }
            perFee.merge(credit.feeLagoId(), credit, (a, b) -> new Credit(a.feeLagoId(),
                    a.amountCents() + b.amountCents(), a.description() != null ? a.description() : b.description()));
        }
        List<LineItemModel> lines = new ArrayList<>();
        for (Credit credit : perFee.values()) {
            TransactionLineModel line = byNumber.get(credit.feeLagoId());
            if (line == null || credit.amountCents() == 0) {
                continue;
            }
            long chargedAmount = chargedCents(line, currency);
            long chargedTax = charged.get(credit.feeLagoId()).cents();
            EarlierReturns.Given given = earlier.of(credit.feeLagoId());
            long leftAmount = chargedAmount - given.amountCents();
            long leftTax = Math.max(0, chargedTax - given.taxCents());
            if (credit.amountCents() > leftAmount && credit.amountCents() - leftAmount <= ROUNDING_SLACK) {
                // Lago rounds a credited share half up but truncates the fee's amount on the invoice: the
                // cent between the two is what is left, not a credit beyond it.
                credit = new Credit(credit.feeLagoId(), leftAmount, credit.description());
            }
            if (credit.amountCents() > leftAmount) {
                throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the credit of fee '" + credit.feeLagoId()
                        + "' (" + credit.amountCents() + ") is more than the " + leftAmount + " left of the "
                        + chargedAmount + " it was invoiced for (" + given.amountCents()
                        + " credited by earlier credit notes)");
            }
            long tax = credit.amountCents() == leftAmount ? leftTax
                    : Math.min(leftTax, returnedTax(chargedTax, chargedAmount, credit.amountCents()));
            boolean full = credit.amountCents() == chargedAmount;
            if (credit.amountCents() == 0) {
                continue;
            }
            lines.add(new LineItemModel(line.lineNumber(), full ? quantity(line.quantity()) : BigDecimal.ONE,
                    MinorUnits.toMajor(-credit.amountCents(), currency), line.taxCode(), line.itemCode(),
                    credit.description(),
                    new LineTaxOverride(TAX_AMOUNT, MinorUnits.toMajor(-tax, currency), reason)));
        }
        return lines;
    }

    /**
     * The tax returned when {@code credited} of {@code chargedAmount} is credited: the share of the tax
     * charged, rounded towards zero, so that successive partial credits never return more than was charged.
     */
    static long returnedTax(long chargedTax, long chargedAmount, long credited) {
        if (credited == chargedAmount) {
            return chargedTax;
        }
        if (chargedAmount == 0) {
            return 0;
        }
        return BigDecimal.valueOf(chargedTax).multiply(BigDecimal.valueOf(credited))
                .divide(BigDecimal.valueOf(chargedAmount), 0, RoundingMode.DOWN).longValueExact();
    }

    private static long chargedCents(TransactionLineModel line, Currency currency) {
        return line.lineAmount() == null ? 0 : MinorUnits.toMinor(line.lineAmount(), currency);
    }

    private static BigDecimal quantity(BigDecimal quantity) {
        return quantity == null || quantity.signum() == 0 ? BigDecimal.ONE : quantity.abs();
    }

    private static List<TransactionLineModel> lines(TransactionModel original) {
        return original.lines() == null ? List.of() : original.lines();
    }
}
