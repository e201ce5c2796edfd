package dev.taxbridge.customer;

import static dev.taxbridge.lago.LagoFields.blankToNull;
import static dev.taxbridge.lago.LagoFields.require;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.address.AddressRules;
import dev.taxbridge.avatax.AddressResolution;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.AddressResolutionModel;
import dev.taxbridge.avatax.AvataxModels.AddressValidationInfo;
import dev.taxbridge.avatax.AvataxModels.AvataxAddress;
import dev.taxbridge.avatax.AvataxModels.CustomerModel;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.customer.CustomerModels.AddressCheck;
import dev.taxbridge.customer.CustomerModels.CustomerSyncCommand;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.IntegrationCustomer;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.messaging.FailureEvents;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.route.AvataxRefusals;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * {@code customer.created} / {@code customer.updated}. With {@code sync.create_in_avalara} the customer
 * record is kept in step in AvaTax: read it, then create it (POST, a one-element list), update it (PUT)
 * when a field differs, or leave it alone when nothing changed. Without it the customer is linked to an
 * Avalara customer that must already exist. The Avalara customer code is {@code sync.avalara_customer_id},
 * else the customer's Avalara integration id, else (when creating) Lago's {@code external_id}.
 *
 * <p>Before that, the address the customer's invoices will be taxed at (its ShipTo) is resolved with AvaTax
 * ({@code addresses/resolve}) unless the connection's address resolution is off: an address AvaTax cannot
 * place is announced ({@code customer.address_unresolved}, {@code warn}) or refused ({@code invalid_address},
 * {@code require}) now, rather than failing the customer's first invoice.
 */
@Component
public class CustomerSync {

    public static final String SYNCED = "customer.tax_provider_synced";
    public static final String ADDRESS_UNRESOLVED = "customer.address_unresolved";

    private final CommandReader reader;
    private final ConnectionRegistry connections;

    public CustomerSync(CommandReader reader, ConnectionRegistry connections) {
        this.reader = reader;
        this.connections = connections;
    }

