package dev.taxbridge.mapping;

import java.util.Map;

/** The mappings of one scope (a connection's default, or one billing entity), by SPEC section 4's kinds. */
public record MappingSet(
        Map<String, ItemMapping> addOns,
        Map<String, ItemMapping> billableMetrics,
        ItemMapping subscriptionFee,
        ItemMapping minimumCommitment,
        ItemMapping fallbackItem) {

    public MappingSet {
        addOns = addOns == null ? Map.of() : Map.copyOf(addOns);
        billableMetrics = billableMetrics == null ? Map.of() : Map.copyOf(billableMetrics);
    }
}
