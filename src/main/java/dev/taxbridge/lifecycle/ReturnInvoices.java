package dev.taxbridge.lifecycle;

import dev.taxbridge.address.AddressRules;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.Addresses;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.tax.CustomerExemptions.Exemption;
import org.springframework.stereotype.Component;

/**
 * What every ReturnInvoice of an invoice's life needs (a reversal, a credit note): the connection of
 * its invoice; the committed SalesInvoice it answers, read from AvaTax's answer; the addresses that
 * invoice had; and the wait for a SalesInvoice AvaTax does not have yet.
 */
@Component
public class ReturnInvoices {

    public static final String TYPE = "ReturnInvoice";
    /** The most returns listed for one invoice (one page). */
    public static final int LIST_TOP = 1000;

    private final ConnectionRegistry connections;
    private final AddressRules addresses;
    private final PendingDocuments pending;
    private final CustomerExemptions exemptions;

    public ReturnInvoices(ConnectionRegistry connections, AddressRules addresses, PendingDocuments pending,
            CustomerExemptions exemptions) {
        this.connections = connections;
        this.addresses = addresses;
        this.pending = pending;
        this.exemptions = exemptions;
    }

    /** The customer's exemption, as its invoice was sent with it (none without a customer). */
    public Exemption exemption(Customer customer) {
        return exemptions.of(customer);
    }

    /**
     * The connection the command names, else its customer's Avalara integration, else its Lago
     * organization's, else the default.
     */
    public AvataxConnection connection(String explicitCode, Customer customer, String organizationId) {
        return connections.choose(explicitCode, customer, organizationId);
    }

    public String customerCode(Customer customer) {
        return connections.customerCode(customer);
    }

    /** ShipFrom/ShipTo of a return, as the original invoice had them. */
    public Addresses addresses(String billingEntityCode, Customer customer) {
        return Addresses.shipping(addresses.shipFrom(billingEntityCode), addresses.shipTo(customer));
    }

    /** AvaTax has no SalesInvoice {@code invoiceLagoId}: retried for a bounded time, then parked. */
    public void notRecordedYet(AvataxConnection connection, String invoiceLagoId) {
        pending.notRecordedYet(connection.companyCode(), invoiceLagoId);
    }
}
