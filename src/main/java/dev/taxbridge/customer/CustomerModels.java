package dev.taxbridge.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.lago.LagoModels.Customer;

/** {@code customer.created} / {@code customer.updated}, and AvaTax's CustomerModel. */
public final class CustomerModels {

    private CustomerModels() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerSyncCommand(String connection, Customer customer, Sync sync) {
    }

    /** Lago's Avalara sync settings: create the customer in Avalara, or link to an existing Avalara id. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sync(Boolean createInAvalara, String avalaraCustomerId) {
    }

    /** AvaTax's CustomerModel, the fields the bridge keeps in step. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AvataxCustomer(Long id, Long companyId, String customerCode, String name, String line1, String line2,
            String city, String region, String postalCode, String country) {
    }
}
