package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.taxbridge.avatax.AvataxCall.Document;
import dev.taxbridge.avatax.AvataxModels.AddressResolutionModel;
import dev.taxbridge.avatax.AvataxModels.AddressValidationInfo;
import dev.taxbridge.avatax.AvataxModels.CompanyModel;
import dev.taxbridge.avatax.AvataxModels.CreateOrAdjustTransactionModel;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.CustomerModel;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.PingResultModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxModels.VoidTransactionModel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.util.UriUtils;

/**
 * Every AvaTax endpoint the bridge uses, one typed call each: its path (with codes escaped the way AvaTax
 * asks for), operation name, the document it is about and the model AvaTax answers with. A command's
 * bean asks here for the call its route makes ({@code direct:avatax-call}); a Java caller hands it to the
 * connection's {@link AvataxClient#send} (or calls one of its few typed methods, which come from here
 * too). No one else writes a path or an operation name; the operation names the call in failures, metrics
 * and the audit stream. A path names the company by code where AvaTax wants one: the caller passes its
 * connection's {@link AvataxConnection#companyCode()}.
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
    public static AvataxCall<PingResultModel> ping() {
        return AvataxCall.get("ping", PING, Document.NONE, AvataxCall.type(PingResultModel.class));
    }

    /** {@code GET companies?$filter=companyCode eq '<code>'}: the company of that code, for its numeric id. */
    public static AvataxCall<FetchResult<CompanyModel>> companyByCode(String companyCode) {
        return AvataxCall.get("companies", companyByCodePath(companyCode), Document.NONE, COMPANIES);
    }

    /** {@code transactions/create}: an uncommitted document (a SalesOrder estimate records nothing). */
    public static AvataxCall<TransactionModel> createTransaction(CreateTransactionModel model) {
        return AvataxCall.post("create", CREATE_TRANSACTION, model, document(model), TransactionModel.class);
    }

    /**
     * {@code transactions/createoradjust} of a recorded document: created the first time, adjusted in place
     * when the same code comes again (a redelivery or replay), so one code is always one document.
     */
    public static AvataxCall<TransactionModel> createOrAdjust(CreateTransactionModel model) {
        return AvataxCall.post("createoradjust", CREATE_OR_ADJUST_TRANSACTION,
                new CreateOrAdjustTransactionModel(ADJUSTMENT_REASON, ADJUSTMENT_DESCRIPTION, model), document(model),
                TransactionModel.class);
    }

    /** {@code GET companies/{companyCode}/transactions/{code}?documentType=...}. */
    public static AvataxCall<TransactionModel> getTransaction(String companyCode, String code, String documentType) {
        return AvataxCall.get("get", transaction(companyCode, code, documentType),
                new Document(code, documentType, null), AvataxCall.type(TransactionModel.class));
    }

    /** {@code POST companies/{companyCode}/transactions/{code}/void?documentType=...} with AvaTax's VoidReasonCode. */
    public static AvataxCall<TransactionModel> voidTransaction(String companyCode, String code, String documentType,
            String reasonCode) {
        return AvataxCall.post("void", voidTransaction(companyCode, code, documentType),
                new VoidTransactionModel(reasonCode), new Document(code, documentType, null), TransactionModel.class);
    }

    /** The first page of the company's documents dated from {@code from} to {@code to}. */
    public static AvataxCall<FetchResult<TransactionModel>> listTransactions(String companyCode, LocalDate from,
            LocalDate to, int top) {
        return listPage(transactionsBetween(companyCode, from, to, top));
    }

    /**
     * The ReturnInvoices that answer one invoice: {@code $filter=type eq 'ReturnInvoice' and referenceCode eq
     * '<invoice number>' and date ge '<invoice date>'} with their lines ({@code $include=Lines}); AvaTax looks
     * at the last 30 days only when no date is given. One page of up to {@code top}.
     */
    public static AvataxCall<FetchResult<TransactionModel>> listReturns(String companyCode, String referenceCode,
            LocalDate since, int top) {
        return AvataxCall.get("list returns", returnsOf(companyCode, referenceCode, since, top), Document.NONE,
                TRANSACTIONS);
    }

    /** A further page of a list, at the path of AvaTax's {@code @nextLink}. */
    public static AvataxCall<FetchResult<TransactionModel>> listPage(String path) {
        return AvataxCall.get("list transactions", path, Document.NONE, TRANSACTIONS);
    }

    /** {@code GET companies/{companyId}/customers/{customerCode}}. */
    public static AvataxCall<CustomerModel> getCustomer(long companyId, String customerCode) {
        return AvataxCall.get("get customer", customer(companyId, customerCode), Document.NONE,
                AvataxCall.type(CustomerModel.class));
    }

    /** {@code POST companies/{companyId}/customers}: AvaTax takes a list and answers with one. */
    public static AvataxCall<List<CustomerModel>> createCustomers(long companyId, List<CustomerModel> customers) {
        return new AvataxCall<>("create customer", "POST", customers(companyId), customers, Document.NONE, CUSTOMERS);
    }

    /** {@code PUT companies/{companyId}/customers/{customerCode}}. */
    public static AvataxCall<CustomerModel> updateCustomer(long companyId, String customerCode,
            CustomerModel customer) {
        return new AvataxCall<>("update customer", "PUT", customer(companyId, customerCode), customer,
                Document.NONE, AvataxCall.type(CustomerModel.class));
    }

    /** {@code POST addresses/resolve}: how precisely AvaTax places an address, and its validated form. */
    public static AvataxCall<AddressResolutionModel> resolveAddress(AddressValidationInfo address) {
        return AvataxCall.post("resolve address", RESOLVE_ADDRESS, address, Document.NONE,
                AddressResolutionModel.class);
    }

    // --- paths, with codes escaped the way AvaTax asks for ------------------------------------------


    static final String PING = "/api/v2/utilities/ping";
    static final String CREATE_TRANSACTION = "/api/v2/transactions/create";
    static final String CREATE_OR_ADJUST_TRANSACTION = "/api/v2/transactions/createoradjust";
    static final String RESOLVE_ADDRESS = "/api/v2/addresses/resolve";


    /**
     * A company or document code as one URL path segment. AvaTax cannot take {@code / + ? % #} in a
     * segment even when percent-encoded and defines its own escapes for them; the rest is percent-encoded.
     */
    static String segment(String code) {
        String escaped = code.replace("%", "_-ava25-_").replace("/", "_-ava2f-_").replace("+", "_-ava2b-_")
                .replace("?", "_-ava3f-_").replace("#", "_-ava23-_");
        return UriUtils.encodePathSegment(escaped, StandardCharsets.UTF_8);
    }

    /** {@code /api/v2/companies/{companyCode}/transactions/{code}} (no query). */
    static String transaction(String companyCode, String code) {
        return transactions(companyCode) + "/" + segment(code);
    }

    /** {@code GET} one document of a type. */
    static String transaction(String companyCode, String code, String documentType) {
        return transaction(companyCode, code) + "?documentType=" + documentType;
    }

    /** {@code POST} VoidTransaction of one document of a type. */
    static String voidTransaction(String companyCode, String code, String documentType) {
        return transaction(companyCode, code) + "/void?documentType=" + documentType;
    }

    /** The first page of a company's documents dated from {@code from} to {@code to}, {@code top} a page. */
    static String transactionsBetween(String companyCode, LocalDate from, LocalDate to, int top) {
        String filter = "date ge '" + from + "' and date le '" + to + "'";
        return transactions(companyCode) + "?$filter=" + UriUtils.encodeQueryParam(filter, StandardCharsets.UTF_8)
                + "&$top=" + top;
    }

    static String returnsOf(String companyCode, String referenceCode, LocalDate since, int top) {
        String filter = "type eq 'ReturnInvoice' and referenceCode eq '" + referenceCode.replace("'", "''")
                + "' and date ge '" + since + "'";
        return transactions(companyCode) + "?$filter=" + UriUtils.encodeQueryParam(filter, StandardCharsets.UTF_8)
                + "&$include=Lines&$top=" + top;
    }

    /** The company-lookup query: {@code GET /api/v2/companies?$filter=companyCode eq '<code>'}. */
    static String companyByCodePath(String companyCode) {
        String filter = "companyCode eq '" + companyCode.replace("'", "''") + "'";
        return "/api/v2/companies?$filter=" + UriUtils.encodeQueryParam(filter, StandardCharsets.UTF_8);
    }

    /** {@code /api/v2/companies/{companyId}/customers}: customers hang off the numeric company id. */
    static String customers(long companyId) {
        return "/api/v2/companies/" + companyId + "/customers";
    }

    static String customer(long companyId, String customerCode) {
        return customers(companyId) + "/" + segment(customerCode);
    }

    private static String transactions(String companyCode) {
        return "/api/v2/companies/" + segment(companyCode) + "/transactions";
    }

    private static Document document(CreateTransactionModel model) {
        return new Document(model.code(), model.type(), model.date() == null ? null : model.date().toString());
    }
}
