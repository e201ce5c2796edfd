package dev.taxbridge.address;

import dev.taxbridge.address.BillingEntityProperties.BillingEntity;
import dev.taxbridge.avatax.AvataxModels.AvataxAddress;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.ConfigKeys;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.PostalAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Chooses and validates the ShipFrom and ShipTo addresses. ShipTo is the customer's shipping
 * address when it is usable, else the billing address, always as a whole (never a field-by-field
 * mix). Usable: a street line, a city, an ISO 3166-1 alpha-2 country, and a region or a postal code.
 *
 * <p>Lago's {@code state} is free text. AvaTax takes a region as an ISO 3166-2 subdivision code or spelled
 * out ({@code AddressLocationInfo.region}), so a value shaped like a subdivision code (one to three letters
 * or digits, with or without the country's prefix: {@code WA}, {@code us-wa}, {@code BY}) is sent as that
 * code in upper case, and any other value ("California", "Île-de-France") as Lago holds it, trimmed. Names,
 * cities and streets keep their characters; AvaTax itself refuses what it cannot place.
 */
@Component
public class AddressRules {

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern SUBDIVISION_CODE = Pattern.compile("[A-Z0-9]{1,3}");

    private final BillingEntityProperties entities;

    public AddressRules(BillingEntityProperties entities) {
        this.entities = entities;
    }

    public AvataxAddress shipTo(Customer customer) {
        if (customer == null) {
            throw new TaxBridgeException(ErrorCode.MISSING_ADDRESS, "the invoice has no customer, so no ShipTo address");
        }
        return shipToOf(customer)
                .orElseThrow(() -> new TaxBridgeException(ErrorCode.MISSING_ADDRESS,
                        "customer '" + customer.externalId() + "' has neither a usable shipping address nor a usable"
                                + " billing address (street, city, ISO 3166-1 country, and a region or a postal code)"));
    }

    /** The customer's ShipTo: its shipping address when usable, else its billing address when usable. */
    public static Optional<AvataxAddress> shipToOf(Customer customer) {
        return usable(customer.shippingAddress()).or(() -> usable(customer.billingAddress()));
    }

    /** The invoice's billing entity, or {@code tax.default-billing-entity} when it names none. */
    public String billingEntity(String billingEntityCode) {
        return billingEntityCode == null || billingEntityCode.isBlank()
                ? entities.defaultBillingEntity() : billingEntityCode;
    }

    public AvataxAddress shipFrom(String billingEntityCode) {
        String code = billingEntity(billingEntityCode);
        BillingEntity entity = ConfigKeys.lookup(entities.billingEntities(), code);
        if (entity == null) {
            throw new TaxBridgeException(ErrorCode.MISSING_ADDRESS,
                    "billing entity '" + code + "' has no configured address (tax.billing-entities." + code + ")");
        }
        return usable(entity.address()).orElseThrow(() -> new TaxBridgeException(ErrorCode.MISSING_ADDRESS,
                "billing entity '" + code + "' has no usable ShipFrom address"));
    }

    /** The address in AvaTax form when it is complete and valid, else empty. */
    public static Optional<AvataxAddress> usable(PostalAddress address) {
        if (address == null || blank(address.addressLine1()) || blank(address.city()) || blank(address.country())) {
            return Optional.empty();
        }
        String country = address.country().trim().toUpperCase(Locale.ROOT);
        if (!ISO_COUNTRIES.contains(country)) {
            return Optional.empty();
        }
        String region = region(address.state(), country);
        String postalCode = blank(address.zipcode()) ? null : address.zipcode().trim();
        if (region == null && postalCode == null) {
            return Optional.empty();
        }
        return Optional.of(new AvataxAddress(address.addressLine1().trim(), trimmedOrNull(address.addressLine2()),
                address.city().trim(), region, country, postalCode));
    }

    /** The region as AvaTax takes it: an ISO 3166-2 subdivision code, else the name trimmed; null when blank. */
    static String region(String state, String country) {
        if (blank(state)) {
            return null;
        }
        String name = state.trim();
        String code = name.toUpperCase(Locale.ROOT);
        if (code.startsWith(country + "-")) {
            code = code.substring(country.length() + 1);
        }
        return SUBDIVISION_CODE.matcher(code).matches() ? code : name;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String trimmedOrNull(String value) {
        return blank(value) ? null : value.trim();
    }
}
