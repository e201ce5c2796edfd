package dev.taxbridge.lifecycle;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.invoice.InvoiceEvents;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.lago.LagoStatuses;
import dev.taxbridge.messaging.OutcomeEvent;
import org.springframework.stereotype.Component;

/**
 * An {@code advance_charges} invoice: Lago regroups into it the pay-in-advance fees it does not invoice,
 * each already taxed and recorded on its own when it was created ({@code fee_<lago_id>}), and copies their
 * taxes onto it (lago-api {@code invoices/advance_charges_service.rb}, no tax provider call). The bridge
 * records nothing again: it reads each fee's document and announces their taxes.
 */
@Component
public class AdvanceCharges {

    private final InvoiceTransactions transactions;
    private final InvoiceEvents events;
    private final PendingDocuments pending;

    public AdvanceCharges(InvoiceTransactions transactions, InvoiceEvents events, PendingDocuments pending) {
        this.transactions = transactions;
        this.events = events;
        this.pending = pending;
    }

    public boolean applies(InvoiceCommand command) {
        return LagoStatuses.ADVANCE_CHARGES.equals(command.invoice().invoiceType());
    }

    /** The fees' own documents, to be read (credits were never taxed). Only a finalized invoice is taken. */
    public RecordedDocuments documents(InvoiceCommand command) {
        LagoStatuses.requireFinalInvoice(command.invoice().status());
        return new RecordedDocuments(command.invoice().fees().stream()
                .filter(fee -> fee.item() == null || !InvoiceTransactions.CREDIT.equals(fee.item().type()))
                .map(fee -> PayInAdvanceFees.CODE_PREFIX + fee.lagoId())
                .toList());
    }

    public AvataxCall<TransactionModel> lookup(InvoiceCommand command, RecordedDocuments documents, int index) {
        return AvataxEndpoints.getTransaction(transactions.connection(command), documents.codes().get(index),
                InvoiceReversals.SALES_INVOICE);
    }

    /** Keeps a document AvaTax answered with. */
    public void found(RecordedDocuments documents, TransactionModel document) {
        documents.found(document);
    }

    /**
     * A fee's document is not in AvaTax (its {@code fee.created} not processed yet, or never forwarded):
     * retried for a bounded time, then parked; replay it once the fee is recorded.
     */
    public void notRecordedYet(InvoiceCommand command, RecordedDocuments documents, int index) {
        pending.notRecordedYet(transactions.connection(command).companyCode(), documents.codes().get(index));
    }

    /** {@code invoice.taxes_committed} with the taxes the fees' own documents recorded. */
    public OutcomeEvent committed(InvoiceCommand command, RecordedDocuments documents, String messageId) {
        return events.committedElsewhere(command, documents.found(), messageId);
    }
}
