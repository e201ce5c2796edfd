package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.taxbridge.avatax.AvataxCall.Document;
import dev.taxbridge.avatax.AvataxModels.CompanyModel;
import dev.taxbridge.avatax.AvataxModels.CreateOrAdjustTransactionModel;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.CustomerModel;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.PingResultModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxModels.VoidTransactionModel;
import java.time.LocalDate;
import java.util.List;

/**
 * Every AvaTax endpoint the bridge uses, one typed call each: path, operation name, the document it is
 * about and the model AvaTax answers with. A command's bean asks here for the call its route makes
 * ({@code direct:avatax-call}); {@link AvataxClient} makes the same calls for Java callers. No one else
 * writes a path or an operation name; the operation names the call in failures, metrics and the audit stream.
 */
public final class AvataxEndpoints {

    /** Why a document sent again is adjusted rather than refused (AvaTax's AdjustmentReason). */
    static final String ADJUSTMENT_REASON = "Other";
    static final String ADJUSTMENT_DESCRIPTION = "Resent by the billing system";

    private static final TypeFactory TYPES = TypeFactory.defaultInstance();
    private static final JavaType COMPANIES = TYPES.constructParametricType(FetchResult.class, CompanyModel.class);
    private static final JavaType TRANSACTIONS = TYPES.constructParametricType(FetchResult.class,
            TransactionModel.class);
    private static final JavaType CUSTOMERS = TYPES.constructCollectionType(List.class, CustomerModel.class);

    private AvataxEndpoints() {
    }

    /** {@code GET utilities/ping}: reachable, and whether the credentials are accepted. */
    public static AvataxCall<PingResultModel> ping(AvataxConnection connection) {
        return AvataxCall.get(connection, "ping", AvataxPaths.PING, Document.NONE,
                AvataxCall.type(PingResultModel.class));
    }

    /** {@code GET companies?$filter=companyCode eq '<code>'}: the connection's company, for its numeric id. */
    public static AvataxCall<FetchResult<CompanyModel>> companyByCode(AvataxConnection connection) {
        return AvataxCall.get(connection, "companies", AvataxPaths.companyByCode(connection.companyCode()),
                Document.NONE, COMPANIES);
    }

    /** {@code transactions/create}: an uncommitted document (a SalesOrder estimate records nothing). */
    public static AvataxCall<TransactionModel> createTransaction(AvataxConnection connection,
            CreateTransactionModel model) {
        return AvataxCall.post(connection, "create", AvataxPaths.CREATE_TRANSACTION, model, document(model),
                TransactionModel.class);
    }

    /**
     * {@code transactions/createoradjust} of a recorded document: created the first time, adjusted in place
     * when the same code comes again (a redelivery or replay), so one code is always one document.
     */
    public static AvataxCall<TransactionModel> createOrAdjust(AvataxConnection connection,
            CreateTransactionModel model) {
        return AvataxCall.post(connection, "createoradjust", AvataxPaths.CREATE_OR_ADJUST_TRANSACTION,
                new CreateOrAdjustTransactionModel(ADJUSTMENT_REASON, ADJUSTMENT_DESCRIPTION, model), document(model),
                TransactionModel.class);
    }

    /** {@code GET companies/{companyCode}/transactions/{code}?documentType=...}. */
    public static AvataxCall<TransactionModel> getTransaction(AvataxConnection connection, String code,
            String documentType) {
        return AvataxCall.get(connection, "get", AvataxPaths.transaction(connection.companyCode(), code, documentType),
                new Document(code, documentType, null), AvataxCall.type(TransactionModel.class));
    }

    /** {@code POST companies/{companyCode}/transactions/{code}/void?documentType=...} with AvaTax's VoidReasonCode. */
    public static AvataxCall<TransactionModel> voidTransaction(AvataxConnection connection, String code,
            String documentType, String reasonCode) {
        return AvataxCall.post(connection, "void",
                AvataxPaths.voidTransaction(connection.companyCode(), code, documentType),
                new VoidTransactionModel(reasonCode), new Document(code, documentType, null), TransactionModel.class);
    }

    /** The first page of the company's documents dated from {@code from} to {@code to}. */
    public static AvataxCall<FetchResult<TransactionModel>> listTransactions(AvataxConnection connection,
            LocalDate from, LocalDate to, int top) {
        return listPage(connection, AvataxPaths.transactionsBetween(connection.companyCode(), from, to, top));
    }

    /** A further page of a list, at the path of AvaTax's {@code @nextLink}. */
    public static AvataxCall<FetchResult<TransactionModel>> listPage(AvataxConnection connection, String path) {
        return AvataxCall.get(connection, "list transactions", path, Document.NONE, TRANSACTIONS);
    }

    /** {@code GET companies/{companyId}/customers/{customerCode}}. */
    public static AvataxCall<CustomerModel> getCustomer(AvataxConnection connection, long companyId,
            String customerCode) {
        return AvataxCall.get(connection, "get customer", AvataxPaths.customer(companyId, customerCode),
                Document.NONE, AvataxCall.type(CustomerModel.class));
    }

    /** {@code POST companies/{companyId}/customers}: AvaTax takes a list and answers with one. */
    public static AvataxCall<List<CustomerModel>> createCustomers(AvataxConnection connection, long companyId,
            List<CustomerModel> customers) {
        return new AvataxCall<>(connection, "create customer", "POST", AvataxPaths.customers(companyId), customers,
                Document.NONE, CUSTOMERS);
    }

    /** {@code PUT companies/{companyId}/customers/{customerCode}}. */
    public static AvataxCall<CustomerModel> updateCustomer(AvataxConnection connection, long companyId,
            String customerCode, CustomerModel customer) {
        return new AvataxCall<>(connection, "update customer", "PUT", AvataxPaths.customer(companyId, customerCode),
                customer, Document.NONE, AvataxCall.type(CustomerModel.class));
    }

    private static Document document(CreateTransactionModel model) {
        return new Document(model.code(), model.type(), model.date() == null ? null : model.date().toString());
    }
}
