package dev.taxbridge.lifecycle;

import static dev.taxbridge.lago.LagoFields.blankToNull;
import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TaxOverrideModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.FeeRules;
import dev.taxbridge.lago.LagoStatuses;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNote;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteItem;
import dev.taxbridge.lifecycle.ReturnLines.Credit;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.CustomerExemptions.Exemption;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code credit_note.created}: a committed ReturnInvoice {@code cn_<lago_id>} crediting only the credit
 * note's items, each line coded like the fee's line on the committed SalesInvoice, which is read first
 * (it also gives the tax charged per fee, the most a fee can get back).
 */
@Component
public class CreditNoteTransactions {

    public static final String CODE_PREFIX = "cn_";
    /** Nothing reported for a credit note: its invoice's tax was reversed before (a void or a lost dispute). */
    public static final String INVOICE_VOIDED = "invoice_voided";

    private final CommandReader reader;
    private final ReturnInvoices returns;
    private final InvoiceTurns turns;

    public CreditNoteTransactions(CommandReader reader, ReturnInvoices returns, InvoiceTurns turns) {
        this.reader = reader;
        this.returns = returns;
        this.turns = turns;
    }

    /** The credited invoice's turn among its voids, disputes and credit notes ({@link InvoiceTurns}). */
    public void take(CreditNoteCommand command, String exchangeId) {
        turns.take(command.invoiceLagoId(), exchangeId);
    }

    public void release(CreditNoteCommand command, String exchangeId) {
        turns.release(command.invoiceLagoId(), exchangeId);
    }

