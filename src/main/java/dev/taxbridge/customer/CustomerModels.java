package dev.taxbridge.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.avatax.AvataxModels.AddressResolutionModel;
import dev.taxbridge.avatax.AvataxModels.ValidatedAddressInfo;
import dev.taxbridge.lago.LagoModels.Customer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code customer.created} / {@code customer.updated}. */
public final class CustomerModels {

    private CustomerModels() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerSyncCommand(String connection, Customer customer, Sync sync, String organizationId) {

        public CustomerSyncCommand(String connection, Customer customer, Sync sync) {
            this(connection, customer, sync, null);
        }
    }

    /** Lago's Avalara sync settings: create the customer in Avalara, or link to an existing Avalara id. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sync(Boolean createInAvalara, String avalaraCustomerId) {
    }

    /**
     * AvaTax's answer to {@code addresses/resolve} as the customer events carry it ({@code address_resolution}):
     * its {@code resolutionQuality}, its first {@code validatedAddresses[]} entry and its {@code messages[]}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AddressCheck(String quality, ValidatedAddress validated, List<Message> messages) {

        /** Qualities that place the address no better than its country or region: not where the customer is. */
        static final Set<String> UNPLACED = Set.of("NotCoded", "CountryCentroid", "RegionCentroid");
        static final Set<String> ERRORS = Set.of("Error", "Exception");

        public static AddressCheck of(AddressResolutionModel answer) {
            ValidatedAddressInfo first = answer.validatedAddresses() == null || answer.validatedAddresses().isEmpty()
                    ? null : answer.validatedAddresses().get(0);
            List<Message> messages = answer.messages() == null ? List.of() : answer.messages().stream()
                    .map(m -> new Message(m.summary(), m.details(), m.severity(), m.refersTo())).toList();
            return new AddressCheck(answer.resolutionQuality(), first == null ? null : new ValidatedAddress(
                    first.line1(), first.line2(), first.city(), first.region(), first.postalCode(), first.country(),
                    first.latitude(), first.longitude()), messages);
        }

        /** AvaTax answered with an error message, or placed the address no better than its region. */
        public boolean unresolved() {
            return UNPLACED.contains(quality)
                    || messages.stream().anyMatch(m -> ERRORS.contains(m.severity()));
        }

        Optional<String> firstError() {
            return messages.stream().filter(m -> ERRORS.contains(m.severity())).findFirst()
                    .map(m -> m.summary() == null ? m.details() : m.summary());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ValidatedAddress(String line1, String line2, String city, String region, String postalCode,
            String country, BigDecimal latitude, BigDecimal longitude) {
    }

    /** One of AvaTax's messages about the address (AvaTaxMessage). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Message(String summary, String details, String severity, String refersTo) {
    }
}
