package dev.taxbridge.lifecycle;

import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed documents a command answers, read from AvaTax one by one ({@code codes}) and filled in by
 * the route {@code read-recorded-documents} as AvaTax answers ({@link RecordedDocumentReads}): an invoice's SalesInvoice, or the SalesInvoices {@code fee_<lago_id>} of
 * pay-in-advance fees Lago recorded on their own. {@link #original()} is the one document, or for several
 * fee documents one view of their lines (the earliest date, the first's code).
 */
public final class RecordedDocuments {

    private final AvataxConnection connection;
    private final List<String> codes;
    private final List<TransactionModel> found = new ArrayList<>();
    private String notReported;

    public RecordedDocuments(AvataxConnection connection, List<String> codes) {
        this.connection = connection;
        this.codes = codes;
    }

    /** The connection whose company holds the documents. */
    public AvataxConnection connection() {
        return connection;
    }

    public List<String> codes() {
        return codes;
    }

    public int size() {
        return codes.size();
    }

    public boolean feeDocuments() {
        return !codes.isEmpty() && codes.get(0).startsWith(PayInAdvanceFees.CODE_PREFIX);
    }

    public void found(TransactionModel document) {
        if (document != null) {
            found.add(document);
        }
    }

    public List<TransactionModel> found() {
        return List.copyOf(found);
    }

    public TransactionModel original() {
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        TransactionModel first = found.get(0);
        List<TransactionLineModel> lines = new ArrayList<>();
        BigDecimal totalTax = BigDecimal.ZERO;
        LocalDate date = first.date();
        String status = first.status();
        for (TransactionModel document : found) {
            if (document.lines() != null) {
                lines.addAll(document.lines());
            }
            totalTax = totalTax.add(document.totalTax() == null ? BigDecimal.ZERO : document.totalTax());
            if (document.date() != null && (date == null || document.date().isBefore(date))) {
                date = document.date();
            }
            if ("Cancelled".equals(document.status())) {
                status = document.status();
            }
        }
        return new TransactionModel(first.id(), first.code(), first.companyId(), date, status, first.type(),
                first.currencyCode(), first.customerCode(), first.referenceCode(), null, totalTax, null, null,
                lines, null);
    }

    public void notReported(String reason) {
        this.notReported = reason;
    }

    /** Why nothing was reported for the credit note ({@code invoice_voided}), or null. */
    public String notReported() {
        return notReported;
    }
}
