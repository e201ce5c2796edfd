package dev.taxbridge.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineDetailModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.estimate.UsageKey.LinePair;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.tax.TaxAllocation;
import dev.taxbridge.tax.TaxAllocation.LineTaxes;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageRatesTest {

    static final Currency USD = Currency.getInstance("USD");
    static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void ratesAreReadPerItemAndTaxCodePairWithTheirBreakdown() {
        UsageRates rates = UsageRates.of(washington(line("fee-0", "100.00", "100.00"), untaxed("fee-1", "50.00")),
                List.of(sent("fee-0", "100.00", "SUBSCRIPTION", "SW054000"), sent("fee-1", "50.00", "NT_ITEM", "NT")));

        assertThat(rates.lines()).containsOnlyKeys(new LinePair("SUBSCRIPTION", "SW054000"), new LinePair("NT_ITEM", "NT"));
        assertThat(rates.lines().get(new LinePair("SUBSCRIPTION", "SW054000")))
                .extracting(UsageRates.JurisdictionRate::taxName, UsageRates.JurisdictionRate::effectiveRate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WA STATE TAX", new BigDecimal("0.065")),
                        org.assertj.core.groups.Tuple.tuple("WA CITY TAX", new BigDecimal("0.025")));
        assertThat(rates.lines().get(new LinePair("NT_ITEM", "NT")))
                .allSatisfy(rate -> assertThat(rate.effectiveRate()).isEqualByComparingTo("0"));
    }

    @Test
    void cachedRatesOnNewAmountsAreRoundedLikeAnAvataxAnswerWithTheDocumentTotalRoundedOnce() {
        UsageRates rates = nineInWashington();
        List<LineItemModel> today = List.of(sent("a", "0.05", "SUBSCRIPTION", "SW054000"),
                sent("b", "0.05", "SUBSCRIPTION", "SW054000"), sent("c", "0.05", "SUBSCRIPTION", "SW054000"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(rates.apply(today), USD);

        // 0.45 cents each: each rounds to 0 alone, but the document's 1.35 cents round to 1, given to the first line.
        assertThat(taxes.values()).extracting(LineTaxes::cents).containsExactly(1L, 0L, 0L);
        assertThat(taxes.get("a").ratePercent()).isEqualByComparingTo("9");
    }

    @Test
    void halfCentOnTheDocumentRoundsUpAndTheBreakdownAddsUpToTheLine() {
        // 1.50 × 9 % = 0.135 → 14 cents (half up); state 0.0975 + city 0.0375: 9 + 3 = 12, two cents to distribute.
        Map<String, LineTaxes> taxes = TaxAllocation.byLine(
                nineInWashington().apply(List.of(sent("a", "1.50", "SUBSCRIPTION", "SW054000"))), USD);

        assertThat(taxes.get("a").cents()).isEqualTo(14);
        assertThat(taxes.get("a").breakdown()).extracting(b -> b.amountCents()).containsExactly(10L, 4L);
    }

    @Test
    void currencyWithoutMinorUnitsIsRoundedToWholeYen() {
        UsageRates japan = new UsageRates(Map.of(new LinePair("API_CALLS", "SW054000"), List.of(
                new UsageRates.JurisdictionRate("JP CONSUMPTION TAX", "JAPAN", "Country", new BigDecimal("0.10"),
                        new BigDecimal("0.10")))));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(japan.apply(List.of(sent("a", "1235", "API_CALLS",
                "SW054000"))), JPY);

        assertThat(taxes.get("a").cents()).isEqualTo(124);
    }

    @Test
    void partlyTaxableLineKeepsItsEffectiveShareOnOtherAmounts() {
        // AvaTax taxed 40.00 of a 100.00 line at 10 %: 4 % effective, the rate shown, as for AvaTax's own answer.
        TransactionModel answer = transaction(new TransactionLineModel(null, "a", BigDecimal.ONE, new BigDecimal("100.00"),
                null, new BigDecimal("4.00"), new BigDecimal("40.00"), new BigDecimal("60.00"), "SW054000", "X",
                List.of(detail("STATE TAX", "0.10", "40.00", "4.00")), null));
        UsageRates rates = UsageRates.of(answer, List.of(sent("a", "100.00", "X", "SW054000")));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(rates.apply(List.of(sent("a", "250.00", "X", "SW054000"))),
                USD);

        assertThat(taxes.get("a").cents()).isEqualTo(1000);
        assertThat(taxes.get("a").ratePercent()).isEqualByComparingTo("4");
        assertThat(TaxAllocation.byLine(answer, USD).get("a").ratePercent()).isEqualByComparingTo("4");
    }

    @Test
    void answerMissingASentLineIsAProviderError() {
        assertThatThrownBy(() -> UsageRates.of(washington(line("fee-0", "100.00", "100.00")),
                List.of(sent("fee-0", "100.00", "A", "SW054000"), sent("fee-1", "5.00", "B", "SW054000"))))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_ERROR));
    }

    static UsageRates nineInWashington() {
        return UsageRates.of(washington(line("x", "100.00", "100.00")), List.of(sent("x", "100.00", "SUBSCRIPTION",
                "SW054000")));
    }

    static LineItemModel sent(String number, String amount, String itemCode, String taxCode) {
        return new LineItemModel(number, BigDecimal.ONE, new BigDecimal(amount), taxCode, itemCode, null);
    }

    static TransactionLineModel line(String number, String amount, String taxable) {
        BigDecimal base = new BigDecimal(taxable);
        return new TransactionLineModel(null, number, BigDecimal.ONE, new BigDecimal(amount), null,
                base.multiply(new BigDecimal("0.09")), base, BigDecimal.ZERO, "SW054000", null,
                List.of(detail("WA STATE TAX", "0.065", taxable, base.multiply(new BigDecimal("0.065")).toPlainString()),
                        detail("WA CITY TAX", "0.025", taxable, base.multiply(new BigDecimal("0.025")).toPlainString())), null);
    }

    static TransactionLineModel untaxed(String number, String amount) {
        return new TransactionLineModel(null, number, BigDecimal.ONE, new BigDecimal(amount), null, BigDecimal.ZERO,
                BigDecimal.ZERO, new BigDecimal(amount), "NT", null,
                List.of(detail("WA STATE TAX", "0", "0", "0"), detail("WA CITY TAX", "0", "0", "0")), null);
    }

    static TransactionLineDetailModel detail(String name, String rate, String taxable, String tax) {
        return new TransactionLineDetailModel(name, name.contains("CITY") ? "City" : "State", new BigDecimal(rate), null,
                new BigDecimal(tax), new BigDecimal(taxable), name, "Sales", "WA", "US", null, null);
    }

    static TransactionModel washington(TransactionLineModel... lines) {
        return transaction(lines);
    }

    static TransactionModel transaction(TransactionLineModel... lines) {
        return new TransactionModel(1L, "c", 1L, null, "Temporary", "SalesOrder", "USD", null, null, null, null, null,
                null, List.of(lines), null);
    }
}
