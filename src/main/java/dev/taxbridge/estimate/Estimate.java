package dev.taxbridge.estimate;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.lago.LagoModels.Fee;
import java.util.Currency;
import java.util.List;

/**
 * A parsed, enriched estimate request, ready to answer.
 *
 * @param fees every fee of the request, in request order, each with its line number as {@code lago_id}
 * @param connection the AvaTax connection the SalesOrder goes through (null when there is no call)
 * @param call the AvaTax SalesOrder to send, or null when no fee is taxable (zero tax, no call)
 * @param lines the lines of that SalesOrder (empty when there is no call)
 * @param key the usage-tax cache key (current usage with a call only, else null)
 */
public record Estimate(Currency currency, String purpose, List<Fee> fees, AvataxConnection connection,
        AvataxCall<TransactionModel> call, List<LineItemModel> lines, UsageKey key) {

    public Estimate {
        fees = List.copyOf(fees);
        lines = List.copyOf(lines);
    }
}
