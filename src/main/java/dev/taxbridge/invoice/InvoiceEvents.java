package dev.taxbridge.invoice;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.AppliedTaxes;
import dev.taxbridge.tax.AppliedTaxes.AppliedTax;
import dev.taxbridge.tax.FeeTaxes;
import dev.taxbridge.tax.TaxAllocation;
import dev.taxbridge.tax.TaxAllocation.LineTaxes;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Builds the invoice success events ({@code invoice.taxes_estimated}, {@code invoice.taxes_committed}). */
@Component
public class InvoiceEvents {

    public static final String TAXES_ESTIMATED = "invoice.taxes_estimated";
    public static final String TAXES_COMMITTED = "invoice.taxes_committed";

    private final InvoiceTransactions transactions;

    public InvoiceEvents(InvoiceTransactions transactions) {
        this.transactions = transactions;
    }

    /** {@code connection}: the one the invoice was sent on, or would have been (nothing taxable, no call). */
    public OutcomeEvent estimated(InvoiceCommand command, AvataxConnection connection, TransactionModel transaction,
            String messageId) {
        return event(TAXES_ESTIMATED, command, connection.code(), transaction, messageId);
    }

    public OutcomeEvent committed(InvoiceCommand command, AvataxConnection connection, TransactionModel transaction,
            String messageId) {
        return event(TAXES_COMMITTED, command, connection.code(), transaction, messageId);
    }

    /**
     * {@code invoice.taxes_committed} of an invoice whose fees were recorded in documents of their own (an
     * {@code advance_charges} invoice): each fee's taxes from its document, {@code avalara} absent and
     * {@code documents} naming them.
     */
    public OutcomeEvent committedElsewhere(InvoiceCommand command, List<TransactionModel> documents,
            String messageId) {
        Invoice invoice = command.invoice();
        Currency currency = MinorUnits.currency(invoice.currency());
        Map<String, LineTaxes> lines = new LinkedHashMap<>();
        documents.forEach(document -> lines.putAll(TaxAllocation.byLine(document, currency)));
        List<FeeTaxes> fees = feeTaxes(invoice.fees(), lines);
        return event(TAXES_COMMITTED, command, transactions.connection(command).code(), fees, null,
                documents.stream().map(AvalaraDocument::of).toList(), messageId);
    }

    private OutcomeEvent event(String name, InvoiceCommand command, String connection, TransactionModel transaction,
            String messageId) {
        Currency currency = MinorUnits.currency(command.invoice().currency());
        List<FeeTaxes> fees = feeTaxes(command.invoice().fees(), transaction, currency);
        return event(name, command, connection, fees, transaction == null ? null : AvalaraDocument.of(transaction),
                null, messageId);
    }

    private OutcomeEvent event(String name, InvoiceCommand command, String connection, List<FeeTaxes> fees,
            AvalaraDocument avalara, List<AvalaraDocument> documents, String messageId) {
        Invoice invoice = command.invoice();
        Currency currency = MinorUnits.currency(invoice.currency());
        InvoiceTaxes taxes = InvoiceTaxes.of(invoice.lagoId(), invoice.number(), currency.getCurrencyCode(), fees,
                avalara, documents);
        String eventId = OutcomeEvent.eventId(messageId, name);
        return new OutcomeEvent(name, eventId, messageId, new InvoiceEvent(eventId, connection, taxes));
    }

    /** Every fee of the invoice with its taxes; fees not sent to AvaTax (credits) are untaxed. */
    static List<FeeTaxes> feeTaxes(List<Fee> fees, TransactionModel transaction, Currency currency) {
        return feeTaxes(fees, transaction == null ? Map.of() : TaxAllocation.byLine(transaction, currency));
    }

    private static List<FeeTaxes> feeTaxes(List<Fee> fees, Map<String, LineTaxes> lines) {
        List<FeeTaxes> result = new ArrayList<>(fees.size());
        for (Fee fee : fees) {
            long amount = fee.taxableAmountCents();
            LineTaxes line = lines.get(fee.lagoId());
            result.add(line == null ? FeeTaxes.untaxed(fee.lagoId(), amount)
                    : FeeTaxes.of(fee.lagoId(), amount, line));
        }
        return result;
    }

    /** The body of {@code invoice.taxes_estimated} and {@code invoice.taxes_committed}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InvoiceEvent(String eventId, String connection, InvoiceTaxes invoice) {
    }

    /**
     * The invoice's taxes: per fee, in total, and summed per tax as Lago's invoice {@code applied_taxes}
     * (worked out once, when the event is built).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InvoiceTaxes(String lagoId, String number, String currency, long taxesAmountCents,
            List<FeeTaxes> fees, AvalaraDocument avalara, List<AvalaraDocument> documents,
            List<AppliedTax> appliedTaxes) {

        static InvoiceTaxes of(String lagoId, String number, String currency, List<FeeTaxes> fees,
                AvalaraDocument avalara, List<AvalaraDocument> documents) {
            long total = fees.stream().mapToLong(FeeTaxes::taxesAmountCents).sum();
            return new InvoiceTaxes(lagoId, number, currency, total, fees, avalara, documents,
                    AppliedTaxes.of(fees, currency));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AvalaraDocument(String transactionCode, Long transactionId, String documentType, String status) {

        public static AvalaraDocument of(TransactionModel transaction) {
            return new AvalaraDocument(transaction.code(), transaction.id(), transaction.type(), transaction.status());
        }
    }
}
