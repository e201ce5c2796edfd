package dev.taxbridge.money;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.math.BigDecimal;
import java.util.Currency;

/** Converts between Lago's integer minor units and AvaTax's decimal major units, per ISO 4217 currency. */
public final class MinorUnits {

    private MinorUnits() {
    }

    public static Currency currency(String code) {
        if (code == null || code.isBlank()) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "currency is missing");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "unknown currency '" + code + "'");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "currency '" + code + "' has no minor unit");
        }
        return currency;
    }

    /** 56789 USD cents → 567.89; 1000 JPY → 1000; 1234 KWD fils → 1.234. */
    public static BigDecimal toMajor(long minor, Currency currency) {
        return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits());
    }

    /** The exact amount in minor units, unrounded (AvaTax may answer with more digits than the currency has). */
    public static BigDecimal toExactMinor(BigDecimal major, Currency currency) {
        return major.movePointRight(currency.getDefaultFractionDigits());
    }

    /** Rounds a major amount to whole minor units, half away from zero as AvaTax does. */
    public static long toMinor(BigDecimal major, Currency currency) {
        return toExactMinor(major, currency).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
}
