package dev.taxbridge.lifecycle;

import static dev.taxbridge.lago.LagoFields.blankToNull;
import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.AvataxModels.TaxOverrideModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.FeeRules;
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

    private final CommandReader reader;
    private final ReturnInvoices returns;

    public CreditNoteTransactions(CommandReader reader, ReturnInvoices returns) {
        this.reader = reader;
        this.returns = returns;
    }

    public CreditNoteCommand parse(byte[] body) {
        CreditNoteCommand command = reader.read(body, CreditNoteCommand.class);
        CreditNote note = require(command.creditNote(), "credit_note");
        require(note.lagoId(), "credit_note.lago_id");
        require(note.issuingDate(), "credit_note.issuing_date");
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

    /** {@code GET} the invoice's committed SalesInvoice; null when only never-taxed fees (credits) are credited. */
    public AvataxCall<TransactionModel> originalLookup(CreditNoteCommand command) {
        if (creditsOf(command).isEmpty()) {
            return null;
        }
        return AvataxEndpoints.getTransaction(connection(command), command.invoiceLagoId(),
                InvoiceReversals.SALES_INVOICE);
    }

    public void notRecordedYet(CreditNoteCommand command) {
        returns.notRecordedYet(connection(command), command.invoiceLagoId());
    }

    /** The createoradjust of the ReturnInvoice; null when nothing taxed is credited. */
    public AvataxCall<TransactionModel> returnCall(CreditNoteCommand command, TransactionModel original) {
        if (original == null) {
            return null;
        }
        CreditNote note = command.creditNote();
        if ("Cancelled".equals(original.status())) {
            throw new TaxBridgeException(ErrorCode.PROVIDER_ERROR, "invoice " + command.invoiceNumber()
                    + " is voided in AvaTax: crediting it would return its tax twice");
        }
        Currency currency = MinorUnits.currency(command.currency());
        String reason = "Credit note " + (note.number() == null ? note.lagoId() : note.number()) + " of invoice "
                + command.invoiceNumber();
        List<LineItemModel> lines = ReturnLines.credit(original, currency, creditsOf(command), reason);
        if (lines.isEmpty()) {
            return null;
        }
        AvataxConnection connection = connection(command);
        Customer customer = command.customer();
        // Tax as of the invoice's date: the invoice's issuing date when it came along, else the date of the
        // committed SalesInvoice, which is that issuing date.
        LocalDate taxDate = command.invoice() != null && command.invoice().issuingDate() != null
                ? command.invoice().issuingDate() : original.date();
        Exemption exemption = returns.exemption(customer);
        CreateTransactionModel model = new CreateTransactionModel(ReturnInvoices.TYPE, CODE_PREFIX + note.lagoId(),
                connection.companyCode(), note.issuingDate(), InvoiceTransactions.customerCode(customer),
                currency.getCurrencyCode(), null, blankToNull(customer.taxIdentificationNumber()),
                command.invoiceNumber(), connection.commit(), new TaxOverrideModel("TaxDate", taxDate, reason),
                returns.addresses(command.billingEntityCode(), customer),
                lines, null).withExemption(exemption.entityUseCode(), exemption.exemptionNo());
        return AvataxEndpoints.createOrAdjust(connection, model);
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
