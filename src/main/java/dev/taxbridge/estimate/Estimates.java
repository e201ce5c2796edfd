package dev.taxbridge.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxHttp;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxModels;
import dev.taxbridge.estimate.EstimateModels.EstimateReply;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.tax.FeeTaxes;
import dev.taxbridge.tax.TaxAllocation.LineTaxes;
import dev.taxbridge.tax.TaxAllocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers estimates. One-off invoices: from AvaTax's answer. Current usage: through the usage-tax
 * cache — a hit applies the cached rates to today's amounts ({@code cached: true}); a miss makes the
 * one AvaTax call for its key (the {@code avatax-call} route, on this thread) and answers from it.
 * Either way the cents are allocated by {@link TaxAllocation}, so the rounding rules are the same.
 */
@Component
public class Estimates {

    static final String AVATAX_ROUTE = "direct:avatax-call";

    private final UsageTaxCache cache;
    private final ProducerTemplate producer;
    private final ObjectMapper mapper;

    public Estimates(UsageTaxCache cache, ProducerTemplate producer, ObjectMapper mapper) {
        this.cache = cache;
        this.producer = producer;
        this.mapper = mapper;
    }

    /** {@code estimate.current_usage}: cached rates, or the AvaTax call when the key is missing. */
    public EstimateReply currentUsage(Estimate estimate) {
        if (estimate.call() == null) {
            return reply(estimate, Map.of(), false);
        }
        UsageTaxCache.Lookup<TransactionModel> lookup = cache.get(estimate.key(), () -> callAvatax(estimate),
                transaction -> UsageRates.of(transaction, estimate.lines()));
        TransactionModel taxed = lookup.cached() ? lookup.rates().apply(estimate.lines()) : lookup.loaded();
        return reply(estimate, TaxAllocation.byLine(taxed, estimate.currency()), lookup.cached());
    }

    /** The SalesOrder for the {@code avatax-call} route, or null when no fee is taxable. */
    public AvataxCall avataxCall(Estimate estimate) {
        return estimate.call();
    }

    /** {@code estimate.one_off_invoice}: AvaTax's answer (a null body when there was no call). */
    public EstimateReply oneOffInvoice(Estimate estimate, JsonNode response) {
        if (response == null || response.isNull()) {
            return reply(estimate, Map.of(), false);
        }
        TransactionModel transaction = AvataxModels.transaction(mapper, response);
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

    /** The SalesOrder through the {@code avatax-call} route; its failure is thrown as classified there. */
    private TransactionModel callAvatax(Estimate estimate) {
        Exchange result = producer.send(AVATAX_ROUTE, exchange -> exchange.setProperty(AvataxHttp.CALL, estimate.call()));
        if (result.getException() != null) {
            throw result.getException() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(result.getException());
        }
        return AvataxModels.transaction(mapper, result.getMessage().getBody(JsonNode.class));
    }
}
