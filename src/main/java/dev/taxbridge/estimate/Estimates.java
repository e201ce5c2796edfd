package dev.taxbridge.estimate;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.estimate.EstimateModels.EstimateReply;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.route.UsageEstimateStep;
import dev.taxbridge.tax.FeeTaxes;
import dev.taxbridge.tax.TaxAllocation;
import dev.taxbridge.tax.TaxAllocation.LineTaxes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Answers estimates. One-off invoices: from AvaTax's answer. Current usage: through the usage-tax
 * cache — a hit applies the cached rates to today's amounts ({@code cached: true}); a miss makes the
 * one AvaTax call for its key (its connection's client) and answers from it, without waiting for it:
 * {@link UsageEstimateStep} carries the route on when the answer is in.
 * Either way the cents are allocated by {@link TaxAllocation}, so the rounding rules are the same.
 */
@Component
public class Estimates {

    private final UsageTaxCache cache;
    private final ConnectionRegistry connections;

    public Estimates(UsageTaxCache cache, ConnectionRegistry connections) {
        this.cache = cache;
        this.connections = connections;
    }

    /**
     * {@code estimate.current_usage}: cached rates, or the AvaTax call when the key is missing. Returns at
     * once; the future completes with the reply, or with the classified failure.
     */
    public CompletableFuture<EstimateReply> currentUsage(Estimate estimate) {
        if (estimate.call() == null) {
            return CompletableFuture.completedFuture(reply(estimate, Map.of(), false));
        }
        return cache.get(estimate.key(), () -> connections.client(estimate.connection().code()).send(estimate.call()),
                transaction -> UsageRates.of(transaction, estimate.lines())).thenApply(lookup -> {
                    TransactionModel taxed = lookup.cached() ? lookup.rates().apply(estimate.lines()) : lookup.loaded();
                    return reply(estimate, TaxAllocation.byLine(taxed, estimate.currency()), lookup.cached());
                });
    }

    /** The connection the {@code avatax-call} route sends the SalesOrder on (null when there is none). */
    public AvataxConnection connection(Estimate estimate) {
        return estimate.connection();
    }

    /** The SalesOrder for the {@code avatax-call} route, or null when no fee is taxable. */
    public AvataxCall<TransactionModel> avataxCall(Estimate estimate) {
        return estimate.call();
    }

    /** {@code estimate.one_off_invoice}: AvaTax's answer (a null body when there was no call). */
    public EstimateReply oneOffInvoice(Estimate estimate, TransactionModel transaction) {
        if (transaction == null) {
            return reply(estimate, Map.of(), false);
        }
        return reply(estimate, TaxAllocation.byLine(transaction, estimate.currency()), false);
    }

    /** Every fee of the request, in order; fees not sent (credits, zero or negative amounts) are untaxed. */
    static EstimateReply reply(Estimate estimate, Map<String, LineTaxes> lines, boolean cached) {
        List<FeeTaxes> fees = new ArrayList<>(estimate.fees().size());
        for (Fee fee : estimate.fees()) {
            long amount = fee.taxableAmountCents();
            LineTaxes line = lines.get(fee.lagoId());
            fees.add(line == null ? FeeTaxes.untaxed(fee.lagoId(), amount)
                    : FeeTaxes.of(fee.lagoId(), amount, line));
        }
        return EstimateReply.ok(estimate.currency().getCurrencyCode(), fees, cached, estimate.purpose());
    }
}
