package dev.taxbridge.avatax;

import dev.taxbridge.avatax.AvataxModels.AvataxCustomer;
import dev.taxbridge.avatax.AvataxModels.CreateOrAdjustTransactionModel;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.VoidTransactionModel;
import java.time.LocalDate;
import java.util.List;

/**
 * Every AvaTax endpoint the bridge uses, one call factory each: a bean asks here for the
 * {@link AvataxCall} and the {@code avatax-call} route makes it. No bean writes a path or an
 * operation name of its own; the operation names the call in failures, metrics and the audit stream.
 */
public final class AvataxEndpoints {

    /** Why a document sent again is adjusted rather than refused (AvaTax's AdjustmentReason). */
    static final String ADJUSTMENT_REASON = "Other";
    static final String ADJUSTMENT_DESCRIPTION = "Resent by the billing system";

    private AvataxEndpoints() {
    }

    /** {@code GET utilities/ping}: reachable, and whether the credentials are accepted. */
    public static AvataxCall ping(AvataxConnection connection) {
        return AvataxCall.get(connection, "ping", AvataxPaths.PING);
    }

    /** {@code GET companies?$filter=companyCode eq '<code>'}: the connection's company, for its numeric id. */
    public static AvataxCall companyByCode(AvataxConnection connection) {
        return AvataxCall.get(connection, "companies", AvataxPaths.companyByCode(connection.companyCode()));
    }

    /** {@code transactions/create}: an uncommitted document (a SalesOrder estimate records nothing). */
    public static AvataxCall createTransaction(AvataxConnection connection, CreateTransactionModel model) {
        return AvataxCall.post(connection, "create", AvataxPaths.CREATE_TRANSACTION, model);
    }

    /**
     * {@code transactions/createoradjust} of a recorded document: created the first time, adjusted in place
     * when the same code comes again (a redelivery or replay), so one code is always one document.
     */
    public static AvataxCall createOrAdjust(AvataxConnection connection, CreateTransactionModel model) {
        return AvataxCall.post(connection, "createoradjust", AvataxPaths.CREATE_OR_ADJUST_TRANSACTION,
                new CreateOrAdjustTransactionModel(ADJUSTMENT_REASON, ADJUSTMENT_DESCRIPTION, model));
    }

    /** {@code GET companies/{companyCode}/transactions/{code}?documentType=...}. */
    public static AvataxCall getTransaction(AvataxConnection connection, String code, String documentType) {
        return AvataxCall.get(connection, "get", AvataxPaths.transaction(connection.companyCode(), code, documentType));
    }

    /** {@code POST companies/{companyCode}/transactions/{code}/void?documentType=...} with AvaTax's VoidReasonCode. */
    public static AvataxCall voidTransaction(AvataxConnection connection, String code, String documentType,
            String reasonCode) {
        return AvataxCall.post(connection, "void",
                AvataxPaths.voidTransaction(connection.companyCode(), code, documentType),
                new VoidTransactionModel(reasonCode));
    }

    /** The first page of the company's documents dated from {@code from} to {@code to}. */
    public static AvataxCall listTransactions(AvataxConnection connection, LocalDate from, LocalDate to, int top) {
        return listPage(connection, AvataxPaths.transactionsBetween(connection.companyCode(), from, to, top));
    }

    /** A further page of a list, at the path of AvaTax's {@code @nextLink}. */
    public static AvataxCall listPage(AvataxConnection connection, String path) {
        return AvataxCall.get(connection, "list transactions", path);
    }

    /** {@code GET companies/{companyId}/customers/{customerCode}}. */
    public static AvataxCall getCustomer(AvataxConnection connection, long companyId, String customerCode) {
        return AvataxCall.get(connection, "get customer", AvataxPaths.customer(companyId, customerCode));
    }

    /** {@code POST companies/{companyId}/customers}: AvaTax takes a list. */
    public static AvataxCall createCustomers(AvataxConnection connection, long companyId,
            List<AvataxCustomer> customers) {
        return AvataxCall.post(connection, "create customer", AvataxPaths.customers(companyId), customers);
    }

    /** {@code PUT companies/{companyId}/customers/{customerCode}}. */
    public static AvataxCall updateCustomer(AvataxConnection connection, long companyId, String customerCode,
            AvataxCustomer customer) {
        return new AvataxCall(connection, "update customer", "PUT", AvataxPaths.customer(companyId, customerCode),
                customer);
    }
}
