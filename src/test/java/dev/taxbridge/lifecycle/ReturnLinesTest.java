package dev.taxbridge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineDetailModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lifecycle.ReturnLines.Credit;
import dev.taxbridge.tax.TaxAllocation;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReturnLinesTest {

    private static final Currency USD = Currency.getInstance("USD");

    /** Three 0.50 lines at 9 %: 0.045 each, total rounded once to 0.14 → charged 5, 5, 4 cents. */
    private static final TransactionModel THREE_HALF_CENTS = original("USD", "0.14",
            line("f1", "1", "0.50", "0.045"), line("f2", "1", "0.50", "0.045"), line("f3", "3", "0.50", "0.045"));

    @Test
    void fullCreditReturnsExactlyTheTaxChargedWithNegativeAmountAndTheFeesPositiveQuantity() {
        List<LineItemModel> lines = ReturnLines.credit(THREE_HALF_CENTS, USD, List.of(new Credit("f3", 50, "Setup")), "r");

        assertThat(lines).hasSize(1);
        LineItemModel line = lines.get(0);
        assertThat(line.number()).isEqualTo("f3");
        assertThat(line.amount()).isEqualByComparingTo("-0.50");
        assertThat(line.quantity()).isEqualByComparingTo("3");
        assertThat(line.taxCode()).isEqualTo("SW054000");
        assertThat(line.itemCode()).isEqualTo("ITEM");
        assertThat(line.description()).isEqualTo("Setup");
        assertThat(line.taxOverride().type()).isEqualTo("TaxAmount");
        assertThat(line.taxOverride().taxAmount()).as("the 4 cents charged, not 0.045 rounded up to 5")
                .isEqualByComparingTo("-0.04");
    }

    @Test
    void partialCreditReturnsItsShareOfTheTaxRoundedTowardsZeroWithQuantityOne() {
        List<LineItemModel> lines = ReturnLines.credit(THREE_HALF_CENTS, USD, List.of(new Credit("f1", 25, null)), "r");

        assertThat(lines.get(0).amount()).isEqualByComparingTo("-0.25");
        assertThat(lines.get(0).quantity()).isEqualByComparingTo("1");
        assertThat(lines.get(0).taxOverride().taxAmount()).as("5 × 25/50 = 2.5 → 2").isEqualByComparingTo("-0.02");
    }

    @Test
    void partialCreditNoteCreditsOnlyItsItemsInTheirOrder() {
        List<LineItemModel> lines = ReturnLines.credit(THREE_HALF_CENTS, USD,
                List.of(new Credit("f3", 50, null), new Credit("f1", 10, null)), "r");

        assertThat(lines).extracting(LineItemModel::number).containsExactly("f3", "f1");
    }

    @Test
    void successivePartialCreditsNeverReturnMoreThanWasCharged() {
        long returned = 0;
        for (long part : new long[] {17, 17, 16}) {
            returned += ReturnLines.returnedTax(5, 50, part);
        }
        assertThat(returned).isLessThanOrEqualTo(5);
        assertThat(ReturnLines.returnedTax(5, 50, 50)).isEqualTo(5);
        assertThat(ReturnLines.returnedTax(0, 50, 20)).as("an untaxed fee returns no tax").isZero();
        assertThat(ReturnLines.returnedTax(0, 0, 0)).isZero();
    }

    @Test
    void itemsOfTheSameFeeAreAddedUpBeforeTheCap() {
        List<LineItemModel> lines = ReturnLines.credit(THREE_HALF_CENTS, USD,
                List.of(new Credit("f2", 25, null), new Credit("f2", 25, null)), "r");

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).amount()).isEqualByComparingTo("-0.50");
        assertThat(lines.get(0).taxOverride().taxAmount()).isEqualByComparingTo("-0.05");
    }

    @Test
    void creditOfMoreThanTheFeeWasInvoicedForIsInvalid() {
        assertThatThrownBy(() -> ReturnLines.credit(THREE_HALF_CENTS, USD, List.of(new Credit("f1", 52, null)), "r"))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("'f1'");
    }

    @Test
    void aCreditOneMinorUnitAboveTheLineIsAllOfIt() {
        // Lago rounds a credited share half up where its invoice payload truncated the fee's amount.
        List<LineItemModel> lines = ReturnLines.credit(THREE_HALF_CENTS, USD, List.of(new Credit("f1", 51, null)), "r");

        assertThat(lines).singleElement().satisfies(line -> assertThat(line.amount()).isEqualByComparingTo("-0.50"));
    }

    @Test
    void earlierReturnsLeaveLessToCreditAndTheLastCreditReturnsExactlyTheRestOfTheTax() {
        TransactionModel earlierReturn = new TransactionModel(9L, "cn_1", 1L, null, "Committed", "ReturnInvoice",
                "USD", null, null, null, new BigDecimal("-0.03"), null, null,
                List.of(returnLine("f1", "-0.30", "-0.03")), null);
        EarlierReturns earlier = EarlierReturns.of(new FetchResult<>(1, List.of(earlierReturn), null), "cn_2",
                "void_x");

        assertThatThrownBy(() -> ReturnLines.credit(THREE_HALF_CENTS, USD, List.of(new Credit("f1", 22, null)),
                earlier, "r"))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("(22) is more than the 20 left of the 50");
        LineItemModel rest = ReturnLines.credit(THREE_HALF_CENTS, USD, List.of(new Credit("f1", 20, null)), earlier,
                "r").get(0);
        long charged = TaxAllocation.byLine(THREE_HALF_CENTS, USD).get("f1").cents();
        assertThat(rest.taxOverride().taxAmount().negate().movePointRight(2).longValueExact())
                .as("the tax charged less the 3 returned before").isEqualTo(charged - 3).isEqualTo(2);
    }

    @Test
    void aCancelledReturnAndTheCommandsOwnReturnGiveNothingBack() {
        TransactionModel cancelled = new TransactionModel(9L, "cn_1", 1L, null, "Cancelled", "ReturnInvoice",
                "USD", null, null, null, new BigDecimal("-0.10"), null, null,
                List.of(returnLine("f1", "-0.30", "-0.10")), null);
        TransactionModel own = new TransactionModel(10L, "cn_2", 1L, null, "Committed", "ReturnInvoice",
                "USD", null, null, null, new BigDecimal("-0.10"), null, null,
                List.of(returnLine("f1", "-0.30", "-0.10")), null);

        EarlierReturns earlier = EarlierReturns.of(new FetchResult<>(2, List.of(cancelled, own), null), "cn_2",
                "void_x");

        assertThat(earlier.any()).isFalse();
        assertThat(earlier.of("f1").amountCents()).isZero();
    }

    @Test
    void negativeCreditIsInvalid() {
        assertThatThrownBy(() -> ReturnLines.credit(THREE_HALF_CENTS, USD, List.of(new Credit("f1", -1, null)), "r"))
                .isInstanceOf(TaxBridgeException.class);
    }

    @Test
    void feeTheOriginalHasNoLineForAndZeroCreditsAreSkipped() {
        List<LineItemModel> lines = ReturnLines.credit(THREE_HALF_CENTS, USD,
                List.of(new Credit("credit-fee", 500, null), new Credit("f1", 0, null)), "r");

        assertThat(lines).isEmpty();
    }

    @Test
    void negateAllReturnsEveryLineAndTheWholeTax() {
        List<LineItemModel> lines = ReturnLines.negateAll(THREE_HALF_CENTS, USD, "locked");

        assertThat(lines).extracting(LineItemModel::number).containsExactly("f1", "f2", "f3");
        assertThat(lines.stream().map(l -> l.taxOverride().taxAmount()).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("-0.14");
        assertThat(lines).allSatisfy(l -> assertThat(l.quantity()).isPositive());
        assertThat(lines.get(0).taxOverride().reason()).isEqualTo("locked");
    }

    @Test
    void threeDigitCurrencyKeepsItsMinorUnits() {
        TransactionModel kwd = original("KWD", "0.062", line("k1", "2", "1.234", "0.0617"));

        LineItemModel line = ReturnLines.credit(kwd, Currency.getInstance("KWD"), List.of(new Credit("k1", 1234, null)),
                "r").get(0);

        assertThat(line.amount()).isEqualByComparingTo("-1.234");
        assertThat(line.taxOverride().taxAmount()).isEqualByComparingTo("-0.062");
        assertThat(line.quantity()).isEqualByComparingTo("2");
    }

    private static TransactionModel original(String currency, String totalTax, TransactionLineModel... lines) {
        return new TransactionModel(1L, "inv", 7010001L, null, "Committed", "SalesInvoice", currency, "C", null,
                null, new BigDecimal(totalTax), null, null, Arrays.asList(lines), null);
    }

    private static TransactionLineModel line(String number, String quantity, String amount, String exactTax) {
        TransactionLineDetailModel detail = new TransactionLineDetailModel("WASHINGTON", "State",
                new BigDecimal("0.09"), null, new BigDecimal(exactTax), new BigDecimal(amount), "WA TAX", "Sales", "WA",
                "US", null, null);
        return new TransactionLineModel(1L, number, new BigDecimal(quantity), new BigDecimal(amount), null,
                new BigDecimal(exactTax), new BigDecimal(amount), BigDecimal.ZERO, "SW054000", "ITEM", List.of(detail), null);
    }

    /** A line of a ReturnInvoice with a TaxAmount override: AvaTax records the override in {@code tax}. */
    private static TransactionLineModel returnLine(String number, String amount, String tax) {
        TransactionLineDetailModel detail = new TransactionLineDetailModel("WASHINGTON", "State",
                new BigDecimal("0.09"), new BigDecimal(tax), new BigDecimal(tax), new BigDecimal(amount), "WA TAX",
                "Sales", "WA", "US", null, null);
        return new TransactionLineModel(2L, number, BigDecimal.ONE, new BigDecimal(amount), new BigDecimal(tax),
                new BigDecimal("-0.027"), new BigDecimal(amount), BigDecimal.ZERO, "SW054000", "ITEM", List.of(detail),
                "TaxAmount");
    }
}
