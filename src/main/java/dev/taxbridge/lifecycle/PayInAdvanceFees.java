package dev.taxbridge.lifecycle;

import static dev.taxbridge.lago.LagoFields.blankToNull;
import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.address.AddressRules;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.Addresses;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.FeeRules;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lifecycle.LifecycleModels.FeeCommand;
import dev.taxbridge.lifecycle.LifecycleModels.PayInAdvanceFee;
import dev.taxbridge.mapping.ItemMapping;
import dev.taxbridge.mapping.TaxMappingResolver;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.money.MinorUnits;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.tax.CustomerExemptions.Exemption;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code fee.pay_in_advance}: a pay-in-advance fee, one line mapped like an invoice fee. Lago records a fee
 * it does not invoice ({@code invoiceable: false}) when it is created, here as its own committed
 * SalesInvoice {@code fee_<lago_id>}; a fee it invoices is taxed inside its invoice, which commits it, so
 * here it is only estimated (a SalesOrder, nothing recorded).
 */
@Component
public class PayInAdvanceFees {

    public static final String CODE_PREFIX = "fee_";

    private final CommandReader reader;
    private final ConnectionRegistry connections;
    private final TaxMappingResolver mappings;
    private final AddressRules addresses;
    private final CustomerExemptions exemptions;

    public PayInAdvanceFees(CommandReader reader, ConnectionRegistry connections, TaxMappingResolver mappings,
            AddressRules addresses, CustomerExemptions exemptions) {
        this.reader = reader;
        this.connections = connections;
        this.mappings = mappings;
        this.addresses = addresses;
        this.exemptions = exemptions;
    }

    public FeeCommand parse(byte[] body) {
        FeeCommand command = reader.read(body, FeeCommand.class);
        PayInAdvanceFee fee = require(command.fee(), "fee");
        require(fee.lagoId(), "fee.lago_id");
        FeeRules.requireValid(fee.asFee(), "fee");
        MinorUnits.currency(require(fee.currencyCode(), "fee.amount_currency"));
        Customer customer = require(command.customer(), "customer");
        require(customer.externalId(), "customer.external_id");
        date(fee);
        return command;
    }

    public AvataxConnection connection(FeeCommand command) {
        return connections.choose(command.connection(), command.customer(), command.organizationId());
    }

    /**
     * The fee's AvaTax call: a fee Lago taxes inside an invoice ({@link PayInAdvanceFee#invoiced()}) is only
     * estimated, a SalesOrder that records nothing, since its invoice commits it; any other is recorded on its
     * own, a committed SalesInvoice {@code fee_<lago_id>}. Null for a credit (never taxed).
     */
    public AvataxCall<TransactionModel> call(FeeCommand command) {
        PayInAdvanceFee fee = command.fee();
        if (InvoiceTransactions.CREDIT.equals(fee.item().type())) {
            return null;
        }
        AvataxConnection connection = connection(command);
        if (fee.invoiced()) {
            return AvataxEndpoints.createTransaction(transaction(command, "SalesOrder", false));
        }
        return AvataxEndpoints.createOrAdjust(transaction(command, "SalesInvoice", connection.commit()));
    }

    private CreateTransactionModel transaction(FeeCommand command, String type, boolean commit) {
        PayInAdvanceFee fee = command.fee();
        AvataxConnection connection = connection(command);
        Currency currency = MinorUnits.currency(fee.currencyCode());
        // The same entity for the mapping lookup and ShipFrom, the default one when the fee names none.
        String billingEntity = addresses.billingEntity(billingEntityCode(command));
        ItemMapping mapping = mappings.resolve(connection.code(), billingEntity, fee.item().type(), fee.item().code());
        LineItemModel line = new LineItemModel(fee.lagoId(), FeeRules.quantity(fee.units()),
                MinorUnits.toMajor(fee.asFee().taxableAmountCents(), currency), mapping.taxCode(), mapping.itemCode(),
                fee.item().name());
        Customer customer = command.customer();
        Exemption exemption = exemptions.of(customer);
        return new CreateTransactionModel(type, CODE_PREFIX + fee.lagoId(),
                connection.companyCode(), date(fee), connections.customerCode(customer),
                currency.getCurrencyCode(), null, blankToNull(customer.taxIdentificationNumber()), null, commit, null,
                Addresses.shipping(addresses.shipFrom(billingEntity), addresses.shipTo(customer)), List.of(line),
                null).withExemption(exemption.entityUseCode(), exemption.exemptionNo());
    }

    /** The fee's creation day (UTC), so a replay on another day records the same document. */
    static LocalDate date(PayInAdvanceFee fee) {
        if (fee.createdAt() == null || fee.createdAt().isBlank()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return fee.createdAt().length() == 10 ? LocalDate.parse(fee.createdAt())
                    : OffsetDateTime.parse(fee.createdAt()).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "fee.created_at '" + fee.createdAt()
                    + "' is not an ISO 8601 date or date-time");
        }
    }

    private static String billingEntityCode(FeeCommand command) {
        return command.billingEntityCode() != null && !command.billingEntityCode().isBlank()
                ? command.billingEntityCode() : command.fee().billingEntityCode();
    }
}
