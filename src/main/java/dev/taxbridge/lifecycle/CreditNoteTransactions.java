package dev.taxbridge.lifecycle;

import static dev.taxbridge.messaging.CommandReader.require;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.address.AddressRules;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TaxOverrideModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxPaths;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.failure.ErrorCode;
import dev.taxbridge.failure.TaxBridgeException;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.invoice.LagoModels.Fee;
import dev.taxbridge.invoice.LagoModels.Invoice;
import dev.taxbridge.lifecycle.LifecycleModels.AdjustReturnModel;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNote;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteItem;
import dev.taxbridge.lifecycle.LifecycleModels.ReturnLine;
import dev.taxbridge.lifecycle.LifecycleModels.ReturnTransactionModel;
import dev.taxbridge.lifecycle.ReturnLines.Credit;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.money.MinorUnits;
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
    private final ConnectionRegistry connections;
    private final AddressRules addresses;
    private final PendingDocuments pending;
    private final ObjectMapper mapper;

    public CreditNoteTransactions(CommandReader reader, ConnectionRegistry connections, AddressRules addresses,
            PendingDocuments pending, ObjectMapper mapper) {
        this.reader = reader;
        this.connections = connections;
        this.addresses = addresses;
        this.pending = pending;
        this.mapper = mapper;
    }

    public CreditNoteCommand parse(byte[] body) {
        CreditNoteCommand command = reader.read(body, CreditNoteCommand.class);
        CreditNote note = require(command.creditNote(), "credit_note");
        require(note.lagoId(), "credit_note.lago_id");
        require(note.issuingDate(), "credit_note.issuing_date");
        List<CreditNoteItem> items = require(note.items(), "credit_note.items");
        for (int i = 0; i < items.size(); i++) {
            CreditNoteItem item = require(items.get(i), "credit_note.items[" + i + "]");
            require(item.feeLagoId(), "credit_note.items[" + i + "].fee_lago_id");
            require(item.amountCents(), "credit_note.items[" + i + "].amount_cents");
        }
        Invoice invoice = require(command.invoice(), "invoice");
        require(invoice.lagoId(), "invoice.lago_id");
        require(invoice.number(), "invoice.number");
        require(invoice.issuingDate(), "invoice.issuing_date");
        MinorUnits.currency(invoice.currency());
        require(invoice.customer(), "invoice.customer");
        require(invoice.customer().externalId(), "invoice.customer.external_id");
        return command;
    }

    public AvataxConnection connection(CreditNoteCommand command) {
        return connections.choose(command.connection(), command.invoice().customer());
    }

    /** {@code GET} the invoice's committed SalesInvoice; null when only never-taxed fees (credits) are credited. */
    public AvataxCall originalLookup(CreditNoteCommand command) {
        if (creditsOf(command).isEmpty()) {
            return null;
        }
        AvataxConnection connection = connection(command);
        return AvataxCall.get(connection, "get", AvataxPaths.transaction(connection.companyCode(),
                command.invoice().lagoId()) + "?documentType=" + InvoiceReversals.SALES_INVOICE);
    }

    public void notRecordedYet(CreditNoteCommand command) {
        pending.notRecordedYet(connection(command).companyCode(), command.invoice().lagoId());
    }

    /** The createoradjust of the ReturnInvoice; null when nothing taxed is credited. */
    public AvataxCall returnCall(CreditNoteCommand command, JsonNode originalJson) {
        if (originalJson == null || originalJson.isNull()) {
            return null;
        }
        TransactionModel original = mapper.convertValue(originalJson, TransactionModel.class);
        Invoice invoice = command.invoice();
        CreditNote note = command.creditNote();
        if ("Cancelled".equals(original.status())) {
            throw new TaxBridgeException(ErrorCode.PROVIDER_ERROR, "invoice " + invoice.number()
                    + " is voided in AvaTax: crediting it would return its tax twice");
        }
        Currency currency = MinorUnits.currency(invoice.currency());
        String reason = "Credit note " + (note.number() == null ? note.lagoId() : note.number()) + " of invoice "
                + invoice.number();
        List<ReturnLine> lines = ReturnLines.credit(original, currency, creditsOf(command), reason);
        if (lines.isEmpty()) {
            return null;
        }
        AvataxConnection connection = connection(command);
        ReturnTransactionModel model = new ReturnTransactionModel("ReturnInvoice", CODE_PREFIX + note.lagoId(),
                connection.companyCode(), note.issuingDate(), InvoiceTransactions.customerCode(invoice.customer()),
                currency.getCurrencyCode(), blankToNull(invoice.customer().taxIdentificationNumber()),
                invoice.number(), true, new TaxOverrideModel("TaxDate", invoice.issuingDate(), reason),
                LifecycleModels.addresses(addresses.shipFrom(invoice.billingEntityCode()),
                        addresses.shipTo(invoice.customer())),
                lines, null);
        return AvataxCall.post(connection, "createoradjust", "/api/v2/transactions/createoradjust",
                new AdjustReturnModel("Other", "Resent by the billing system", model));
    }

    /** The credited fees, except fees the invoice lists as credits (never taxed, never sent). */
    static List<Credit> creditsOf(CreditNoteCommand command) {
        Map<String, Fee> fees = new HashMap<>();
        if (command.invoice().fees() != null) {
            command.invoice().fees().stream().filter(fee -> fee != null && fee.lagoId() != null)
                    .forEach(fee -> fees.put(fee.lagoId(), fee));
        }
        return command.creditNote().items().stream()
                .filter(item -> !isCredit(fees.get(item.feeLagoId())))
                .map(item -> {
                    Fee fee = fees.get(item.feeLagoId());
                    return new Credit(item.feeLagoId(), item.amountCents(),
                            fee == null || fee.item() == null ? null : fee.item().name());
                })
                .toList();
    }

    private static boolean isCredit(Fee fee) {
        return fee != null && fee.item() != null && InvoiceTransactions.CREDIT.equals(fee.item().type());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
