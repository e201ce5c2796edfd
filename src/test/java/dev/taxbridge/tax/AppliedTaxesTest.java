package dev.taxbridge.tax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.tax.AppliedTaxes.AppliedTax;
import dev.taxbridge.tax.FeeTaxes.TaxBreakdown;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppliedTaxesTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
            "WA STATE TAX, wa_state_tax",
            "'  Île-de-France  TVA ', ile-de-france_tva",
            "CANADA GST/HST, canada_gst_hst",
            "Taxe (20%), taxe_20",
            "already_snake, already_snake",
            "Umsatzsteuer München, umsatzsteuer_munchen"})
    void taxCodeIsTheNameParameterizedAsRailsDoes(String name, String code) {
        assertThat(AppliedTaxes.taxCode(name)).isEqualTo(code);
    }

    @Test
    void breakdownsAreSummedPerTypeCodeAndRateWithTheAmountOfEachFeeCountedOnce() {
        FeeTaxes subscription = new FeeTaxes("fee_1", 9242, 832, new BigDecimal("9"), 0, List.of(
                new TaxBreakdown("WA STATE TAX", new BigDecimal("6.5"), 601, "state"),
                new TaxBreakdown("WA CITY TAX", new BigDecimal("2.5"), 231, "city")));
        FeeTaxes usage = new FeeTaxes("fee_2", 2958, 266, new BigDecimal("9"), 0, List.of(
                new TaxBreakdown("WA STATE TAX", new BigDecimal("6.50"), 192, "state"),
                new TaxBreakdown("WA CITY TAX", new BigDecimal("2.5"), 74, "city")));
        FeeTaxes exempt = new FeeTaxes("fee_3", 1000, 0, BigDecimal.ZERO, 1000, List.of(
                new TaxBreakdown("WA STATE TAX", BigDecimal.ZERO, 0, "state")));
        FeeTaxes credit = FeeTaxes.untaxed("fee_4", 500);

        List<AppliedTax> applied = AppliedTaxes.of(List.of(subscription, usage, exempt, credit), "USD");

        assertThat(applied).containsExactly(
                new AppliedTax("WA STATE TAX", "wa_state_tax", new BigDecimal("6.5"), "state", 793, "USD", 12200),
                new AppliedTax("WA CITY TAX", "wa_city_tax", new BigDecimal("2.5"), "city", 305, "USD", 12200),
                new AppliedTax("WA STATE TAX", "wa_state_tax", BigDecimal.ZERO, "state", 0, "USD", 1000));
    }
}
