package dev.taxbridge.lifecycle;

import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.TaxOverrideModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lifecycle.LifecycleModels.ReversalCommand;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.CustomerExemptions.Exemption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import org.springframework.stereotype.Component;

/**
 * Reverses the tax of a committed invoice ({@code invoice.voided}, a lost {@code invoice.disputed}):
 * VoidTransaction {@code DocVoided} on the SalesInvoice whose code is the invoice's lago_id; when
 * AvaTax refuses because the document is locked (reported in a filed return), a committed
 * ReturnInvoice {@code void_<lago_id>} that negates it, dated today with the original tax date.
 */
@Component
public class InvoiceReversals {

    public static final String SALES_INVOICE = "SalesInvoice";
    public static final String RETURN_CODE_PREFIX = "void_";
    static final String LOST = "lost";

    private final CommandReader reader;
    private final ReturnInvoices returns;

    public InvoiceReversals(CommandReader reader, ReturnInvoices returns) {
        this.reader = reader;
        this.returns = returns;
    }

    public ReversalCommand parseVoid(byte[] body) {
        ReversalCommand command = reader.read(body, ReversalCommand.class);
        Invoice invoice = require(command.invoice(), "invoice");
        require(invoice.lagoId(), "invoice.lago_id");
        if (invoice.currency() != null) {
            MinorUnits.currency(invoice.currency());
        }
        return command;
    }

    public ReversalCommand parseDispute(byte[] body) {
        ReversalCommand command = parseVoid(body);
        if (command.paymentDisputeLost() == null) {
            require(command.dispute(), "dispute");
            require(command.dispute().status(), "dispute.status");
        }
        return command;
    }

    /** Only a lost dispute gives the money back, so only a lost dispute reverses the tax. */
    public boolean lost(ReversalCommand command) {
        if (command.dispute() == null || command.dispute().status() == null) {
            return command.paymentDisputeLost() != null;
        }
        return LOST.equalsIgnoreCase(command.dispute().status().trim());
    }

    public AvataxConnection connection(ReversalCommand command) {
        return returns.connection(command.connection(), command.invoice().customer(), command.organizationId());
    }

    /**
     * {@code POST /api/v2/companies/{companyCode}/transactions/{lago_id}/void?documentType=SalesInvoice}
     * {@code {"code": "DocVoided"}}; null when the command lists the invoice's fees and none was ever
     * sent to AvaTax (only credits), so there is nothing to void.
     */
    public AvataxCall<TransactionModel> voidCall(ReversalCommand command) {
        if (nothingRecorded(command.invoice())) {
            return null;
        }
        return AvataxEndpoints.voidTransaction(connection(command), command.invoice().lagoId(), SALES_INVOICE,
                "DocVoided");
    }

    /** {@code GET} the invoice's SalesInvoice: to negate it, or to report a void that had already happened. */
    public AvataxCall<TransactionModel> originalLookup(ReversalCommand command) {
        return AvataxEndpoints.getTransaction(connection(command), command.invoice().lagoId(), SALES_INVOICE);
    }

    /** The void found no document: retried for a bounded time, then parked (see {@link PendingDocuments}). */
    public void notRecordedYet(ReversalCommand command) {
        returns.notRecordedYet(connection(command), command.invoice().lagoId());
    }

    /** The committed ReturnInvoice that negates a locked SalesInvoice line by line, tax included. */
    public AvataxCall<TransactionModel> returnCall(ReversalCommand command, TransactionModel original) {
        AvataxConnection connection = connection(command);
        Invoice invoice = command.invoice();
        Currency currency = MinorUnits.currency(original.currencyCode());
        String number = invoice.number() != null ? invoice.number() : original.code();
        String reason = "Reversal of locked invoice " + number + " (" + (command.dispute() == null ? "voided"
                : "dispute lost") + ")";
        Exemption exemption = returns.exemption(invoice.customer());
        CreateTransactionModel model = new CreateTransactionModel(ReturnInvoices.TYPE,
                RETURN_CODE_PREFIX + invoice.lagoId(), connection.companyCode(), LocalDate.now(ZoneOffset.UTC),
                invoice.customer() != null ? InvoiceTransactions.customerCode(invoice.customer())
                        : original.customerCode(),
                currency.getCurrencyCode(), null, null, number, connection.commit(), new TaxOverrideModel("TaxDate", invoice.issuingDate() != null ? invoice.issuingDate() : original.date(),
                        reason),
                returns.addresses(invoice.billingEntityCode(), invoice.customer()),
                ReturnLines.negateAll(original, currency, reason), null)
                .withExemption(exemption.entityUseCode(), exemption.exemptionNo());
        return AvataxEndpoints.createOrAdjust(connection, model);
    }

    private static boolean nothingRecorded(Invoice invoice) {
        return invoice.fees() != null
                && invoice.fees().stream().allMatch(fee -> fee == null || isCredit(fee));
    }

    private static boolean isCredit(Fee fee) {
        return fee.item() != null && InvoiceTransactions.CREDIT.equals(fee.item().type());
    }
}
