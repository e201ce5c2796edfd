package dev.taxbridge.avatax;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.springframework.web.util.UriUtils;

/** The AvaTax REST v2 paths the bridge calls, with codes escaped the way AvaTax asks for. */
public final class AvataxPaths {

    public static final String PING = "/api/v2/utilities/ping";
    public static final String CREATE_TRANSACTION = "/api/v2/transactions/create";
    public static final String CREATE_OR_ADJUST_TRANSACTION = "/api/v2/transactions/createoradjust";

    private AvataxPaths() {
    }

    /**
     * A company or document code as one URL path segment. AvaTax cannot take {@code / + ? % #} in a
     * segment even when percent-encoded and defines its own escapes for them; the rest is percent-encoded.
     */
    public static String segment(String code) {
        String escaped = code.replace("%", "_-ava25-_").replace("/", "_-ava2f-_").replace("+", "_-ava2b-_")
                .replace("?", "_-ava3f-_").replace("#", "_-ava23-_");
        return UriUtils.encodePathSegment(escaped, StandardCharsets.UTF_8);
    }

    /** {@code /api/v2/companies/{companyCode}/transactions/{code}} (no query). */
    public static String transaction(String companyCode, String code) {
        return transactions(companyCode) + "/" + segment(code);
    }

    /** {@code GET} one document of a type. */
    public static String transaction(String companyCode, String code, String documentType) {
        return transaction(companyCode, code) + "?documentType=" + documentType;
    }

    /** {@code POST} VoidTransaction of one document of a type. */
    public static String voidTransaction(String companyCode, String code, String documentType) {
        return transaction(companyCode, code) + "/void?documentType=" + documentType;
    }

    /** The first page of a company's documents dated from {@code from} to {@code to}, {@code top} a page. */
    public static String transactionsBetween(String companyCode, LocalDate from, LocalDate to, int top) {
        String filter = "date ge '" + from + "' and date le '" + to + "'";
        return transactions(companyCode) + "?$filter=" + UriUtils.encodeQueryParam(filter, StandardCharsets.UTF_8)
                + "&$top=" + top;
    }

    /** The company-lookup query: {@code GET /api/v2/companies?$filter=companyCode eq '<code>'}. */
    public static String companyByCode(String companyCode) {
        String filter = "companyCode eq '" + companyCode.replace("'", "''") + "'";
        return "/api/v2/companies?$filter=" + UriUtils.encodeQueryParam(filter, StandardCharsets.UTF_8);
    }

    /** {@code /api/v2/companies/{companyId}/customers}: customers hang off the numeric company id. */
    public static String customers(long companyId) {
        return "/api/v2/companies/" + companyId + "/customers";
    }

    public static String customer(long companyId, String customerCode) {
        return customers(companyId) + "/" + segment(customerCode);
    }

    private static String transactions(String companyCode) {
        return "/api/v2/companies/" + segment(companyCode) + "/transactions";
    }
}
