package dev.taxbridge.tax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.avatax.AvataxModels.TransactionLineDetailModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.tax.FeeTaxes.TaxBreakdown;
import dev.taxbridge.tax.TaxAllocation.LineTaxes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaxAllocationTest {

    private static final Currency USD = Currency.getInstance("USD");

    private static BigDecimal d(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    private static TransactionModel transaction(String totalTax, TransactionLineModel... lines) {
        return new TransactionModel(1L, "inv_1", 7L, null, "Saved", "SalesInvoice", "USD", "cust_1", null,
                null, d(totalTax), null, null, List.of(lines), null);
    }

    private static TransactionLineModel line(String number, String tax, String taxCalculated,
            TransactionLineDetailModel... details) {
        return new TransactionLineModel(null, number, BigDecimal.ONE, null, d(tax), d(taxCalculated), null, null,
                "SW054000", number, details.length == 0 ? null : List.of(details), null);
    }

    private static TransactionLineDetailModel detail(String jurisName, String jurisType, String rate, String tax,
            String taxCalculated, String taxName) {
        return new TransactionLineDetailModel(jurisName, jurisType, d(rate), d(tax), d(taxCalculated), null, taxName,
                "Sales", "WA", "US", null, null);
    }

    private static long sumOfLines(Map<String, LineTaxes> taxes) {
        return taxes.values().stream().mapToLong(LineTaxes::cents).sum();
    }

    private static long sumOfBreakdown(LineTaxes taxes) {
        return taxes.breakdown().stream().mapToLong(TaxBreakdown::amountCents).sum();
    }

    @Test
    void lineCentsSumToRoundedTotalTaxEvenWhenRoundedLineTaxesDoNot() {
        // Three lines of 0.335 tax: each rounds to 0.34 (1.02 in all) while the document total is 1.01.
        TransactionModel transaction = transaction("1.01",
                line("fee_a", "0.34", "0.335"), line("fee_b", "0.34", "0.335"), line("fee_c", "0.34", "0.335"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        assertThat(sumOfLines(taxes)).isEqualTo(101);
        assertThat(taxes.values()).extracting(LineTaxes::cents).containsExactlyInAnyOrder(33L, 34L, 34L);
    }

    @Test
    void lineCentsFollowTotalTaxWhenRoundedLineTaxesUnderCountIt() {
        // 0.333 x 3 rounds to 0.33 each (0.99) while AvaTax's total says 1.00.
        TransactionModel transaction = transaction("1.00",
                line("fee_a", "0.33", "0.3334"), line("fee_b", "0.33", "0.3333"), line("fee_c", "0.33", "0.3333"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        assertThat(sumOfLines(taxes)).isEqualTo(100);
        assertThat(taxes.get("fee_a").cents()).isEqualTo(34);
    }

    @Test
    void resultIsKeyedByLineNumberInTransactionOrder() {
        TransactionModel transaction = transaction("3.00",
                line("fee_z", "1.00", null), line("fee_a", "2.00", null));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        assertThat(taxes.keySet()).containsExactly("fee_z", "fee_a");
        assertThat(taxes.get("fee_z").cents()).isEqualTo(100);
        assertThat(taxes.get("fee_a").cents()).isEqualTo(200);
    }

    @Test
    void taxCalculatedIsPreferredOverTaxForTheExactLineAmount() {
        TransactionModel transaction = transaction(null, line("fee_a", "9.99", "10.00"));

        assertThat(TaxAllocation.byLine(transaction, USD).get("fee_a").cents()).isEqualTo(1000);
    }

    @Test
    void missingTotalTaxUsesTheRoundedSumOfExactLineTaxes() {
        TransactionModel transaction = transaction(null,
                line("fee_a", "0.34", "0.335"), line("fee_b", "0.34", "0.335"), line("fee_c", "0.34", "0.335"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        // 1.005 rounds half up to 1.01.
        assertThat(sumOfLines(taxes)).isEqualTo(101);
    }

    @Test
    void lineWithoutAnyTaxAmountCountsAsZero() {
        TransactionModel transaction = transaction("0.50", line("fee_a", null, null), line("fee_b", "0.50", null));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        assertThat(taxes.get("fee_a").cents()).isZero();
        assertThat(taxes.get("fee_b").cents()).isEqualTo(50);
    }

    @Test
    void transactionWithoutLinesGivesNoLineTaxes() {
        TransactionModel noLines = new TransactionModel(1L, "inv_1", 7L, null, "Saved", "SalesInvoice", "USD", null,
                null, null, BigDecimal.ZERO, null, null, null, null);

        assertThat(TaxAllocation.byLine(noLines, USD)).isEmpty();
    }

    @Test
    void rateIsThePercentSumOfDetailRates() {
        TransactionModel transaction = transaction("0.90", line("fee_a", "0.90", null,
                detail("WASHINGTON", "State", "0.065", "0.65", null, "WA STATE TAX"),
                detail("BAINBRIDGE ISLAND", "City", "0.025", "0.25", null, "WA CITY TAX")));

        LineTaxes taxes = TaxAllocation.byLine(transaction, USD).get("fee_a");

        assertThat(taxes.ratePercent()).isEqualByComparingTo("9");
        assertThat(taxes.ratePercent().toPlainString()).isEqualTo("9");
    }

    @Test
    void fractionalRatePercentKeepsItsDecimalsWithoutTrailingZeros() {
        TransactionModel transaction = transaction("0.73", line("fee_a", "0.73", null,
                detail("STATE", "State", "0.0650", "0.65", null, null),
                detail("CITY", "City", "0.0075", "0.08", null, null)));

        LineTaxes taxes = TaxAllocation.byLine(transaction, USD).get("fee_a");

        assertThat(taxes.ratePercent().toPlainString()).isEqualTo("7.25");
        assertThat(taxes.breakdown()).extracting(b -> b.rate().toPlainString()).containsExactly("6.5", "0.75");
    }

    @Test
    void breakdownCentsSumToTheLineCentsWhenJurisdictionRoundingDisagrees() {
        // Exact: state 0.67145, city 0.25825 -> line 0.9297 -> 93 cents; state and city round to 67 + 26.
        TransactionModel transaction = transaction("0.93", line("fee_a", "0.93", "0.9297",
                detail("WASHINGTON", "State", "0.065", "0.67", "0.67145", "WA STATE TAX"),
                detail("BAINBRIDGE ISLAND", "City", "0.025", "0.26", "0.25825", "WA CITY TAX")));

        LineTaxes taxes = TaxAllocation.byLine(transaction, USD).get("fee_a");

        assertThat(taxes.cents()).isEqualTo(93);
        assertThat(sumOfBreakdown(taxes)).isEqualTo(93);
        assertThat(taxes.breakdown()).extracting(TaxBreakdown::amountCents).containsExactly(67L, 26L);
    }

    @Test
    void breakdownFollowsLineCentsWhenLineWasAdjustedToMatchTheTotal() {
        // Each line's details add up to 33.5 exact cents; the document total gives one line only 33.
        TransactionLineDetailModel state = detail("STATE", "State", "0.065", "0.24", "0.2420", "STATE TAX");
        TransactionLineDetailModel city = detail("CITY", "City", "0.025", "0.09", "0.0930", "CITY TAX");
        TransactionModel transaction = transaction("1.01",
                line("fee_a", "0.34", "0.335", state, city),
                line("fee_b", "0.34", "0.335", state, city),
                line("fee_c", "0.34", "0.335", state, city));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        assertThat(sumOfLines(taxes)).isEqualTo(101);
        taxes.forEach((number, line) ->
                assertThat(sumOfBreakdown(line)).as("breakdown of %s", number).isEqualTo(line.cents()));
    }

    @Test
    void breakdownNamesPreferTaxNameThenJurisNameAndTypeIsLowerCased() {
        TransactionModel transaction = transaction("0.90", line("fee_a", "0.90", null,
                detail("WASHINGTON", "State", "0.065", "0.65", null, "WA STATE TAX"),
                detail("BAINBRIDGE ISLAND", "City", "0.025", "0.25", null, null)));

        List<TaxBreakdown> breakdown = TaxAllocation.byLine(transaction, USD).get("fee_a").breakdown();

        assertThat(breakdown).containsExactly(
                new TaxBreakdown("WA STATE TAX", new BigDecimal("6.5"), 65, "state"),
                new TaxBreakdown("BAINBRIDGE ISLAND", new BigDecimal("2.5"), 25, "city"));
    }

    @Test
    void detailWithoutRateOrTypeCountsAsZeroRateAndNullType() {
        TransactionModel transaction = transaction("0.10", line("fee_a", "0.10", null,
                detail("SPECIAL", null, null, "0.10", null, "FEE")));

        LineTaxes taxes = TaxAllocation.byLine(transaction, USD).get("fee_a");

        assertThat(taxes.ratePercent()).isEqualByComparingTo("0");
        assertThat(taxes.breakdown()).containsExactly(new TaxBreakdown("FEE", BigDecimal.ZERO, 10, null));
    }

    @Test
    void lineWithoutDetailsHasZeroRateAndEmptyBreakdown() {
        TransactionModel transaction = transaction("0.00", line("fee_a", "0.00", null));

        LineTaxes taxes = TaxAllocation.byLine(transaction, USD).get("fee_a");

        assertThat(taxes.cents()).isZero();
        assertThat(taxes.ratePercent()).isEqualByComparingTo("0");
        assertThat(taxes.breakdown()).isEmpty();
    }

    @Test
    void negativeTaxesOfAReturnInvoiceSumToTheNegativeTotal() {
        TransactionModel transaction = transaction("-1.01",
                line("fee_a", "-0.34", "-0.335", detail("STATE", "State", "0.065", "-0.24", "-0.2420", null),
                        detail("CITY", "City", "0.025", "-0.09", "-0.0930", null)),
                line("fee_b", "-0.34", "-0.335"),
                line("fee_c", "-0.34", "-0.335"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        assertThat(sumOfLines(taxes)).isEqualTo(-101);
        assertThat(taxes.values()).extracting(LineTaxes::cents).containsExactlyInAnyOrder(-33L, -34L, -34L);
        assertThat(sumOfBreakdown(taxes.get("fee_a"))).isEqualTo(taxes.get("fee_a").cents());
        assertThat(taxes.get("fee_a").ratePercent()).isEqualByComparingTo("9");
    }

    @Test
    void zeroDecimalCurrencyAllocatesWholeYen() {
        Currency jpy = Currency.getInstance("JPY");
        TransactionModel transaction = transaction("301",
                line("fee_a", "100", "100.4"), line("fee_b", "101", "100.6"), line("fee_c", "100", "100.4"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, jpy);

        assertThat(sumOfLines(taxes)).isEqualTo(301);
        assertThat(taxes.get("fee_b").cents()).isEqualTo(101);
    }

    @Test
    void threeDecimalCurrencyAllocatesFils() {
        Currency kwd = Currency.getInstance("KWD");
        TransactionModel transaction = transaction("0.101",
                line("fee_a", "0.034", "0.0335"), line("fee_b", "0.034", "0.0335"), line("fee_c", "0.034", "0.0335"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, kwd);

        assertThat(sumOfLines(taxes)).isEqualTo(101);
    }

    @Test
    void randomizedTransactionsAlwaysAddUpPerDocumentAndPerLine() {
        Random random = new Random(7_2024L);
        for (int run = 0; run < 500; run++) {
            int lineCount = 1 + random.nextInt(6);
            List<TransactionLineModel> lines = new ArrayList<>();
            BigDecimal exactTotal = BigDecimal.ZERO;
            for (int l = 0; l < lineCount; l++) {
                int detailCount = 1 + random.nextInt(4);
                List<TransactionLineDetailModel> details = new ArrayList<>();
                BigDecimal lineExact = BigDecimal.ZERO;
                for (int k = 0; k < detailCount; k++) {
                    BigDecimal taxCalculated = BigDecimal.valueOf(random.nextInt(2_000_000), 5);
                    BigDecimal rate = BigDecimal.valueOf(random.nextInt(1_000), 4);
                    details.add(new TransactionLineDetailModel("J" + k, "State", rate,
                            taxCalculated.setScale(2, RoundingMode.HALF_UP), taxCalculated, null, "TAX" + k, "Sales",
                            "WA", "US", null, null));
                    lineExact = lineExact.add(taxCalculated);
                }
                lines.add(new TransactionLineModel(null, "fee_" + l, BigDecimal.ONE, null,
                        lineExact.setScale(2, RoundingMode.HALF_UP), lineExact, null, null, "T", "I", details, null));
                exactTotal = exactTotal.add(lineExact);
            }
            // AvaTax's rounded total, sometimes a cent off the exact sum as real documents can be.
            BigDecimal totalTax = exactTotal.setScale(2, RoundingMode.HALF_UP)
                    .add(BigDecimal.valueOf(random.nextInt(3) - 1, 2));
            TransactionModel transaction = new TransactionModel(1L, "inv", 1L, null, "Saved", "SalesInvoice", "USD",
                    null, null, null, totalTax, null, null, lines, null);

            Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

            assertThat(sumOfLines(taxes)).as("run %d", run).isEqualTo(totalTax.movePointRight(2).longValueExact());
            for (LineTaxes line : taxes.values()) {
                assertThat(sumOfBreakdown(line)).as("run %d", run).isEqualTo(line.cents());
            }
        }
    }

    @Test
    void aLineWithATaxAmountOverrideCountsItsRecordedTaxNotWhatAvataxCalculated() {
        // A return: AvaTax records the overridden tax in tax and keeps its own figure in taxCalculated.
        TransactionModel transaction = transaction("-0.14",
                overridden("fee_a", "-0.04", "-0.10", detail("STATE", "State", "0.065", "-0.03", "-0.0722", null),
                        detail("CITY", "City", "0.025", "-0.01", "-0.0278", null)),
                overridden("fee_b", "-0.10", "-0.04"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        assertThat(taxes.get("fee_a").cents()).isEqualTo(-4);
        assertThat(taxes.get("fee_b").cents()).isEqualTo(-10);
        assertThat(taxes.get("fee_a").breakdown()).extracting(TaxBreakdown::amountCents).containsExactly(-3L, -1L);
    }

    @Test
    void withoutAnOverrideTheUnroundedCalculatedTaxStillWeighsTheLines() {
        TransactionModel transaction = transaction("0.14", line("fee_a", "0.04", "0.10"), line("fee_b", "0.10", "0.04"));

        Map<String, LineTaxes> taxes = TaxAllocation.byLine(transaction, USD);

        assertThat(taxes.get("fee_a").cents()).isEqualTo(10);
        assertThat(taxes.get("fee_b").cents()).isEqualTo(4);
    }

    @Test
    void exemptJurisdictionsKeepTheirNominalRateInAvataxButShowRateZeroAndTheExemptAmount() {
        TransactionLineDetailModel state = exempt("WASHINGTON", "State", "0.065", "WA STATE TAX", "92.42", null);
        TransactionLineDetailModel city = exempt("BAINBRIDGE ISLAND", "City", "0.025", "WA CITY TAX", "92.42", null);
        TransactionModel transaction = transaction("0.00", new TransactionLineModel(null, "fee_a", BigDecimal.ONE,
                d("92.42"), d("0"), d("0"), d("0"), d("92.42"), "SW054000", "SUB", List.of(state, city), null));

        LineTaxes taxes = TaxAllocation.byLine(transaction, USD).get("fee_a");

        assertThat(taxes.cents()).isZero();
        assertThat(taxes.ratePercent()).isEqualByComparingTo("0");
        assertThat(taxes.exemptCents()).isEqualTo(9242);
        assertThat(taxes.breakdown()).containsExactly(
                new TaxBreakdown("WA STATE TAX", BigDecimal.ZERO, 0, "state"),
                new TaxBreakdown("WA CITY TAX", BigDecimal.ZERO, 0, "city"));
    }

    @Test
    void nonTaxableJurisdictionShowsRateZeroWhileATaxingOneKeepsItsRate() {
        TransactionLineDetailModel state = new TransactionLineDetailModel("STATE", "State", d("0.065"), d("6.50"),
                d("6.5"), d("100"), "STATE TAX", "Sales", "WA", "US", d("0"), d("0"));
        TransactionLineDetailModel city = exempt("CITY", "City", "0.025", "CITY TAX", null, "100");
        TransactionModel transaction = transaction("6.50", new TransactionLineModel(null, "fee_a", BigDecimal.ONE,
                d("100"), d("6.50"), d("6.5"), d("100"), d("0"), "P1", "P1", List.of(state, city), null));

        LineTaxes taxes = TaxAllocation.byLine(transaction, USD).get("fee_a");

        assertThat(taxes.ratePercent()).isEqualByComparingTo("6.5");
        assertThat(taxes.breakdown()).extracting(TaxBreakdown::rate)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("6.5"), BigDecimal.ZERO);
    }

    @Test
    void aPartlyExemptJurisdictionShowsItsRateScaledByTheTaxableShare() {
        TransactionLineDetailModel state = new TransactionLineDetailModel("STATE", "State", d("0.065"), d("1.63"),
                d("1.625"), d("25"), "STATE TAX", "Sales", "WA", "US", d("75"), null);
        TransactionModel transaction = transaction("1.63", new TransactionLineModel(null, "fee_a", BigDecimal.ONE,
                d("100"), d("1.63"), d("1.625"), d("25"), d("75"), "P1", "P1", List.of(state), null));

        LineTaxes taxes = TaxAllocation.byLine(transaction, USD).get("fee_a");

        assertThat(taxes.ratePercent().toPlainString()).isEqualTo("1.625");
        assertThat(taxes.exemptCents()).isEqualTo(7500);
    }

    private static TransactionLineModel overridden(String number, String tax, String taxCalculated,
            TransactionLineDetailModel... details) {
        return new TransactionLineModel(null, number, BigDecimal.ONE, null, d(tax), d(taxCalculated), null, null,
                "SW054000", number, details.length == 0 ? null : List.of(details), "TaxAmount");
    }

    private static TransactionLineDetailModel exempt(String jurisName, String jurisType, String rate, String taxName,
            String exemptAmount, String nonTaxableAmount) {
        return new TransactionLineDetailModel(jurisName, jurisType, d(rate), d("0"), d("0"), d("0"), taxName, "Sales",
                "WA", "US", d(exemptAmount), d(nonTaxableAmount));
    }
}
