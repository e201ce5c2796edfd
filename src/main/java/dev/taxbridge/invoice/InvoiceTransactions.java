package dev.taxbridge.invoice;

import static dev.taxbridge.lago.LagoFields.blankToNull;
import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.address.AddressRules;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.Addresses;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.lago.FeeRules;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.lago.LagoStatuses;
import dev.taxbridge.mapping.ItemMapping;
import dev.taxbridge.mapping.TaxMappingResolver;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.tax.CustomerExemptions.Exemption;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Builds the AvaTax transaction for a Lago invoice: connection, customer code, ShipFrom/ShipTo,
 * one line per taxable fee with its mapped tax code and its amount in major units; an exempt customer's
 * entity use code and exemption number ({@link CustomerExemptions}).
 */
@Component
public class InvoiceTransactions {

    public static final String CREDIT = "credit";

    private final CommandReader reader;
    private final ConnectionRegistry connections;
    private final TaxMappingResolver mappings;
    private final AddressRules addresses;
    private final CustomerExemptions exemptions;

    public InvoiceTransactions(CommandReader reader, ConnectionRegistry connections, TaxMappingResolver mappings,
            AddressRules addresses, CustomerExemptions exemptions) {
        this.reader = reader;
        this.connections = connections;
        this.mappings = mappings;
        this.addresses = addresses;
        this.exemptions = exemptions;
    }

    public InvoiceCommand parse(byte[] body) {
        InvoiceCommand command = reader.read(body, InvoiceCommand.class);
        Invoice invoice = require(command.invoice(), "invoice");
        require(invoice.lagoId(), "invoice.lago_id");
        require(invoice.issuingDate(), "invoice.issuing_date");
        MinorUnits.currency(invoice.currency());
        Customer customer = require(invoice.customer(), "invoice.customer");
        require(customer.externalId(), "invoice.customer.external_id");
        List<Fee> fees = require(invoice.fees(), "invoice.fees");
        for (int i = 0; i < fees.size(); i++) {
            Fee fee = FeeRules.requireValid(fees.get(i), "invoice.fees[" + i + "]");
            require(fee.lagoId(), "invoice.fees[" + i + "].lago_id");
        }
        return command;
    }

    public AvataxConnection connection(InvoiceCommand command) {
        return connections.choose(command.connection(), command.invoice().customer(), command.organizationId());
    }

    /** {@code invoice.draft}: an estimate, {@code transactions/create} of a SalesOrder (nothing recorded). */
    public AvataxCall<TransactionModel> estimate(InvoiceCommand command, AvataxConnection connection) {
        CreateTransactionModel model = transaction(command.invoice(), connection, "SalesOrder", false);
        return model.lines().isEmpty() ? null : AvataxEndpoints.createTransaction(model);
    }

    /**
     * Only a finalized invoice (or one without a status) is recorded: Lago reports an invoice's tax when it
     * finalizes it. Checked before the invoice's connection is chosen.
     */
    public void requireFinal(InvoiceCommand command) {
        LagoStatuses.requireFinalInvoice(command.invoice().status());
    }

    /**
     * {@code invoice.finalized} of a final invoice ({@link #requireFinal}): a committed SalesInvoice whose code
     * is the invoice id, so replays adjust it (uncommitted on a connection whose {@code commit} is false).
     */
    public AvataxCall<TransactionModel> commit(InvoiceCommand command, AvataxConnection connection) {
        CreateTransactionModel model = transaction(command.invoice(), connection, "SalesInvoice",
                connection.commit());
        if (model.lines().isEmpty()) {
            return null;
        }
        return AvataxEndpoints.createOrAdjust(model);
    }

    public CreateTransactionModel transaction(Invoice invoice, AvataxConnection connection, String type,
            boolean commit) {
        Currency currency = MinorUnits.currency(invoice.currency());
        Customer customer = invoice.customer();
        Addresses where = Addresses.shipping(addresses.shipFrom(invoice.billingEntityCode()),
                addresses.shipTo(customer));
        Exemption exemption = exemptions.of(customer);
        return new CreateTransactionModel(type, invoice.lagoId(), connection.companyCode(), invoice.issuingDate(),
                customerCode(customer), currency.getCurrencyCode(), null, blankToNull(customer.taxIdentificationNumber()),
                null, commit, null, where, lines(invoice, connection, currency), null)
                .withExemption(exemption.entityUseCode(), exemption.exemptionNo());
    }

    public List<LineItemModel> lines(Invoice invoice, AvataxConnection connection, Currency currency) {
        List<LineItemModel> lines = new ArrayList<>();
        String billingEntity = addresses.billingEntity(invoice.billingEntityCode());
        for (Fee fee : invoice.fees()) {
            if (CREDIT.equals(fee.item().type())) {
                continue;
            }
            ItemMapping mapping = mappings.resolve(connection.code(), billingEntity, fee.item().type(),
                    fee.item().code());
            lines.add(new LineItemModel(fee.lagoId(), FeeRules.quantity(fee.units()),
                    MinorUnits.toMajor(fee.taxableAmountCents(), currency), mapping.taxCode(), mapping.itemCode(),
                    fee.item().name()));
        }
        return lines;
    }

    /** The Avalara customer id when the customer is linked to Avalara, else Lago's external id. */
    public String customerCode(Customer customer) {
        return connections.customerCode(customer);
    }
}
