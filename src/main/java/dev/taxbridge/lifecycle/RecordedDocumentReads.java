package dev.taxbridge.lifecycle;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code read-recorded-documents} (routes/lifecycle.camel.yaml): each committed document a
 * command answers is read ({@code GET}) and kept; one AvaTax does not have yet (its command not processed
 * yet, or never forwarded) is retried for a bounded time, then parked ({@link PendingDocuments}).
 */
@Component
public class RecordedDocumentReads {

    private final PendingDocuments pending;

    public RecordedDocumentReads(PendingDocuments pending) {
        this.pending = pending;
    }

    /** {@code GET} the {@code index}th SalesInvoice. */
    public AvataxCall<TransactionModel> lookup(RecordedDocuments documents, int index) {
        return AvataxEndpoints.getTransaction(documents.connection().companyCode(),
                documents.codes().get(index), InvoiceReversals.SALES_INVOICE);
    }

    public void notRecordedYet(RecordedDocuments documents, int index) {
        pending.notRecordedYet(documents.connection().companyCode(), documents.codes().get(index));
    }

    public void found(RecordedDocuments documents, TransactionModel document) {
        documents.found(document);
    }
}
