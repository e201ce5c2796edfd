package dev.taxbridge.estimate;

import static dev.taxbridge.lago.LagoFields.blankToNull;
import static dev.taxbridge.lago.LagoFields.require;

import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.estimate.EstimateModels.CurrencyHolder;
import dev.taxbridge.estimate.EstimateModels.CurrentUsageRequest;
import dev.taxbridge.estimate.EstimateModels.CustomerUsage;
import dev.taxbridge.estimate.EstimateModels.CustomerCurrency;
import dev.taxbridge.estimate.EstimateModels.Subscription;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.FeeRules;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.money.MinorUnits;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Reads estimate requests and turns them into an AvaTax SalesOrder, with the invoice rules
 * (connection, customer code, mappings, ShipFrom/ShipTo, minor units) of {@link InvoiceTransactions}.
 *
 * <p>Only fees with a positive amount (after coupons) that are not credits are sent; with none the
 * estimate is zero tax without a call. A fee without {@code lago_id} (current usage has none) is
 * named {@code fee-<i>}, {@code i} being its zero-based position in {@code fees[]}; that name is the
 * AvaTax line number and the reply's {@code lago_id}.
 */
@Component
public class EstimateRequests {

    /** AvaTax's limit for a transaction code; a longer one is left out and AvaTax assigns one. */
    static final int MAX_CODE_LENGTH = 50;
    static final String USAGE_CODE_PREFIX = "usage-";

    private final CommandReader reader;
    private final ConnectionRegistry connections;
    private final InvoiceTransactions transactions;
    private final Clock clock;

