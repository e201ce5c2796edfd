package dev.taxbridge.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.address.BillingEntityProperties.BillingEntity;
import dev.taxbridge.avatax.AvataxModels.AvataxAddress;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.PostalAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

    private static final PostalAddress BAINBRIDGE =
            new PostalAddress("100 Ravine Ln NE", "Suite 2", "Bainbridge Island", "WA", "98110", "US");
    private static final PostalAddress PORTLAND =
            new PostalAddress("1 Main St", null, "Portland", "OR", "97201", "US");

    private static final BillingEntity ACME =
            new BillingEntity("Acme Software Inc", "255 S King St", null, "Seattle", "WA", "98104", "US");
    private static final BillingEntity ACME_EU =
            new BillingEntity("Acme EU", "1 Rue de Rivoli", "Bat. B", "Paris", null, "75001", "FR");

    private final AddressRules rules = new AddressRules(
            new BillingEntityProperties(Map.of("acme", ACME, "acme_eu", ACME_EU), "acme"));

    private static Customer customer(PostalAddress billing, PostalAddress shipping) {
        return new Customer("lago-cust-1", "cust_ext_1", "Customer", null,
                billing == null ? null : billing.addressLine1(), billing == null ? null : billing.addressLine2(),
                billing == null ? null : billing.city(), billing == null ? null : billing.state(),
                billing == null ? null : billing.zipcode(), billing == null ? null : billing.country(),
                shipping, null);
    }

    private static PostalAddress withState(PostalAddress a, String state) {
        return new PostalAddress(a.addressLine1(), a.addressLine2(), a.city(), state, a.zipcode(), a.country());
    }

    private static PostalAddress withCountry(PostalAddress a, String country) {
        return new PostalAddress(a.addressLine1(), a.addressLine2(), a.city(), a.state(), a.zipcode(), country);
    }

    private static void assertMissingAddress(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MISSING_ADDRESS));
    }

    // --- ShipTo choice --------------------------------------------------------------------------

    @Test
    void usableShippingAddressIsUsedForShipTo() {
        assertThat(rules.shipTo(customer(PORTLAND, BAINBRIDGE)))
                .isEqualTo(new AvataxAddress("100 Ravine Ln NE", "Suite 2", "Bainbridge Island", "WA", "US", "98110"));
    }

    @Test
    void missingShippingAddressFallsBackToBillingAddress() {
        assertThat(rules.shipTo(customer(PORTLAND, null)))
                .isEqualTo(new AvataxAddress("1 Main St", null, "Portland", "OR", "US", "97201"));
    }

    @Test
    void incompleteShippingAddressFallsBackToTheWholeBillingAddressNeverAFieldMix() {
        // The shipping address has a street, a second line and a postal code but no city: unusable.
        PostalAddress shippingWithoutCity = new PostalAddress("9 Ship St", "Dock 4", null, "WA", "98110", "US");

        AvataxAddress shipTo = rules.shipTo(customer(PORTLAND, shippingWithoutCity));

        assertThat(shipTo).isEqualTo(new AvataxAddress("1 Main St", null, "Portland", "OR", "US", "97201"));
        assertThat(shipTo.line2()).as("line2 must not be borrowed from the shipping address").isNull();
    }

    @Test
    void shippingAddressWithSpelledOutRegionIsUsedForShipTo() {
        AvataxAddress shipTo = rules.shipTo(customer(PORTLAND, withState(BAINBRIDGE, "Washington")));

        assertThat(shipTo).isEqualTo(
                new AvataxAddress("100 Ravine Ln NE", "Suite 2", "Bainbridge Island", "Washington", "US", "98110"));
    }

    @Test
    void shippingAddressWithNeitherRegionNorPostalCodeFallsBackToTheWholeBillingAddress() {
        PostalAddress noRegionNoZip = new PostalAddress("100 Ravine Ln NE", "Suite 2", "Bainbridge Island", null,
                null, "US");

        assertThat(rules.shipTo(customer(PORTLAND, noRegionNoZip)))
                .isEqualTo(new AvataxAddress("1 Main St", null, "Portland", "OR", "US", "97201"));
    }

    @Test
    void shippingAddressWithInvalidCountryFallsBackToTheWholeBillingAddress() {
        assertThat(rules.shipTo(customer(PORTLAND, withCountry(BAINBRIDGE, "USA"))).city()).isEqualTo("Portland");
    }

    @Test
    void unusableBillingAddressDoesNotMatterWhenShippingAddressIsUsable() {
        PostalAddress badBilling = new PostalAddress(null, null, null, null, null, null);

        assertThat(rules.shipTo(customer(badBilling, BAINBRIDGE)).city()).isEqualTo("Bainbridge Island");
    }

    @Test
    void neitherShippingNorBillingAddressUsableIsMissingAddress() {
        assertThatThrownBy(() -> rules.shipTo(customer(withCountry(PORTLAND, "Oregon"), withCountry(BAINBRIDGE, "USA"))))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MISSING_ADDRESS))
                .hasMessageContaining("cust_ext_1");
    }

    @Test
    void customerWithoutAnyAddressIsMissingAddress() {
        assertMissingAddress(() -> rules.shipTo(customer(null, null)));
    }

    @Test
    void nullCustomerIsMissingAddress() {
        assertMissingAddress(() -> rules.shipTo(null));
    }

    // --- usable(): required fields ----------------------------------------------------------------

    @Test
    void nullAddressIsUnusable() {
        assertThat(AddressRules.usable(null)).isEmpty();
    }

    @ParameterizedTest(name = "address line 1 \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingStreetLineIsUnusable(String line1) {
        assertThat(AddressRules.usable(new PostalAddress(line1, "x", "Seattle", "WA", "98104", "US"))).isEmpty();
    }

    @ParameterizedTest(name = "city \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingCityIsUnusable(String city) {
        assertThat(AddressRules.usable(new PostalAddress("1 Main St", null, city, "WA", "98104", "US"))).isEmpty();
    }

    @ParameterizedTest(name = "country \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingCountryIsUnusable(String country) {
        assertThat(AddressRules.usable(withCountry(BAINBRIDGE, country))).isEmpty();
    }

    // --- usable(): country ------------------------------------------------------------------------

    @ParameterizedTest(name = "country \"{0}\" is not ISO 3166-1 alpha-2")
    @ValueSource(strings = {"USA", "United States", "U.S.", "840", "XX", "U"})
    void countryNotIso3166Alpha2IsUnusable(String country) {
        assertThat(AddressRules.usable(withCountry(BAINBRIDGE, country))).isEmpty();
    }

    @ParameterizedTest(name = "country \"{0}\" -> {1}")
    @CsvSource({"US, US", "us, US", "' fr ', FR", "De, DE"})
    void isoAlpha2CountryIsTrimmedAndUpperCased(String country, String expected) {
        assertThat(AddressRules.usable(new PostalAddress("1 Main", null, "Town", null, "12345", country)))
                .hasValueSatisfying(a -> assertThat(a.country()).isEqualTo(expected));
    }

    // --- usable(): region ------------------------------------------------------------------------

    @ParameterizedTest(name = "region \"{0}\" -> {1}")
    @CsvSource({
            "WA, WA",
            "wa, WA",
            "' Wa ', WA",
            "US-WA, WA",
            "us-wa, WA",
            "NSW, NSW",
            "75, 75",
            "2A, 2A",
            "W, W"})
    void isoSubdivisionCodeIsNormalized(String state, String expected) {
        assertThat(AddressRules.usable(withState(BAINBRIDGE, state)))
                .hasValueSatisfying(a -> assertThat(a.region()).isEqualTo(expected));
    }

    @ParameterizedTest(name = "region \"{0}\" is sent spelled out as \"{1}\"")
    @CsvSource({
            "Washington, Washington",
            "' California ', California",
            "WASH, WASH",
            "W.A., W.A.",
            "W A, W A",
            "US-Washington, US-Washington",
            "CA-BC, CA-BC"})
    void regionThatIsNotASubdivisionCodeIsSentAsLagoHoldsItTrimmed(String state, String expected) {
        assertThat(AddressRules.usable(withState(BAINBRIDGE, state)))
                .hasValueSatisfying(a -> assertThat(a.region()).isEqualTo(expected));
    }

    @ParameterizedTest(name = "{1}: \"{0}\" -> \"{2}\"")
    @CsvSource({
            "Bayern, DE, Bayern, 80331",
            "Île-de-France, FR, Île-de-France, 75001",
            "Ontario, CA, Ontario, M5H 2N2",
            "Québec, CA, Québec, H2Y 1C6",
            "BY, DE, BY, 80331",
            "de-by, DE, BY, 80331",
            "IDF, FR, IDF, 75001"})
    void spelledOutRegionsOfOtherCountriesAreUsableAndKeepTheirCharacters(String state, String country,
            String expected, String postalCode) {
        PostalAddress address = new PostalAddress("Marienplatz 8", null, "München", state, postalCode, country);

        assertThat(AddressRules.usable(address)).hasValueSatisfying(a -> {
            assertThat(a.region()).isEqualTo(expected);
            assertThat(a.city()).isEqualTo("München");
        });
    }

    @Test
    void countryPrefixOfAnotherCountryIsNotStripped() {
        PostalAddress canadian = new PostalAddress("1 Main", null, "Vancouver", "US-BC", "V6B 1A1", "CA");

        assertThat(AddressRules.usable(canadian)).hasValueSatisfying(a -> assertThat(a.region()).isEqualTo("US-BC"));
    }

    @Test
    void regionOnlyMadeOfTheCountryPrefixIsSentAsItIs() {
        assertThat(AddressRules.usable(withState(BAINBRIDGE, "US-")))
                .hasValueSatisfying(a -> assertThat(a.region()).isEqualTo("US-"));
    }

    @ParameterizedTest(name = "region \"{0}\" absent but postal code present")
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void regionAbsentButPostalCodePresentIsUsable(String state) {
        assertThat(AddressRules.usable(withState(BAINBRIDGE, state)))
                .hasValueSatisfying(a -> {
                    assertThat(a.region()).isNull();
                    assertThat(a.postalCode()).isEqualTo("98110");
                });
    }

    @Test
    void regionPresentButPostalCodeAbsentIsUsable() {
        assertThat(AddressRules.usable(new PostalAddress("1 Main St", null, "Seattle", "WA", null, "US")))
                .hasValueSatisfying(a -> {
                    assertThat(a.region()).isEqualTo("WA");
                    assertThat(a.postalCode()).isNull();
                });
    }

    @Test
    void neitherRegionNorPostalCodeIsUnusable() {
        assertThat(AddressRules.usable(new PostalAddress("1 Main St", null, "Seattle", null, " ", "US"))).isEmpty();
    }

    @Test
    void fieldsAreTrimmedAndBlankSecondLineBecomesNull() {
        PostalAddress padded = new PostalAddress("  1 Main St ", "   ", " Seattle ", " wa ", " 98104 ", " us ");

        assertThat(AddressRules.usable(padded))
                .contains(new AvataxAddress("1 Main St", null, "Seattle", "WA", "US", "98104"));
    }

    // --- ShipFrom ---------------------------------------------------------------------------------

    @Test
    void shipFromUsesTheNamedBillingEntity() {
        assertThat(rules.shipFrom("acme_eu"))
                .isEqualTo(new AvataxAddress("1 Rue de Rivoli", "Bat. B", "Paris", null, "FR", "75001"));
    }

    @ParameterizedTest(name = "billing entity code \"{0}\" -> default entity")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void blankBillingEntityCodeUsesDefaultEntity(String code) {
        assertThat(rules.shipFrom(code))
                .isEqualTo(new AvataxAddress("255 S King St", null, "Seattle", "WA", "US", "98104"));
    }

    @Test
    void billingEntityCodeMatchesFoldedConfigurationKey() {
        AddressRules folded = new AddressRules(new BillingEntityProperties(Map.of("acmeeu", ACME_EU), null));

        assertThat(folded.shipFrom("acme_eu").city()).isEqualTo("Paris");
    }

    @Test
    void unknownBillingEntityIsMissingAddress() {
        assertThatThrownBy(() -> rules.shipFrom("globex"))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MISSING_ADDRESS))
                .hasMessageContaining("globex");
    }

    @Test
    void blankCodeWithoutDefaultEntityIsMissingAddress() {
        AddressRules noDefault = new AddressRules(new BillingEntityProperties(Map.of("acme", ACME), null));

        assertMissingAddress(() -> noDefault.shipFrom(null));
    }

    @Test
    void defaultEntityNotConfiguredIsMissingAddress() {
        AddressRules danglingDefault = new AddressRules(new BillingEntityProperties(Map.of("acme", ACME), "globex"));

        assertMissingAddress(() -> danglingDefault.shipFrom(""));
    }

    @Test
    void billingEntityWithIncompleteAddressIsMissingAddress() {
        BillingEntity noCity = new BillingEntity("Acme", "255 S King St", null, null, "WA", "98104", "US");
        AddressRules incomplete = new AddressRules(new BillingEntityProperties(Map.of("acme", noCity), "acme"));

        assertThatThrownBy(() -> incomplete.shipFrom("acme"))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MISSING_ADDRESS))
                .hasMessageContaining("no usable ShipFrom");
    }

    @Test
    void billingEntityWithSpelledOutRegionIsUsable() {
        BillingEntity named = new BillingEntity("Acme", "255 S King St", null, "Seattle", "Washington", "98104", "US");
        AddressRules spelledOut = new AddressRules(new BillingEntityProperties(Map.of("acme", named), "acme"));

        assertThat(spelledOut.shipFrom("acme"))
                .isEqualTo(new AvataxAddress("255 S King St", null, "Seattle", "Washington", "US", "98104"));
    }
}
