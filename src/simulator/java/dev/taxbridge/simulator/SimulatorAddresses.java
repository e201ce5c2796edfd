package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The simulator's {@code addresses/resolve}: an address on a known street (a line1 that starts with a house
 * number, in a place the rate table covers) resolves to {@code Rooftop}, normalised in upper case, with a
 * ZIP+4 for a US five-digit postal code and coordinates made up from the address; any other is
 * {@code NotCoded}, echoed as given, with AvaTax's {@code AddressNotGeocoded} error message.
 */
class SimulatorAddresses {

    private static final Pattern HOUSE_NUMBER = Pattern.compile("^\\d+[A-Za-z]?\\s+\\S.*");
    private static final Pattern US_ZIP = Pattern.compile("\\d{5}");

    private final ObjectMapper mapper;
    private final SimulatorRates rates;

    SimulatorAddresses(ObjectMapper mapper, SimulatorRates rates) {
        this.mapper = mapper;
        this.rates = rates;
    }

    /** An AddressResolutionModel for an AddressValidationInfo. */
    ObjectNode resolve(JsonNode address) {
        if (address == null || !address.isObject()) {
            throw SimulatorError.badRequest("ValueRequiredError", "The request has no address.", "address");
        }
        String line1 = text(address, "line1");
        String country = text(address, "country");
        String region = text(address, "region");
        String postalCode = text(address, "postalCode");
        boolean known = line1 != null && HOUSE_NUMBER.matcher(line1.trim()).matches()
                && rates.find(country, region, postalCode).isPresent();
        ObjectNode result = mapper.createObjectNode();
        result.set("address", address.deepCopy());
        ObjectNode validated = result.putArray("validatedAddresses").addObject();
        var messages = result.putArray("messages");
        if (known) {
            int hash = Math.floorMod((line1.trim() + "|" + postalCode).toUpperCase(Locale.ROOT).hashCode(), 10_000);
            validated.put("addressType", "StreetOrResidentialAddress");
            validated.put("line1", line1.trim().toUpperCase(Locale.ROOT));
            validated.put("line2", upper(text(address, "line2")));
            validated.put("line3", "");
            validated.put("city", upper(text(address, "city")));
            validated.put("region", region == null ? "" : region.toUpperCase(Locale.ROOT));
            validated.put("country", country.toUpperCase(Locale.ROOT));
            validated.put("postalCode", "US".equalsIgnoreCase(country) && postalCode != null
                    && US_ZIP.matcher(postalCode).matches() ? postalCode + "-" + String.format("%04d", hash) : postalCode);
            validated.put("latitude", new BigDecimal("47.6").add(BigDecimal.valueOf(hash, 6)));
            validated.put("longitude", new BigDecimal("-122.5").subtract(BigDecimal.valueOf(hash, 6)));
            result.put("resolutionQuality", "Rooftop");
        } else {
            validated.put("addressType", "UnknownAddressType");
            for (String field : new String[] {"line1", "line2", "line3", "city", "region", "country", "postalCode"}) {
                validated.put(field, text(address, field) == null ? "" : text(address, field));
            }
            result.put("resolutionQuality", "NotCoded");
            ObjectNode message = messages.addObject();
            message.put("summary", "Address cannot be geocoded.");
            message.put("details", "AddressNotGeocoded: the address could not be placed, so its tax jurisdictions"
                    + " cannot be determined.");
            message.put("refersTo", "Address");
            message.put("severity", "Error");
            message.put("source", "Avalara.AvaTax.Services.Address");
        }
        return result;
    }

    private static String upper(String value) {
        return value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
