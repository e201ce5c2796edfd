package dev.taxbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.mapping.MappingProperties.ConnectionMappings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TaxMappingResolverTest {

    private static final ItemMapping ENTITY_API_CALLS = new ItemMapping("ENTITY_METRIC", "ENTITY_API");
    private static final ItemMapping DEFAULT_API_CALLS = new ItemMapping("DEFAULT_METRIC", "DEFAULT_API");
    private static final ItemMapping ENTITY_FALLBACK = new ItemMapping("ENTITY_FALLBACK", "ENTITY_FB");
    private static final ItemMapping DEFAULT_FALLBACK = new ItemMapping("DEFAULT_FALLBACK", "DEFAULT_FB");

    private static MappingSet set(Map<String, ItemMapping> addOns, Map<String, ItemMapping> metrics,
            ItemMapping subscription, ItemMapping commitment, ItemMapping fallback) {
        return new MappingSet(addOns, metrics, subscription, commitment, fallback);
    }

    private static MappingSet onlyFallback(ItemMapping fallback) {
        return set(null, null, null, null, fallback);
    }

    private static MappingSet metrics(Map<String, ItemMapping> metrics, ItemMapping fallback) {
        return set(null, metrics, null, null, fallback);
    }

    private static TaxMappingResolver resolver(MappingSet defaults, Map<String, MappingSet> entities) {
        return new TaxMappingResolver(new MappingProperties(
                Map.of("default", new ConnectionMappings(defaults, entities))));
    }

    private static TaxMappingResolver fullResolver() {
        return resolver(metrics(Map.of("api_calls", DEFAULT_API_CALLS, "storage", new ItemMapping("STORAGE", null)),
                        DEFAULT_FALLBACK),
                Map.of("eu", metrics(Map.of("api_calls", ENTITY_API_CALLS), ENTITY_FALLBACK)));
    }

    private static void assertUnmapped(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNMAPPED_ITEM));
    }

    // --- precedence: Lago's order, entity mapping → entity fallback → default mapping → default fallback ---

    @Test
    void stepOneBillingEntityItemMappingWinsOverEverythingElse() {
        assertThat(fullResolver().resolve("default", "eu", "charge", "api_calls")).isEqualTo(ENTITY_API_CALLS);
    }

    @Test
    void stepTwoBillingEntityFallbackWinsOverTheConnectionDefaultMappingOfTheItem() {
        // storage is mapped in the connection default only; the entity's fallback comes first, as in Lago.
        assertThat(fullResolver().resolve("default", "eu", "charge", "storage")).isEqualTo(ENTITY_FALLBACK);
        assertThat(fullResolver().resolve("default", "eu", "charge", "bandwidth")).isEqualTo(ENTITY_FALLBACK);
    }

    @Test
    void stepThreeConnectionDefaultMappingWhenTheBillingEntityHasNeitherMappingNorFallback() {
        TaxMappingResolver resolver = resolver(metrics(Map.of("storage", new ItemMapping("STORAGE", null)),
                DEFAULT_FALLBACK), Map.of("eu", metrics(Map.of("api_calls", ENTITY_API_CALLS), null)));

        assertThat(resolver.resolve("default", "eu", "charge", "storage"))
                .isEqualTo(new ItemMapping("STORAGE", "storage"));
    }

    @Test
    void stepThreeAlsoForTheCollectionKindsSubscriptionAndCommitment() {
        TaxMappingResolver resolver = resolver(set(null, null, new ItemMapping("SUBSCRIPTION", null),
                new ItemMapping("COMMITMENT", null), DEFAULT_FALLBACK),
                Map.of("eu", set(null, null, null, null, null), "uk", onlyFallback(ENTITY_FALLBACK)));

        assertThat(resolver.resolve("default", "eu", "subscription", "pro").taxCode()).isEqualTo("SUBSCRIPTION");
        assertThat(resolver.resolve("default", "eu", "commitment", "min").taxCode()).isEqualTo("COMMITMENT");
        assertThat(resolver.resolve("default", "uk", "subscription", "pro")).as("step 2 before step 3")
                .isEqualTo(ENTITY_FALLBACK);
    }

    @Test
    void stepFourDefaultFallbackWhenNothingElseMapsTheItem() {
        TaxMappingResolver resolver = resolver(onlyFallback(DEFAULT_FALLBACK),
                Map.of("eu", metrics(Map.of("api_calls", ENTITY_API_CALLS), null)));

        assertThat(resolver.resolve("default", "eu", "charge", "bandwidth")).isEqualTo(DEFAULT_FALLBACK);
        assertThat(resolver.resolve("default", "eu", "charge", "api_calls")).isEqualTo(ENTITY_API_CALLS);
    }

    @Test
    void noItemMappingAndNoFallbackAnywhereIsUnmappedItem() {
        TaxMappingResolver resolver = resolver(metrics(Map.of("storage", DEFAULT_API_CALLS), null),
                Map.of("eu", metrics(Map.of("api_calls", ENTITY_API_CALLS), null)));

        assertThatThrownBy(() -> resolver.resolve("default", "eu", "charge", "bandwidth"))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNMAPPED_ITEM))
                .hasMessageContaining("charge")
                .hasMessageContaining("bandwidth")
                .hasMessageContaining("default");
    }

    @Test
    void otherBillingEntityMappingIsNotUsed() {
        assertThat(fullResolver().resolve("default", "us", "charge", "api_calls")).isEqualTo(DEFAULT_API_CALLS);
        assertThat(fullResolver().resolve("default", "us", "charge", "bandwidth")).isEqualTo(DEFAULT_FALLBACK);
    }

    @ParameterizedTest(name = "billing entity \"{0}\" uses only the connection default")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "unknown"})
    void absentOrUnknownBillingEntityUsesOnlyConnectionDefault(String billingEntity) {
        assertThat(fullResolver().resolve("default", billingEntity, "charge", "api_calls"))
                .isEqualTo(DEFAULT_API_CALLS);
        assertThat(fullResolver().resolve("default", billingEntity, "charge", "bandwidth"))
                .isEqualTo(DEFAULT_FALLBACK);
    }

    @Test
    void billingEntityMappingWithBlankTaxCodeIsSkipped() {
        TaxMappingResolver resolver = resolver(metrics(Map.of("api_calls", DEFAULT_API_CALLS), DEFAULT_FALLBACK),
                Map.of("eu", metrics(Map.of("api_calls", new ItemMapping(" ", "ONLY_ITEM_CODE")),
                        new ItemMapping(null, "NO_TAX_CODE"))));

        assertThat(resolver.resolve("default", "eu", "charge", "api_calls")).isEqualTo(DEFAULT_API_CALLS);
        assertThat(resolver.resolve("default", "eu", "charge", "bandwidth")).isEqualTo(DEFAULT_FALLBACK);
    }

    @Test
    void fallbackItemsWithoutTaxCodeAreUnmappedItem() {
        TaxMappingResolver resolver = resolver(onlyFallback(new ItemMapping("", "X")),
                Map.of("eu", onlyFallback(new ItemMapping(null, "Y"))));

        assertUnmapped(() -> resolver.resolve("default", "eu", "charge", "api_calls"));
    }

    @Test
    void connectionWithOnlyBillingEntityMappingsAndNoDefaultWorks() {
        TaxMappingResolver resolver = resolver(null, Map.of("eu", onlyFallback(ENTITY_FALLBACK)));

        assertThat(resolver.resolve("default", "eu", "subscription", "pro_plan")).isEqualTo(ENTITY_FALLBACK);
        assertUnmapped(() -> resolver.resolve("default", "us", "subscription", "pro_plan"));
    }

    // --- connections ------------------------------------------------------------------------

    @Test
    void unknownConnectionIsUnmappedItemEvenWhenAnotherConnectionHasAFallback() {
        TaxMappingResolver resolver = fullResolver();

        assertThatThrownBy(() -> resolver.resolve("eu_avatax", "eu", "charge", "api_calls"))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNMAPPED_ITEM))
                .hasMessageContaining("eu_avatax");
    }

    @Test
    void nullConnectionIsUnmappedItem() {
        assertUnmapped(() -> fullResolver().resolve(null, "eu", "charge", "api_calls"));
    }

    @Test
    void noMappingsConfiguredAtAllIsUnmappedItem() {
        TaxMappingResolver resolver = new TaxMappingResolver(new MappingProperties(null));

        assertUnmapped(() -> resolver.resolve("default", null, "subscription", "pro_plan"));
    }

    @Test
    void mappingsOfEachConnectionAreKeptApart() {
        TaxMappingResolver resolver = new TaxMappingResolver(new MappingProperties(Map.of(
                "us", new ConnectionMappings(metrics(Map.of("api_calls", new ItemMapping("US_CODE", null)), null),
                        null),
                "eu", new ConnectionMappings(metrics(Map.of("api_calls", new ItemMapping("EU_CODE", null)), null),
                        null))));

        assertThat(resolver.resolve("us", null, "charge", "api_calls").taxCode()).isEqualTo("US_CODE");
        assertThat(resolver.resolve("eu", null, "charge", "api_calls").taxCode()).isEqualTo("EU_CODE");
    }

    // --- item types -------------------------------------------------------------------------

    private static TaxMappingResolver byKind() {
        return resolver(set(
                        Map.of("setup", new ItemMapping("ADDON_SETUP", null)),
                        Map.of("api_calls", new ItemMapping("METRIC_API", null)),
                        new ItemMapping("SUBSCRIPTION", null),
                        new ItemMapping("COMMITMENT", null),
                        null),
                null);
    }

    @Test
    void subscriptionUsesSubscriptionFeeWhateverThePlanCode() {
        assertThat(byKind().resolve("default", null, "subscription", "pro_plan"))
                .isEqualTo(new ItemMapping("SUBSCRIPTION", "pro_plan"));
        assertThat(byKind().resolve("default", null, "subscription", "startup_plan").taxCode())
                .isEqualTo("SUBSCRIPTION");
    }

    @Test
    void chargeUsesBillableMetricsByCode() {
        assertThat(byKind().resolve("default", null, "charge", "api_calls"))
                .isEqualTo(new ItemMapping("METRIC_API", "api_calls"));
    }

    @Test
    void addOnUsesAddOnsByCode() {
        assertThat(byKind().resolve("default", null, "add_on", "setup"))
                .isEqualTo(new ItemMapping("ADDON_SETUP", "setup"));
    }

    @Test
    void fixedChargeUsesAddOnsByCode() {
        assertThat(byKind().resolve("default", null, "fixed_charge", "setup"))
                .isEqualTo(new ItemMapping("ADDON_SETUP", "setup"));
    }

    @Test
    void commitmentUsesMinimumCommitment() {
        assertThat(byKind().resolve("default", null, "commitment", "anything"))
                .isEqualTo(new ItemMapping("COMMITMENT", "anything"));
    }

    @Test
    void chargeCodeMappedOnlyAsAddOnIsNotUsedForACharge() {
        assertUnmapped(() -> byKind().resolve("default", null, "charge", "setup"));
    }

    @Test
    void addOnCodeMappedOnlyAsBillableMetricIsNotUsedForAnAddOn() {
        assertUnmapped(() -> byKind().resolve("default", null, "add_on", "api_calls"));
        assertUnmapped(() -> byKind().resolve("default", null, "fixed_charge", "api_calls"));
    }

    @Test
    void unknownChargeCodeWithoutFallbackIsUnmappedItem() {
        assertUnmapped(() -> byKind().resolve("default", null, "charge", "bandwidth"));
    }

    @ParameterizedTest(name = "item type \"{0}\" falls through to the fallback item")
    @NullAndEmptySource
    @ValueSource(strings = {"credit", "unknown_type"})
    void unknownItemTypeFallsThroughToFallbackItem(String type) {
        TaxMappingResolver resolver = resolver(set(null, null, new ItemMapping("SUBSCRIPTION", null), null,
                DEFAULT_FALLBACK), null);

        assertThat(resolver.resolve("default", null, type, "pro_plan")).isEqualTo(DEFAULT_FALLBACK);
    }

    // --- item code ----------------------------------------------------------------------------

    @Test
    void itemCodeDefaultsToLagoItemCodeWhenMappingHasNone() {
        assertThat(fullResolver().resolve("default", null, "charge", "storage").itemCode()).isEqualTo("storage");
    }

    @Test
    void blankItemCodeDefaultsToLagoItemCode() {
        TaxMappingResolver resolver = resolver(metrics(Map.of("api_calls", new ItemMapping("T", "  ")), null), null);

        assertThat(resolver.resolve("default", null, "charge", "api_calls"))
                .isEqualTo(new ItemMapping("T", "api_calls"));
    }

    @Test
    void configuredItemCodeIsKept() {
        assertThat(fullResolver().resolve("default", null, "charge", "api_calls").itemCode())
                .isEqualTo("DEFAULT_API");
    }

    @Test
    void fallbackItemWithoutItemCodeUsesTheLagoItemCode() {
        TaxMappingResolver resolver = resolver(onlyFallback(new ItemMapping("P0000000", null)), null);

        assertThat(resolver.resolve("default", null, "add_on", "premium_support"))
                .isEqualTo(new ItemMapping("P0000000", "premium_support"));
    }

    // --- relaxed-binding keys -----------------------------------------------------------------

    @Test
    void configKeyFoldedBySpringMatchesLagoCodeWithUnderscore() {
        TaxMappingResolver resolver = resolver(metrics(Map.of("apicalls", new ItemMapping("SW054000", null)), null),
                null);

        // The item code stays the Lago code, not the folded configuration key.
        assertThat(resolver.resolve("default", null, "charge", "api_calls"))
                .isEqualTo(new ItemMapping("SW054000", "api_calls"));
    }

    @Test
    void foldedAddOnKeyMatchesUpperCaseLagoCode() {
        TaxMappingResolver resolver = resolver(set(Map.of("premiumsupport", new ItemMapping("SW052000", null)),
                null, null, null, null), null);

        assertThat(resolver.resolve("default", null, "add_on", "Premium_Support"))
                .isEqualTo(new ItemMapping("SW052000", "Premium_Support"));
    }

    @Test
    void foldedBillingEntityAndConnectionKeysMatchLagoCodes() {
        Map<String, ConnectionMappings> mappings = new HashMap<>();
        mappings.put("euavatax", new ConnectionMappings(null,
                Map.of("acmeeu", metrics(Map.of("apicalls", ENTITY_API_CALLS), null))));
        TaxMappingResolver resolver = new TaxMappingResolver(new MappingProperties(mappings));

        assertThat(resolver.resolve("eu_avatax", "acme_eu", "charge", "api_calls")).isEqualTo(ENTITY_API_CALLS);
    }
}
