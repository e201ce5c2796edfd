package dev.taxbridge.lifecycle;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.invoice.InvoiceEvents.AvalaraDocument;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.FeeCommand;
import dev.taxbridge.lifecycle.LifecycleModels.ReversalCommand;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.AppliedTaxes;
import dev.taxbridge.tax.AppliedTaxes.AppliedTax;
import dev.taxbridge.tax.FeeTaxes;
import dev.taxbridge.tax.FeeTaxes.TaxBreakdown;
import dev.taxbridge.tax.TaxAllocation;
import dev.taxbridge.tax.TaxAllocation.LineTaxes;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The success events of the lifecycle commands. Amounts are what Lago shows: positive minor units (the
 * tax voided, returned or charged), per fee from the document's lines, adding up to the total.
 */
@Component
public class LifecycleEvents {

    public static final String TAXES_VOIDED = "invoice.taxes_voided";
    public static final String CREDIT_NOTE_COMMITTED = "credit_note.taxes_committed";
    public static final String FEE_CALCULATED = "fee.taxes_calculated";

    /**
     * The object of a lifecycle event (SPEC section 3 plus the fields named in docs/lifecycle.md), with the
     * fees' taxes summed per tax as Lago's {@code applied_taxes} (worked out once, when the event is built).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DocumentTaxes(String lagoId, String number, String invoiceLagoId, String invoiceNumber,
            String currency, String reversal, String notReported, long taxesAmountCents, List<FeeTaxes> fees,
            AvalaraDocument avalara, List<AppliedTax> appliedTaxes) {

        static DocumentTaxes of(String lagoId, String number, String invoiceLagoId, String invoiceNumber,
                String currency, String reversal, String notReported, List<FeeTaxes> fees, AvalaraDocument avalara) {
            return new DocumentTaxes(lagoId, number, invoiceLagoId, invoiceNumber, currency, reversal, notReported,
                    total(fees), fees, avalara, AppliedTaxes.of(fees, currency));
        }
    }

    /** The body of {@code invoice.taxes_voided}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InvoiceVoided(String eventId, String connection, DocumentTaxes invoice) {
    }

    /** The body of {@code credit_note.taxes_committed}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreditNoteCommitted(String eventId, String connection, DocumentTaxes creditNote) {
    }

    /** The body of {@code fee.taxes_calculated}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FeeCalculated(String eventId, String connection, DocumentTaxes fee) {
    }

    /**
     * {@code invoice.taxes_voided}. {@code reversal}: {@code voided} (the SalesInvoice is Cancelled),
     * {@code returned} (a ReturnInvoice negates what is left of it: it was locked, or credit notes had
     * returned part of it), {@code already_credited} (credit notes had returned all of it) or
     * {@code nothing_recorded} (no fee was ever sent to AvaTax, or the invoice was a deleted draft).
     */
    public OutcomeEvent voided(ReversalCommand command, AvataxConnection connection, TransactionModel document,
            String messageId, EarlierReturns earlier) {
        Invoice invoice = command.invoice();
        String reversal = document == null
                ? (earlier != null && earlier.any() ? "already_credited" : "nothing_recorded")
                : "ReturnInvoice".equals(document.type()) ? "returned" : "voided";
        String currency = document != null ? document.currencyCode() : invoice.currency();
        List<FeeTaxes> fees = document == null ? List.of() : documentFees(document);
        DocumentTaxes taxes = DocumentTaxes.of(invoice.lagoId(), invoice.number(), null, null, currency, reversal,
                null, fees, document == null ? null : AvalaraDocument.of(document));
        String eventId = OutcomeEvent.eventId(messageId, TAXES_VOIDED);
        return new OutcomeEvent(TAXES_VOIDED, eventId, messageId,
                new InvoiceVoided(eventId, connection.code(), taxes));
    }

