package dev.taxbridge.lifecycle;

import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.TaxOverrideModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoStatuses;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lifecycle.LifecycleModels.ReversalCommand;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.CustomerExemptions.Exemption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
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
    private final InvoiceTurns turns;

    public InvoiceReversals(CommandReader reader, ReturnInvoices returns, InvoiceTurns turns) {
        this.reader = reader;
        this.returns = returns;
        this.turns = turns;
    }

    /** The invoice's turn among its voids, disputes and credit notes ({@link InvoiceTurns}). */
    public void take(ReversalCommand command, String exchangeId) {
        turns.take(command.invoice().lagoId(), exchangeId);
    }

    public void release(ReversalCommand command, String exchangeId) {
        turns.release(command.invoice().lagoId(), exchangeId);
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
     * sent to AvaTax (only credits), or the invoice is a deleted draft, so there is nothing to void.
     */
    public AvataxCall<TransactionModel> voidCall(ReversalCommand command) {
        if (nothingRecorded(command.invoice())) {
            return null;
        }
        return AvataxEndpoints.voidTransaction(connection(command).companyCode(), command.invoice().lagoId(),
                SALES_INVOICE, "DocVoided");
    }

    /**
     * The returns already recorded against the invoice (its credit notes): a reversal then returns only
     * what they left instead of voiding the SalesInvoice (which would leave their returns standing). Null
     * when nothing was recorded, or when the command has no issuing date to look from.
     */
    public AvataxCall<FetchResult<TransactionModel>> earlierReturnsLookup(ReversalCommand command) {
        Invoice invoice = command.invoice();
        if (nothingRecorded(invoice) || invoice.issuingDate() == null) {
            return null;
        }
        return AvataxEndpoints.listReturns(connection(command).companyCode(), invoice.lagoId(), invoice.issuingDate(),
                ReturnInvoices.LIST_TOP);
    }

    /**
     * An {@code advance_charges} invoice has no SalesInvoice of its own: its fees were recorded on their own
     * ({@code fee_<lago_id>}), so its reversal negates what is left of theirs.
     */
    public boolean recordedByItsFees(ReversalCommand command) {
        return LagoStatuses.ADVANCE_CHARGES.equals(command.invoice().invoiceType()) && !nothingRecorded(command.invoice());
    }

    /** The fees' own documents of an {@code advance_charges} invoice, to be read. */
    public RecordedDocuments feeDocuments(ReversalCommand command) {
        List<Fee> fees = command.invoice().fees() == null ? List.of() : command.invoice().fees();
        return new RecordedDocuments(connection(command), fees.stream().filter(fee -> fee != null && !isCredit(fee))
                .map(fee -> PayInAdvanceFees.CODE_PREFIX + fee.lagoId()).toList());
    }

    /** The returns recorded against the fees' documents (referenceCode = the invoice's lago_id). */
    public AvataxCall<FetchResult<TransactionModel>> feeReturnsLookup(ReversalCommand command,
            RecordedDocuments documents) {
        TransactionModel original = documents.original();
        if (original == null) {
            return null;
        }
        return AvataxEndpoints.listReturns(connection(command).companyCode(), command.invoice().lagoId(), original.date(),
                ReturnInvoices.LIST_TOP);
    }

    /** The earlier returns of the listing, the reversal's own return left out (a replay adjusts it). */
    public EarlierReturns earlier(ReversalCommand command, FetchResult<TransactionModel> listed) {
        String own = RETURN_CODE_PREFIX + command.invoice().lagoId();
        return EarlierReturns.of(listed, own, own);
    }

    /** {@code GET} the invoice's SalesInvoice: to negate it, or to report a void that had already happened. */
    public AvataxCall<TransactionModel> originalLookup(ReversalCommand command) {
        return AvataxEndpoints.getTransaction(connection(command).companyCode(), command.invoice().lagoId(),
                SALES_INVOICE);
    }

    /** The void found no document: retried for a bounded time, then parked (see {@link PendingDocuments}). */
    public void notRecordedYet(ReversalCommand command) {
        returns.notRecordedYet(connection(command), command.invoice().lagoId());
    }

    /**
     * The committed ReturnInvoice that negates what is left of the SalesInvoice line by line, tax included:
     * all of it when it is locked, what earlier credit notes left otherwise; null when they left nothing.
     */
    public AvataxCall<TransactionModel> returnCall(ReversalCommand command, TransactionModel original,
            EarlierReturns earlier) {
        AvataxConnection connection = connection(command);
        Invoice invoice = command.invoice();
        Currency currency = MinorUnits.currency(original.currencyCode());
        String number = invoice.number() != null ? invoice.number() : original.code();
        String reason = (earlier != null && earlier.any() ? "Reversal of what credit notes left of invoice "
                : "Reversal of locked invoice ") + number + " (" + (command.dispute() == null ? "voided"
                : "dispute lost") + ")";
        Exemption exemption = returns.exemption(invoice.customer());
        CreateTransactionModel model = new CreateTransactionModel(ReturnInvoices.TYPE,
                RETURN_CODE_PREFIX + invoice.lagoId(), connection.companyCode(), LocalDate.now(ZoneOffset.UTC),
                invoice.customer() != null ? returns.customerCode(invoice.customer())
                        : original.customerCode(),
                currency.getCurrencyCode(), null, null, invoice.lagoId(), connection.commit(),
                new TaxOverrideModel("TaxDate", taxDate(command, original), reason),
                returns.addresses(invoice.billingEntityCode(), invoice.customer()),
                ReturnLines.negateRemainder(original, currency, earlier == null ? EarlierReturns.NONE : earlier, reason),
                null).withExemption(exemption.entityUseCode(), exemption.exemptionNo());
        if (model.lines().isEmpty()) {
            return null;
        }
        return AvataxEndpoints.createOrAdjust(model);
    }

    /** As of the invoice's issuing date; a fee recorded on its own: its document's date. */
    private LocalDate taxDate(ReversalCommand command, TransactionModel original) {
        LocalDate issued = command.invoice().issuingDate();
        return issued == null || recordedByItsFees(command) ? original.date() : issued;
    }

    private static boolean nothingRecorded(Invoice invoice) {
        if (LagoStatuses.deleted(invoice.status())) {
            return true;
        }
        return invoice.fees() != null
                && invoice.fees().stream().allMatch(fee -> fee == null || isCredit(fee));
    }

    private static boolean isCredit(Fee fee) {
        return fee.item() != null && InvoiceTransactions.CREDIT.equals(fee.item().type());
    }
}
