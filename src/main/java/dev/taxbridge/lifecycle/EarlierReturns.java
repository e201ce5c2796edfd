package dev.taxbridge.lifecycle;

import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.TaxAllocation;
import dev.taxbridge.tax.TaxAllocation.LineTaxes;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ReturnInvoices already recorded against one invoice have given back, per fee (line number =
 * fee lago_id), as positive minor units: the amount credited and the tax returned. A cancelled return
 * gives nothing back; the command's own document (a replay adjusting it) is left out, so a replay sees
 * what the first attempt saw. {@code reversed}: the invoice's reversal ({@code void_<lago_id>}, a void or
 * a lost dispute) is among them.
 */
public record EarlierReturns(Map<String, Given> byFee, boolean reversed, List<String> codes) {

    /** Nothing returned yet. */
    public static final EarlierReturns NONE = new EarlierReturns(Map.of(), false, List.of());

    public record Given(long amountCents, long taxCents) {

        Given plus(Given other) {
            return new Given(amountCents + other.amountCents, taxCents + other.taxCents);
        }
    }

    /**
     * @param ownCode the code of the document the command records (left out)
     * @param reversalCode the code of the invoice's reversal return
     */
    public static EarlierReturns of(FetchResult<TransactionModel> listed, String ownCode, String reversalCode) {
        if (listed == null || listed.value() == null) {
            return NONE;
        }
        Map<String, Given> byFee = new HashMap<>();
        boolean reversed = false;
        List<String> codes = new java.util.ArrayList<>();
        for (TransactionModel document : listed.value()) {
            if (document == null || document.code() == null || document.code().equals(ownCode)
                    || "Cancelled".equals(document.status()) || !ReturnInvoices.TYPE.equals(document.type())) {
                continue;
            }
            codes.add(document.code());
            reversed |= document.code().equals(reversalCode);
            Currency currency = MinorUnits.currency(document.currencyCode());
            Map<String, LineTaxes> taxes = TaxAllocation.byLine(document, currency);
            for (TransactionLineModel line : document.lines() == null ? List.<TransactionLineModel>of()
                    : document.lines()) {
                long amount = line.lineAmount() == null ? 0 : Math.abs(MinorUnits.toMinor(line.lineAmount(), currency));
                LineTaxes tax = taxes.get(line.lineNumber());
                byFee.merge(line.lineNumber(), new Given(amount, tax == null ? 0 : Math.abs(tax.cents())), Given::plus);
            }
        }
        return new EarlierReturns(Map.copyOf(byFee), reversed, List.copyOf(codes));
    }

    public Given of(String feeLagoId) {
        return byFee.getOrDefault(feeLagoId, new Given(0, 0));
    }

    public boolean any() {
        return !codes.isEmpty();
    }
}
