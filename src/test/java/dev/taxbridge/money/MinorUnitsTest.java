package dev.taxbridge.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MinorUnitsTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency KWD = Currency.getInstance("KWD");

    @ParameterizedTest(name = "{0} has {1} minor digits")
    @CsvSource({"USD, 2", "EUR, 2", "JPY, 0", "KWD, 3", "BHD, 3"})
    void currencyKnowsItsMinorDigits(String code, int digits) {
        assertThat(MinorUnits.currency(code).getDefaultFractionDigits()).isEqualTo(digits);
    }

    @Test
    void currencyCodeInLowerCaseWithSpacesIsNormalized() {
        assertThat(MinorUnits.currency(" usd ")).isEqualTo(USD);
    }

    @ParameterizedTest(name = "unknown currency \"{0}\"")
    @ValueSource(strings = {"ZZZ", "US", "DOLLAR", "U$D"})
    void unknownCurrencyIsInvalidMessage(String code) {
        assertThatThrownBy(() -> MinorUnits.currency(code))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("unknown currency");
    }

    @ParameterizedTest(name = "currency without minor unit \"{0}\"")
    @ValueSource(strings = {"XXX", "XAU", "XDR"})
    void currencyWithoutMinorUnitIsInvalidMessage(String code) {
        assertThatThrownBy(() -> MinorUnits.currency(code))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("no minor unit");
    }

    @ParameterizedTest(name = "missing currency \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingCurrencyIsInvalidMessage(String code) {
        assertThatThrownBy(() -> MinorUnits.currency(code))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("missing");
    }

    @Test
    void toMajorUsdCentsHaveTwoDecimals() {
        assertThat(MinorUnits.toMajor(56789, USD)).isEqualTo(new BigDecimal("567.89"));
    }

    @Test
    void toMajorJpyHasNoDecimals() {
        assertThat(MinorUnits.toMajor(1000, JPY)).isEqualTo(new BigDecimal("1000"));
    }

    @Test
    void toMajorKwdFilsHaveThreeDecimals() {
        assertThat(MinorUnits.toMajor(1234, KWD)).isEqualTo(new BigDecimal("1.234"));
    }

    @Test
    void toMajorNegativeAndZeroAmountsKeepScale() {
        assertThat(MinorUnits.toMajor(-5, USD)).isEqualTo(new BigDecimal("-0.05"));
        assertThat(MinorUnits.toMajor(0, USD)).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void toExactMinorKeepsExtraDigitsUnrounded() {
        assertThat(MinorUnits.toExactMinor(new BigDecimal("0.335"), USD)).isEqualByComparingTo("33.5");
        assertThat(MinorUnits.toExactMinor(new BigDecimal("12.3456"), KWD)).isEqualByComparingTo("12345.6");
        assertThat(MinorUnits.toExactMinor(new BigDecimal("7.5"), JPY)).isEqualByComparingTo("7.5");
    }

    @ParameterizedTest(name = "{0} {1} -> {2} minor")
    @CsvSource({
            "USD, 0.335, 34",
            "USD, 0.334999, 33",
            "USD, 0.005, 1",
            "USD, 0.0049, 0",
            "USD, 1.01, 101",
            "JPY, 7.5, 8",
            "JPY, 7.49, 7",
            "KWD, 1.2345, 1235",
            "KWD, 1.2344, 1234"})
    void toMinorRoundsHalfUp(String currency, String major, long minor) {
        assertThat(MinorUnits.toMinor(new BigDecimal(major), Currency.getInstance(currency))).isEqualTo(minor);
    }

    @ParameterizedTest(name = "negative {0} {1} -> {2} minor (half away from zero)")
    @CsvSource({
            "USD, -0.335, -34",
            "USD, -0.005, -1",
            "USD, -0.0049, 0",
            "JPY, -7.5, -8",
            "KWD, -1.2345, -1235"})
    void toMinorRoundsNegativeHalfAwayFromZero(String currency, String major, long minor) {
        assertThat(MinorUnits.toMinor(new BigDecimal(major), Currency.getInstance(currency))).isEqualTo(minor);
    }

    @Test
    void toMinorRoundTripsToMajor() {
        for (long minor : new long[] {0, 1, -1, 99, 100, 123456789}) {
            assertThat(MinorUnits.toMinor(MinorUnits.toMajor(minor, KWD), KWD)).isEqualTo(minor);
            assertThat(MinorUnits.toMinor(MinorUnits.toMajor(minor, USD), USD)).isEqualTo(minor);
        }
    }
}