    public CustomerSyncCommand parse(byte[] body) {
        CustomerSyncCommand command = withAvalaraLinkTyped(reader.read(body, CustomerSyncCommand.class));
        Customer customer = require(command.customer(), "customer");
        require(customer.externalId(), "customer.external_id");
        require(command.sync(), "sync");
        if (!creates(command) && avalaraId(command) == null) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "required field 'sync.avalara_customer_id' is"
                    + " missing (needed to link a customer that is not created in Avalara)");
        }
        return command;
    }

    public AvataxConnection connection(CustomerSyncCommand command) {
        return connections.choose(command.connection(), command.customer(), command.organizationId());
    }

    public static boolean creates(CustomerSyncCommand command) {
        return Boolean.TRUE.equals(command.sync().createInAvalara());
    }

    public static String customerCode(CustomerSyncCommand command) {
        String linked = avalaraId(command);
        return linked != null ? linked : command.customer().externalId();
    }

    /**
     * {@code POST /api/v2/addresses/resolve} of the customer's ShipTo (its shipping address when usable, else
     * its billing address); null when the connection's address resolution is off or there is no usable address
     * to resolve.
     */
    public AvataxCall<AddressResolutionModel> resolution(CustomerSyncCommand command) {
        AvataxConnection connection = connection(command);
        if (connection.addressResolution() == AddressResolution.OFF) {
            return null;
        }
        return AddressRules.shipToOf(command.customer())
                .map(address -> AvataxEndpoints.resolveAddress(new AddressValidationInfo(address.line1(),
                        address.line2(), address.city(), address.region(), address.country(), address.postalCode())))
                .orElse(null);
    }

    /**
     * AvaTax's resolution as the events report it (null without one). With {@code require}, an address AvaTax
     * cannot place fails the command as {@code invalid_address} before anything is written.
     */
    public AddressCheck checked(CustomerSyncCommand command, AddressResolutionModel answer) {
        if (answer == null) {
            return null;
        }
        AddressCheck check = AddressCheck.of(answer);
        if (check.unresolved() && connection(command).addressResolution() == AddressResolution.REQUIRE) {
            throw new TaxBridgeException(ErrorCode.INVALID_ADDRESS, "AvaTax cannot place the address of customer '"
                    + command.customer().externalId() + "' (resolution quality " + check.quality()
                    + check.firstError().map(message -> ": " + message).orElse("") + ")");
        }
        return check;
    }

    /** {@code GET /api/v2/companies/{companyId}/customers/{customerCode}}. */
    public AvataxCall<CustomerModel> lookup(CustomerSyncCommand command, long companyId) {
        return AvataxEndpoints.getCustomer(companyId, customerCode(command));
    }

    /** The write that brings AvaTax in step with Lago, or null when there is nothing to write. */
    public AvataxCall<?> write(CustomerSyncCommand command, long companyId, CustomerModel existing) {
        String code = customerCode(command);
        if (!creates(command)) {
            if (existing == null) {
                throw new TaxBridgeException(ErrorCode.PROVIDER_ERROR, "Avalara customer '" + code
                        + "' does not exist in company " + companyId + ", so the customer cannot be linked to it",
                        AvataxRefusals.NOT_FOUND, null);
            }
            return null;
        }
        CustomerModel wanted = model(command, companyId);
        if (existing == null) {
            return AvataxEndpoints.createCustomers(companyId, List.of(wanted));
        }
        if (same(existing, wanted)) {
            return null;
        }
        return AvataxEndpoints.updateCustomer(companyId, code, wanted);
    }

    /** The CustomerModel for Lago's customer: its billing address, else its shipping address. */
    static CustomerModel model(CustomerSyncCommand command, long companyId) {
        Customer customer = command.customer();
        AvataxAddress address = AddressRules.usable(customer.billingAddress())
                .or(() -> AddressRules.usable(customer.shippingAddress()))
                .orElseThrow(() -> new TaxBridgeException(ErrorCode.MISSING_ADDRESS, "customer '"
                        + customer.externalId() + "' has no usable address to create it in Avalara"));
        String name = customer.name() == null || customer.name().isBlank() ? customer.externalId() : customer.name();
        return new CustomerModel(null, companyId, customerCode(command), name, address.line1(), address.line2(),
                address.city(), address.region(), address.postalCode(), address.country());
    }

    static boolean same(CustomerModel existing, CustomerModel wanted) {
        return Objects.equals(existing.name(), wanted.name()) && Objects.equals(existing.line1(), wanted.line1())
                && Objects.equals(blankToNull(existing.line2()), wanted.line2())
                && Objects.equals(existing.city(), wanted.city())
                && Objects.equals(blankToNull(existing.region()), wanted.region())
                && Objects.equals(blankToNull(existing.postalCode()), wanted.postalCode())
                && Objects.equals(existing.country(), wanted.country());
    }

    /**
     * {@code customer.tax_provider_synced}; {@code avalara.action}: created, updated, unchanged (nothing
     * differed, nothing written) or linked (an existing Avalara customer, not written).
     */
    public OutcomeEvent synced(CustomerSyncCommand command, AvataxCall<?> write, long companyId,
            CustomerModel existing, Object written, AddressCheck addressResolution, String messageId) {
        String action = !creates(command) ? "linked"
                : write == null ? "unchanged" : "POST".equals(write.method()) ? "created" : "updated";
        // What AvaTax answered to the write: the created list (POST) or the updated customer (PUT).
        CustomerModel record = written instanceof List<?> created && !created.isEmpty()
                && created.get(0) instanceof CustomerModel first ? first
                : written instanceof CustomerModel updated ? updated : existing;
        Long customerId = record == null ? null : record.id();
        Customer customer = command.customer();
        String connection = connection(command).code();
        String eventId = OutcomeEvent.eventId(messageId, SYNCED);
        return new OutcomeEvent(SYNCED, eventId, messageId, new CustomerEvent(eventId, connection,
                new SyncedCustomer(customer.lagoId(), customer.externalId(), FailureEvents.PROVIDER, connection,
                        customerCode(command), new AvalaraCustomer(companyId, customerId, customerCode(command), action),
                        addressResolution)));
    }

    /**
     * {@code customer.address_unresolved}: the body of the customer's {@code customer.tax_provider_synced}
     * under an event id of its own, when AvaTax could not place the address; else null.
     */
    public OutcomeEvent addressUnresolved(OutcomeEvent synced, AddressCheck addressResolution) {
        if (addressResolution == null || !addressResolution.unresolved()) {
            return null;
        }
        String eventId = OutcomeEvent.eventId(synced.sourceMessageId(), ADDRESS_UNRESOLVED);
        CustomerEvent body = (CustomerEvent) synced.body();
        return new OutcomeEvent(ADDRESS_UNRESOLVED, eventId, synced.sourceMessageId(),
                new CustomerEvent(eventId, body.connection(), body.customer()));
    }

    /** The body of {@code customer.tax_provider_synced} and {@code customer.address_unresolved}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerEvent(String eventId, String connection, SyncedCustomer customer) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SyncedCustomer(String lagoCustomerId, String externalCustomerId, String taxProvider,
            String taxProviderCode, String avalaraCustomerId, AvalaraCustomer avalara,
            AddressCheck addressResolution) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AvalaraCustomer(long companyId, Long customerId, String customerCode, String action) {
    }

    /**
     * The customer's Avalara entry written with {@code type: avalara} when Lago sent it with {@code type: null}
     * (its serializer once had no avalara case; {@link ConnectionRegistry#avalaraLink}), so every rule below
     * reads one shape.
     */
    private CustomerSyncCommand withAvalaraLinkTyped(CustomerSyncCommand command) {
        Customer customer = command.customer();
        if (customer == null || customer.integrationCustomers() == null || customer.avalaraIntegration().isPresent()) {
            return command;
        }
        return connections.avalaraLink(customer).map(link -> {
            java.util.List<IntegrationCustomer> entries = customer.integrationCustomers().stream()
                    .map(entry -> entry == link ? new IntegrationCustomer(LagoModels.AVALARA, entry.integrationType(),
                            entry.integrationCode(), entry.externalCustomerId()) : entry)
                    .toList();
            Customer typed = new Customer(customer.lagoId(), customer.externalId(), customer.name(),
                    customer.taxIdentificationNumber(), customer.addressLine1(), customer.addressLine2(),
                    customer.city(), customer.state(), customer.zipcode(), customer.country(),
                    customer.shippingAddress(), entries, customer.metadata());
            return new CustomerSyncCommand(command.connection(), typed, command.sync(), command.organizationId());
        }).orElse(command);
    }

    private static String avalaraId(CustomerSyncCommand command) {
        String explicit = command.sync().avalaraCustomerId();
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim();
        }
        return command.customer().avalaraIntegration()
                .map(ic -> ic.externalCustomerId())
                .filter(id -> id != null && !id.isBlank())
                .orElse(null);
    }
}
