package dev.taxbridge.customer;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.lago.LagoModels.Customer;

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
}