    /**
     * {@code credit_note.taxes_committed}: the credited fees and the tax returned on each. {@code notReported}
     * ({@code invoice_voided}): the invoice's tax was reversed before, so nothing was returned for the note.
     */
    public OutcomeEvent creditNoteCommitted(CreditNoteCommand command, AvataxConnection connection,
            TransactionModel document, String messageId, String notReported) {
        List<FeeTaxes> fees;
        if (document == null) {
            fees = CreditNoteTransactions.creditsOf(command).stream().map(c -> FeeTaxes.untaxed(c.feeLagoId(),
                    c.amountCents())).toList();
            if (fees.isEmpty()) {
                fees = command.creditNote().items().stream()
                        .map(item -> FeeTaxes.untaxed(item.creditedFeeId(), item.amountCents())).toList();
            }
        } else {
            fees = documentFees(document);
        }
        DocumentTaxes taxes = DocumentTaxes.of(command.creditNote().lagoId(), command.creditNote().number(),
                command.invoiceLagoId(), command.invoiceNumber(),
                MinorUnits.currency(command.currency()).getCurrencyCode(), null, notReported, fees,
                document == null ? null : AvalaraDocument.of(document));
        String eventId = OutcomeEvent.eventId(messageId, CREDIT_NOTE_COMMITTED);
        return new OutcomeEvent(CREDIT_NOTE_COMMITTED, eventId, messageId,
                new CreditNoteCommitted(eventId, connection.code(), taxes));
    }

    /**
     * {@code fee.taxes_calculated}: the fee's taxes as recorded in its own committed SalesInvoice, or, for a
     * fee Lago invoices, as estimated by a SalesOrder ({@code avalara.document_type}) that records nothing.
     */
    public OutcomeEvent feeCalculated(FeeCommand command, AvataxConnection connection, TransactionModel document,
            String messageId) {
        String lagoId = command.fee().lagoId();
        List<FeeTaxes> fees = document == null
                ? List.of(FeeTaxes.untaxed(lagoId, command.fee().asFee().taxableAmountCents()))
                : documentFees(document);
        DocumentTaxes taxes = DocumentTaxes.of(lagoId, null, null, null,
                MinorUnits.currency(command.fee().currencyCode()).getCurrencyCode(), null, null, fees,
                document == null ? null : AvalaraDocument.of(document));
        String eventId = OutcomeEvent.eventId(messageId, FEE_CALCULATED);
        return new OutcomeEvent(FEE_CALCULATED, eventId, messageId,
                new FeeCalculated(eventId, connection.code(), taxes));
    }

    /**
     * Per line (line number = fee lago_id): the amount, the tax and the exempt amount, as positive minor
     * units. Returns carry TaxAmount overrides, whose recorded tax {@link TaxAllocation} takes.
     */
    static List<FeeTaxes> documentFees(TransactionModel document) {
        Currency currency = MinorUnits.currency(document.currencyCode());
        Map<String, LineTaxes> taxes = TaxAllocation.byLine(document, currency);
        List<FeeTaxes> fees = new ArrayList<>();
        for (TransactionLineModel line : document.lines() == null ? List.<TransactionLineModel>of() : document.lines()) {
            LineTaxes tax = taxes.get(line.lineNumber());
            long amount = line.lineAmount() == null ? 0 : Math.abs(MinorUnits.toMinor(line.lineAmount(), currency));
            List<TaxBreakdown> breakdown = tax.breakdown().stream()
                    .map(b -> new TaxBreakdown(b.name(), b.rate(), Math.abs(b.amountCents()), b.type())).toList();
            fees.add(new FeeTaxes(line.lineNumber(), amount, Math.abs(tax.cents()), tax.ratePercent(),
                    Math.abs(tax.exemptCents()), breakdown, tax.exemption()));
        }
        return fees;
    }

    private static long total(List<FeeTaxes> fees) {
        return fees.stream().mapToLong(FeeTaxes::taxesAmountCents).sum();
    }
}
