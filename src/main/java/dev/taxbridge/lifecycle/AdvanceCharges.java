package dev.taxbridge.lifecycle;

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

    public AdvanceCharges(InvoiceTransactions transactions, InvoiceEvents events) {
        this.transactions = transactions;
        this.events = events;
    }

    /**
     * The fees' own documents, to be read (credits were never taxed; one not in AvaTax yet is retried, then
     * parked). Only a finalized invoice is taken.
     */
    public RecordedDocuments documents(InvoiceCommand command) {
        LagoStatuses.requireFinalInvoice(command.invoice().status());
        return new RecordedDocuments(transactions.connection(command), command.invoice().fees().stream()
                .filter(fee -> fee.item() == null || !InvoiceTransactions.CREDIT.equals(fee.item().type()))
                .map(fee -> PayInAdvanceFees.CODE_PREFIX + fee.lagoId())
                .toList());
    }

    /** {@code invoice.taxes_committed} with the taxes the fees' own documents recorded. */
    public OutcomeEvent committed(InvoiceCommand command, RecordedDocuments documents, String messageId) {
        return events.committedElsewhere(command, documents.found(), messageId);
    }
}
