package dev.taxbridge.lago;

import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Fee;
import java.math.BigDecimal;

/**
 * What every command checks of a Lago fee before it reaches AvaTax. Values Lago never emits (a negative
 * amount or quantity, coupons larger than the fee) are {@code invalid_message}: AvaTax would reject some
 * and silently accept others (a negative amount on a SalesInvoice is a refund).
 */
public final class FeeRules {

    private static final BigDecimal MAX_CENTS = BigDecimal.valueOf(Long.MAX_VALUE / 2);

    private FeeRules() {
    }

    /** A fee of an invoice, credit note or pay-in-advance command: everything must be as Lago emits it. */
    public static Fee requireValid(Fee fee, String field) {
        requireReadable(fee, field);
        long amount = fee.amountCents();
        if (amount < 0) {
            throw invalid(field + ".amount_cents", "is negative (" + amount + "); Lago's fees are never negative");
        }
        Long subTotal = fee.subTotalExcludingTaxesAmountCents();
        if (subTotal != null && subTotal < 0) {
            throw invalid(field + ".sub_total_excluding_taxes_amount_cents", "is negative (" + subTotal + ")");
        }
        BigDecimal coupons = fee.preciseCouponsAmountCents();
        if (coupons != null && (coupons.signum() < 0 || coupons.compareTo(BigDecimal.valueOf(amount)) > 0)) {
            throw invalid(field + ".precise_coupons_amount_cents", "(" + coupons.toPlainString()
                    + ") is not between 0 and the fee's amount_cents (" + amount + ")");
        }
        return fee;
    }

    /**
     * A fee of an estimate: its amount may be anything (only fees with a positive amount are sent, the
     * others are answered untaxed), but what is read must be there and a quantity is never negative.
     */
    public static Fee requireReadable(Fee fee, String field) {
        require(fee, field);
        require(fee.item(), field + ".item");
        require(fee.item().type(), field + ".item.type");
        require(fee.amountCents(), field + ".amount_cents");
        if (fee.units() != null && fee.units().signum() < 0) {
            throw invalid(field + ".units", "is negative (" + fee.units().toPlainString()
                    + "); AvaTax needs a positive quantity");
        }
        BigDecimal coupons = fee.preciseCouponsAmountCents();
        if (coupons != null && coupons.abs().compareTo(MAX_CENTS) > 0) {
            throw invalid(field + ".precise_coupons_amount_cents", "(" + coupons.toPlainString() + ") is out of range");
        }
        return fee;
    }

    /** AvaTax assumes 1 when quantity is absent; Lago sends 0 units for some flat fees. */
    public static BigDecimal quantity(BigDecimal units) {
        if (units == null || units.signum() == 0) {
            return BigDecimal.ONE;
        }
        BigDecimal quantity = units.stripTrailingZeros();
        return quantity.scale() < 0 ? quantity.setScale(0) : quantity;
    }

    private static TaxBridgeException invalid(String field, String why) {
        return new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "field '" + field + "' " + why);
    }
}
