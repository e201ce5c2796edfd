package dev.taxbridge.tax;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.tax.FeeTaxes.TaxBreakdown;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A document's taxes summed per tax, shaped as Lago's invoice {@code applied_taxes} (lago-api
 * {@code V1::Invoices::AppliedTaxSerializer}), grouped as Lago's {@code Invoices::ApplyProviderTaxesService}
 * groups a provider's fee taxes: by type, parameterized name and rate. A consumer applies them as they are;
 * unlike Lago's own service, the amounts are the fees' allocated cents, so they add up to the document's
 * tax exactly.
 */
public final class AppliedTaxes {

    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9\\-_]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATORS = Pattern.compile("_{2,}");
    private static final Pattern EDGE_SEPARATORS = Pattern.compile("^_|_$");

    private AppliedTaxes() {
    }

    /** One applied tax: {@code tax_description} is the jurisdiction type, as Lago stores the tax's type. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AppliedTax(String taxName, String taxCode, BigDecimal taxRate, String taxDescription,
            long amountCents, String amountCurrency, long feesAmountCents) {
    }

    /** The fees' tax breakdowns summed per (type, code, rate), in the order they first appear. */
    public static List<AppliedTax> of(List<FeeTaxes> fees, String currency) {
        Map<List<Object>, Sum> sums = new LinkedHashMap<>();
        for (FeeTaxes fee : fees) {
            for (TaxBreakdown tax : fee.taxBreakdown()) {
                String code = taxCode(tax.name());
                List<Object> key = Arrays.asList(tax.type(), code, tax.rate().stripTrailingZeros());
                Sum sum = sums.computeIfAbsent(key, k -> new Sum(tax.name(), code, tax.rate(), tax.type()));
                sum.amountCents += tax.amountCents();
                if (sum.fees.add(fee.lagoId())) {
                    sum.feesAmountCents += fee.amountCents();
                }
            }
        }
        List<AppliedTax> applied = new ArrayList<>(sums.size());
        sums.values().forEach(sum -> applied.add(new AppliedTax(sum.name, sum.code, sum.rate, sum.type,
                sum.amountCents, currency, sum.feesAmountCents)));
        return applied;
    }

    /**
     * Lago's {@code tax_code} of a provider tax: the name as Rails' {@code parameterize(separator: '_')} makes
     * it (accents dropped, lower case, every run of other characters but {@code -} and {@code _} one
     * {@code _}, none at either end).
     */
    public static String taxCode(String name) {
        if (name == null) {
            return null;
        }
        String ascii = ACCENTS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        String slug = NOT_SLUG.matcher(ascii).replaceAll("_");
        slug = SEPARATORS.matcher(slug).replaceAll("_");
        return EDGE_SEPARATORS.matcher(slug).replaceAll("").toLowerCase(Locale.ROOT);
    }

    private static final class Sum {
        private final String name;
        private final String code;
        private final BigDecimal rate;
        private final String type;
        private final Set<String> fees = new HashSet<>();
        private long amountCents;
        private long feesAmountCents;

        private Sum(String name, String code, BigDecimal rate, String type) {
            this.name = name;
            this.code = code;
            this.rate = Objects.requireNonNull(rate);
            this.type = type;
        }
    }
}
