package dev.taxbridge.estimate;

import static dev.taxbridge.lago.LagoFields.blankToNull;
import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.estimate.EstimateModels.ChargeUsage;
import dev.taxbridge.estimate.EstimateModels.CustomerUsage;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoModels.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * Lago's {@code customer_usage} as the fees of a current-usage estimate: one fee per
 * {@code charges_usage[]} entry, named by its {@code charge.lago_id}, of item type {@code charge} with
 * the billable metric's {@code code} (which picks the mapping), {@code units} as the quantity and
 * {@code amount_cents} as the amount. Filters and grouped usage are parts of that amount and are not
 * sent on their own.
 */
final class LagoUsage {

    static final String FIELD = "customer_usage.charges_usage";

    private LagoUsage() {
    }

    static List<Fee> fees(CustomerUsage usage) {
        List<ChargeUsage> charges = require(usage.chargesUsage(), FIELD);
        List<Fee> fees = new ArrayList<>(charges.size());
        for (int i = 0; i < charges.size(); i++) {
            String field = FIELD + "[" + i + "]";
            ChargeUsage charge = require(charges.get(i), field);
            String chargeId = require(require(charge.charge(), field + ".charge").lagoId(), field + ".charge.lago_id");
            String metric = require(require(charge.billableMetric(), field + ".billable_metric").code(),
                    field + ".billable_metric.code");
            require(charge.amountCents(), field + ".amount_cents");
            fees.add(new Fee(chargeId, new Item("charge", metric, description(charge)), charge.units(),
                    charge.amountCents(), null, null));
        }
        return fees;
    }

    /** The charge's display name when it has one, else the billable metric's name (as on Lago's invoice). */
    private static String description(ChargeUsage charge) {
        String display = blankToNull(charge.charge().invoiceDisplayName());
        return display != null ? display : blankToNull(charge.billableMetric().name());
    }
}
