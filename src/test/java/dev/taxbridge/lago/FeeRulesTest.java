package dev.taxbridge.lago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoModels.Item;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeeRulesTest {

    private static Fee fee(String units, Long amountCents, Long subTotal, String preciseCoupons) {
        return new Fee("fee_1", new Item("charge", "api_calls", "API calls"), units == null ? null
                : new BigDecimal(units), amountCents, subTotal, preciseCoupons == null ? null
                : new BigDecimal(preciseCoupons));
    }

    // --- the amount AvaTax taxes ------------------------------------------------------------------

    @Test
    void taxedAmountIsLagosSubTotalAfterCouponsWhenPresent() {
        assertThat(fee("1", 10_000L, 9_000L, "1000.0").taxableAmountCents()).isEqualTo(9_000);
    }

    @Test
    void thePreciseCouponShareWinsOverTheSerializedSubTotal() {
        // Lago's Avalara payload computes amount_cents - precise_coupons_amount_cents itself.
        assertThat(fee("1", 10_000L, 9_000L, "2500.0").taxableAmountCents()).isEqualTo(7_500);
    }

    @Test
    void aHalfCentIsDroppedAsLagosAvalaraPayloadDropsItWhereTheSerializerRoundsItUp() {
        // FeeSerializer: (1000 - 0.5).round = 1000; Avalara payload: (1000 - 0.5).to_i = 999.
        assertThat(fee("1", 1_000L, 1_000L, "0.5").taxableAmountCents()).isEqualTo(999);
    }

    @Test
    void withoutThePreciseCouponShareTheSerializedSubTotalIsTaxed() {
        assertThat(fee("1", 10_000L, 9_000L, null).taxableAmountCents()).isEqualTo(9_000);
    }

    @Test
    void withoutSubTotalTheAmountLessPreciseCouponsIsTaxed() {
        assertThat(fee("1", 10_000L, null, "2500.0").taxableAmountCents()).isEqualTo(7_500);
    }

    @ParameterizedTest(name = "amount 1000 less precise coupons {0} = {1}")
    @CsvSource({"333.3333, 666", "333.5, 666", "333.4999, 666", "332.5, 667", "0.5, 999", "0.4, 999", "0, 1000",
            "1000, 0"})
    void amountLessPreciseCouponsIsTruncatedToAWholeMinorUnitAsLagosAvalaraPayloadDoes(String coupons, long expected) {
        assertThat(fee("1", 1_000L, null, coupons).taxableAmountCents()).isEqualTo(expected);
    }

    @Test
    void withoutSubTotalOrCouponsTheAmountIsTaxed() {
        assertThat(fee("1", 10_000L, null, null).taxableAmountCents()).isEqualTo(10_000);
        assertThat(fee("1", 0L, null, null).taxableAmountCents()).isZero();
    }

    // --- values Lago never emits --------------------------------------------------------------------

    @Test
    void negativeUnitsAreInvalidMessage() {
        assertInvalid(fee("-3", 100L, null, null), "invoice.fees[0].units");
    }

    @Test
    void negativeAmountIsInvalidMessage() {
        assertInvalid(fee("1", -100L, null, null), "invoice.fees[0].amount_cents");
    }

    @Test
    void negativeSubTotalIsInvalidMessage() {
        assertInvalid(fee("1", 100L, -1L, null), "invoice.fees[0].sub_total_excluding_taxes_amount_cents");
    }

    @ParameterizedTest(name = "precise coupons {0} on a 100-cent fee are invalid")
    @ValueSource(strings = {"-0.01", "100.01", "1E+30"})
    void couponsOutsideTheFeeAreInvalidMessage(String coupons) {
        assertInvalid(fee("1", 100L, null, coupons), "invoice.fees[0].precise_coupons_amount_cents");
    }

    @Test
    void lagosOwnValuesPass() {
        Fee fee = fee("0.32", 10_000L, 9_000L, "1000.0");

        assertThat(FeeRules.requireValid(fee, "invoice.fees[0]")).isSameAs(fee);
        assertThat(FeeRules.requireValid(fee("0.0", 0L, 0L, "0.0"), "f")).isNotNull();
    }

    @Test
    void missingAmountNamesTheField() {
        assertInvalid(fee("1", null, null, null), "invoice.fees[0].amount_cents");
    }

    private static void assertInvalid(Fee fee, String field) {
        assertThatThrownBy(() -> FeeRules.requireValid(fee, "invoice.fees[0]"))
                .isInstanceOfSatisfying(TaxBridgeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);
                    assertThat(e.getMessage()).contains("'" + field + "'");
                });
    }

    // --- quantity -----------------------------------------------------------------------------------

    @Test
    void absentUnitsGiveQuantityOne() {
        assertThat(FeeRules.quantity(null)).isEqualTo(BigDecimal.ONE);
    }

    @ParameterizedTest(name = "zero units \"{0}\" give quantity 1")
    @ValueSource(strings = {"0", "0.0", "0.000", "-0.00"})
    void zeroUnitsGiveQuantityOne(String units) {
        assertThat(FeeRules.quantity(new BigDecimal(units))).isEqualTo(BigDecimal.ONE);
    }

    @ParameterizedTest(name = "units \"{0}\" -> quantity {1}")
    @CsvSource({
            "10.0, 10",
            "10, 10",
            "100, 100",
            "1000.000, 1000",
            "1E+3, 1000",
            "2.50, 2.5",
            "0.32, 0.32",
            "0.0001, 0.0001",
            "12345.67890, 12345.6789"})
    void quantityHasNoTrailingZerosAndNoExponentNotation(String units, String expected) {
        BigDecimal quantity = FeeRules.quantity(new BigDecimal(units));

        assertThat(quantity.toString()).isEqualTo(expected);
        assertThat(quantity.toPlainString()).isEqualTo(expected);
    }
}
