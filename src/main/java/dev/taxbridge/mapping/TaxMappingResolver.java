package dev.taxbridge.mapping;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.ConfigKeys;
import dev.taxbridge.mapping.MappingProperties.ConnectionMappings;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds the Avalara tax code for a Lago fee item, in the order Lago's own integrations look mappings
 * up since mappings exist per billing entity (lago-api {@code Integrations::Aggregator::BasePayload},
 * {@code lookup_mapping} / {@code lookup_collection_mapping}). First hit wins: the billing entity's
 * mapping for the item → the billing entity's fallback item → the connection's default mapping for
 * the item (Lago's organization mapping) → the default fallback item (Lago's organization fallback)
 * → {@code unmapped_item}. A billing entity with a fallback item of its own therefore never reaches
 * the default mappings.
 */
@Component
public class TaxMappingResolver {

    private final Supplier<MappingProperties> properties;

    /** With live mappings (reloadable by an operator). */
    @Autowired
    public TaxMappingResolver(MappingCatalog catalog) {
        this.properties = catalog;
    }

    /** With fixed mappings. */
    public TaxMappingResolver(MappingProperties properties) {
        this.properties = () -> properties;
    }

    /**
     * @param itemType the Lago fee item type (subscription, charge, add_on, fixed_charge, commitment)
     * @param itemCode the Lago item code (plan, billable metric or add-on code)
     * @return the mapping, with its item code defaulted to the Lago item code
     */
    public ItemMapping resolve(String connection, String billingEntity, String itemType, String itemCode) {
        ConnectionMappings mappings = ConfigKeys.lookup(properties.get().mappings(), connection);
        MappingSet entity = mappings == null ? null : ConfigKeys.lookup(mappings.billingEntities(), billingEntity);
        MappingSet defaults = mappings == null ? null : mappings.defaults();
        Function<MappingSet, ItemMapping> forItem = itemLookup(itemType, itemCode);

        ItemMapping found = firstOf(forItem.apply(entity),
                entity == null ? null : entity.fallbackItem(),
                forItem.apply(defaults),
                defaults == null ? null : defaults.fallbackItem());
        if (found == null || found.taxCode() == null || found.taxCode().isBlank()) {
            throw new TaxBridgeException(ErrorCode.UNMAPPED_ITEM, "no tax mapping for " + itemType + " '" + itemCode
                    + "' on connection '" + connection + "' and no fallback item");
        }
        String effectiveItemCode = found.itemCode() == null || found.itemCode().isBlank() ? itemCode : found.itemCode();
        return new ItemMapping(found.taxCode(), effectiveItemCode);
    }

    private static Function<MappingSet, ItemMapping> itemLookup(String itemType, String itemCode) {
        return set -> {
            if (set == null) {
                return null;
            }
            return switch (itemType == null ? "" : itemType) {
                case "subscription" -> set.subscriptionFee();
                case "commitment" -> set.minimumCommitment();
                case "charge" -> ConfigKeys.lookup(set.billableMetrics(), itemCode);
                case "add_on", "fixed_charge" -> ConfigKeys.lookup(set.addOns(), itemCode);
                default -> null;
            };
        };
    }

    private static ItemMapping firstOf(ItemMapping... candidates) {
        for (ItemMapping candidate : candidates) {
            if (candidate != null && candidate.taxCode() != null && !candidate.taxCode().isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