    public CreditNoteCommand parse(byte[] body) {
        CreditNoteCommand command = reader.read(body, CreditNoteCommand.class);
        CreditNote note = require(command.creditNote(), "credit_note");
        require(note.lagoId(), "credit_note.lago_id");
        require(note.issuingDate(), "credit_note.issuing_date");
        LagoStatuses.requireFinalCreditNote(note.status());
        List<CreditNoteItem> items = require(note.items(), "credit_note.items");
        for (int i = 0; i < items.size(); i++) {
            String field = "credit_note.items[" + i + "]";
            CreditNoteItem item = require(items.get(i), field);
            long amount = require(item.amountCents(), field + ".amount_cents");
            if (amount < 0) {
                throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "field '" + field
                        + ".amount_cents' is negative (" + amount + "); Lago credits positive amounts");
            }
            if (item.fee() != null) {
                FeeRules.requireValid(item.fee(), field + ".fee");
            }
            require(item.creditedFeeId(), field + ".fee.lago_id");
        }
        require(command.invoiceLagoId(), "credit_note.lago_invoice_id");
        require(command.invoiceNumber(), "credit_note.invoice_number");
        MinorUnits.currency(require(command.currency(), "credit_note.currency"));
        Customer customer = require(command.customer(), "credit_note.customer");
        require(customer.externalId(), "credit_note.customer.external_id");
        return command;
    }

    public AvataxConnection connection(CreditNoteCommand command) {
        return returns.connection(command.connection(), command.customer(), command.organizationId());
    }

    /**
     * The committed documents the credit note answers, to be read first: the invoice's SalesInvoice; for an
     * {@code advance_charges} invoice (its fees Lago records on their own when created), each credited fee's
     * own SalesInvoice {@code fee_<lago_id>}. None when only never-taxed fees (credits) are credited.
     */
    public RecordedDocuments originals(CreditNoteCommand command) {
        List<Credit> credits = creditsOf(command);
        if (credits.isEmpty()) {
            return new RecordedDocuments(connection(command), List.of());
        }
        if (!creditsFeeDocuments(command)) {
            return new RecordedDocuments(connection(command), List.of(command.invoiceLagoId()));
        }
        return new RecordedDocuments(connection(command), credits.stream().map(c -> PayInAdvanceFees.CODE_PREFIX + c.feeLagoId())
                .distinct().toList());
    }

    /**
     * The returns already recorded against the invoice (referenceCode = its lago_id, dated on or after the
     * original), so that credit notes together never return more than was charged and a voided invoice is
     * seen; null when there is no original to credit.
     */
    public AvataxCall<FetchResult<TransactionModel>> earlierReturnsLookup(CreditNoteCommand command,
            RecordedDocuments documents) {
        TransactionModel original = documents.original();
        if (original == null) {
            return null;
        }
        return AvataxEndpoints.listReturns(connection(command).companyCode(), command.invoiceLagoId(), original.date(),
                ReturnInvoices.LIST_TOP);
    }

    /**
     * The createoradjust of the ReturnInvoice; null when nothing taxed is credited, or when the invoice's tax
     * was already reversed (voided in AvaTax, or a reversal return recorded): then nothing is reported and
     * {@link RecordedDocuments#notReported()} says why.
     */
    public AvataxCall<TransactionModel> returnCall(CreditNoteCommand command, RecordedDocuments documents,
            FetchResult<TransactionModel> listed) {
        TransactionModel original = documents.original();
        if (original == null) {
            return null;
        }
        CreditNote note = command.creditNote();
        EarlierReturns earlier = EarlierReturns.of(listed, CODE_PREFIX + note.lagoId(),
                InvoiceReversals.RETURN_CODE_PREFIX + command.invoiceLagoId());
        if ("Cancelled".equals(original.status()) || earlier.reversed()) {
            documents.notReported(INVOICE_VOIDED);
            return null;
        }
        Currency currency = MinorUnits.currency(command.currency());
        String reason = "Credit note " + (note.number() == null ? note.lagoId() : note.number()) + " of invoice "
                + command.invoiceNumber();
        List<LineItemModel> lines = ReturnLines.credit(original, currency, creditsOf(command), earlier, reason);
        if (lines.isEmpty()) {
            return null;
        }
        AvataxConnection connection = connection(command);
        Customer customer = command.customer();
        // Tax as of the invoice's date: the invoice's issuing date when it came along, else the date of the
        // committed document, which is that issuing date (a pay-in-advance fee's: its creation day).
        LocalDate taxDate = command.invoice() != null && command.invoice().issuingDate() != null
                && !documents.feeDocuments() ? command.invoice().issuingDate() : original.date();
        Exemption exemption = returns.exemption(customer);
        CreateTransactionModel model = new CreateTransactionModel(ReturnInvoices.TYPE, CODE_PREFIX + note.lagoId(),
                connection.companyCode(), note.issuingDate(), returns.customerCode(customer),
                currency.getCurrencyCode(), null, blankToNull(customer.taxIdentificationNumber()),
                command.invoiceLagoId(), connection.commit(), new TaxOverrideModel("TaxDate", taxDate, reason),
                returns.addresses(command.billingEntityCode(), customer),
                lines, null).withExemption(exemption.entityUseCode(), exemption.exemptionNo());
        return AvataxEndpoints.createOrAdjust(model);
    }

    /**
     * The credited fees were recorded on their own: Lago's {@code advance_charges} invoice regroups
     * pay-in-advance fees it does not invoice (FeeSerializer {@code pay_in_advance: true, invoiceable: false}).
     */
    static boolean creditsFeeDocuments(CreditNoteCommand command) {
        if (command.invoice() != null && LagoStatuses.ADVANCE_CHARGES.equals(command.invoice().invoiceType())) {
            return true;
        }
        return command.creditNote().items().stream()
                .anyMatch(item -> item.fee() != null && item.fee().recordedOnItsOwn());
    }

    /**
     * The credited fees, except credits (never taxed, never sent), each with the amount AvaTax is told is
     * returned: Lago's own rule (lago-api {@code CreditNoteItem#sub_total_excluding_taxes_amount_cents}), the
     * item's share of the fee after coupons, {@code amount_cents / fee.amount_cents x (fee.amount_cents -
     * fee.precise_coupons_amount_cents)} (the fee's serialized, already rounded
     * {@code sub_total_excluding_taxes_amount_cents} only when the precise coupon share is absent), rounded to a whole minor unit half away from zero as Lago's Avalara credit-note payload does
     * (Ruby's {@code round}). The fee is the item's own {@code fee}, else the invoice's fee of that id; without
     * either the item's amount is taken.
     */
    static List<Credit> creditsOf(CreditNoteCommand command) {
        Map<String, Fee> invoiceFees = new HashMap<>();
        if (command.invoice() != null && command.invoice().fees() != null) {
            command.invoice().fees().stream().filter(fee -> fee != null && fee.lagoId() != null)
                    .forEach(fee -> invoiceFees.put(fee.lagoId(), fee));
        }
        List<Credit> credits = new ArrayList<>();
        for (CreditNoteItem item : command.creditNote().items()) {
            Fee fee = item.fee() != null ? item.fee() : invoiceFees.get(item.creditedFeeId());
            if (isCredit(fee)) {
                continue;
            }
            credits.add(new Credit(item.creditedFeeId(), creditedCents(item.amountCents(), fee),
                    fee == null || fee.item() == null ? null : fee.item().name()));
        }
        return credits;
    }

    static long creditedCents(long itemAmountCents, Fee fee) {
        if (fee == null || fee.amountCents() == null) {
            return itemAmountCents;
        }
        if (itemAmountCents == 0 || fee.amountCents() == 0) {
            return 0;
        }
        BigDecimal feeAfterCoupons = fee.preciseCouponsAmountCents() != null
                ? BigDecimal.valueOf(fee.amountCents()).subtract(fee.preciseCouponsAmountCents())
                : BigDecimal.valueOf(fee.taxableAmountCents());
        return BigDecimal.valueOf(itemAmountCents).multiply(feeAfterCoupons)
                .divide(BigDecimal.valueOf(fee.amountCents()), 0, RoundingMode.HALF_UP).longValueExact();
    }

    private static boolean isCredit(Fee fee) {
        return fee != null && fee.item() != null && InvoiceTransactions.CREDIT.equals(fee.item().type());
    }
}