    public EstimateRequests(CommandReader reader, ConnectionRegistry connections, InvoiceTransactions transactions,
            ObjectProvider<Clock> clock) {
        this.reader = reader;
        this.connections = connections;
        this.transactions = transactions;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** A request nobody can receive the answer of is refused before AvaTax is asked anything. */
    public void requireReplyTo(String replyTo) {
        if (replyTo == null || replyTo.isBlank()) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE,
                    "an estimate request needs a reply_to (and a correlation_id) to be answered");
        }
    }

    /**
     * {@code estimate.current_usage}: the usage of one subscription, with its usage-tax cache key, in the
     * bridge's shape ({@code subscription}, {@code fees[]}) or Lago's ({@code customer_usage}).
     */
    public Estimate currentUsage(byte[] body) {
        CurrentUsageRequest request = reader.read(body, CurrentUsageRequest.class);
        Customer customer = require(request.customer(), "customer");
        require(customer.externalId(), "customer.external_id");
        String purpose = request.purpose();
        if (purpose != null && !EstimateModels.WALLET_ONGOING_BALANCE.equals(purpose)) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "unknown purpose '" + purpose
                    + "' (the only one is " + EstimateModels.WALLET_ONGOING_BALANCE + ")");
        }
        if (request.customerUsage() != null) {
            return lagoUsage(request, customer, customerExtras(body), purpose);
        }
        Subscription subscription = require(request.subscription(), "subscription");
        require(subscription.externalId(), "subscription.external_id");
        require(subscription.planCode(), "subscription.plan_code");
        Currency currency = currency(request.currency(),
                request.currency() == null || request.currency().isBlank() ? customerExtras(body) : null);
        List<Fee> fees = named(require(request.fees(), "fees"), "fees");
        return usage(request, customer, currency, purpose, fees, date(request.issuingDate()),
                request.billingEntityCode(), subscription);
    }

    /** Lago's {@code customer_usage}: dated its {@code issuing_date}, one fee per charge. */
    private Estimate lagoUsage(CurrentUsageRequest request, Customer customer, CurrencyHolder lagoCustomer,
            String purpose) {
        if (request.subscription() != null || request.fees() != null) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "a current-usage request has either"
                    + " 'customer_usage' (Lago's) or 'subscription' and 'fees', not both");
        }
        CustomerUsage usage = request.customerUsage();
        Currency currency = currency(usage.currency(), lagoCustomer);
        List<Fee> fees = named(LagoUsage.fees(usage), LagoUsage.FIELD);
        String entity = request.billingEntityCode() != null ? request.billingEntityCode()
                : lagoCustomer == null ? null : lagoCustomer.billingEntityCode();
        String subscriptionId = blankToNull(request.externalSubscriptionId());
        return usage(request, customer, currency, purpose, fees, date(usage.issuingDate()), entity,
                new Subscription(subscriptionId, null, null));
    }

    private Estimate usage(CurrentUsageRequest request, Customer customer, Currency currency, String purpose,
            List<Fee> fees, LocalDate date, String billingEntityCode, Subscription subscription) {
        String code = subscription.externalId() == null ? null : USAGE_CODE_PREFIX + subscription.externalId();
        Invoice invoice = new Invoice(code != null && code.length() <= MAX_CODE_LENGTH ? code : null, null, date,
                currency.getCurrencyCode(), billingEntityCode, customer, taxable(fees));
        if (invoice.fees().isEmpty()) {
            return new Estimate(currency, purpose, fees, null, null, List.of(), null);
        }
        AvataxConnection connection = connections.choose(request.connection(), customer, request.organizationId());
        CreateTransactionModel model = transactions.transaction(invoice, connection, "SalesOrder", false);
        UsageKey key = UsageKey.of(connection.code(), model.customerCode(), subscription.externalId(),
                subscription.planCode(), subscription.planVersion(), model.addresses().shipTo(),
                model.addresses().shipFrom(), model.businessIdentificationNo(), model.lines(), model.entityUseCode(),
                model.exemptionNo());
        return new Estimate(currency, purpose, fees, connection, AvataxEndpoints.createTransaction(model), model.lines(),
                key);
    }

    /** Lago's customer fields {@link Customer} does not hold, read only when needed. */
    private CurrencyHolder customerExtras(byte[] body) {
        return reader.read(body, CustomerCurrency.class).customer();
    }

    /** The usage's currency, else the customer's, else {@code invalid_message}. */
    private static Currency currency(String own, CurrencyHolder customer) {
        String code = own != null && !own.isBlank() ? own : customer == null ? null : customer.currency();
        if (code == null || code.isBlank()) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE,
                    "required field 'currency' is missing (nor has the customer one)");
        }
        return MinorUnits.currency(code);
    }

    /** {@code estimate.one_off_invoice}: an invoice whose add-on fees are not created yet (ids optional). */
    public Estimate oneOffInvoice(byte[] body) {
        InvoiceCommand command = reader.read(body, InvoiceCommand.class);
        Invoice invoice = require(command.invoice(), "invoice");
        Currency currency = MinorUnits.currency(invoice.currency());
        Customer customer = require(invoice.customer(), "invoice.customer");
        require(customer.externalId(), "invoice.customer.external_id");
        List<Fee> fees = named(require(invoice.fees(), "invoice.fees"), "invoice.fees");
        String code = invoice.lagoId() != null && invoice.lagoId().length() <= MAX_CODE_LENGTH ? invoice.lagoId() : null;
        Invoice taxable = new Invoice(code, invoice.number(), date(invoice.issuingDate()), currency.getCurrencyCode(),
                invoice.billingEntityCode(), customer, taxable(fees));
        if (taxable.fees().isEmpty()) {
            return new Estimate(currency, null, fees, null, null, List.of(), null);
        }
        AvataxConnection connection = connections.choose(command.connection(), customer, command.organizationId());
        CreateTransactionModel model = transactions.transaction(taxable, connection, "SalesOrder", false);
        return new Estimate(currency, null, fees, connection, AvataxEndpoints.createTransaction(model),
                model.lines(), null);
    }

    /** Validates the fees and gives each its line number: its lago_id, else {@code fee-<index>}. */
    static List<Fee> named(List<Fee> fees, String field) {
        List<Fee> named = new ArrayList<>(fees.size());
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < fees.size(); i++) {
            Fee fee = FeeRules.requireReadable(fees.get(i), field + "[" + i + "]");
            String number = fee.lagoId() == null || fee.lagoId().isBlank() ? "fee-" + i : fee.lagoId();
            if (!numbers.add(number)) {
                throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE,
                        "two fees of '" + field + "' are named '" + number + "'");
            }
            named.add(new Fee(number, fee.item(), fee.units(), fee.amountCents(),
                    fee.subTotalExcludingTaxesAmountCents(), fee.preciseCouponsAmountCents()));
        }
        return named;
    }

    /** The fees AvaTax is sent: not credits, with a positive amount after coupons. */
    static List<Fee> taxable(List<Fee> fees) {
        return fees.stream()
                .filter(fee -> !InvoiceTransactions.CREDIT.equals(fee.item().type()))
                .filter(fee -> fee.taxableAmountCents() > 0)
                .toList();
    }

    private LocalDate date(LocalDate given) {
        return given != null ? given : LocalDate.now(clock);
    }
}
