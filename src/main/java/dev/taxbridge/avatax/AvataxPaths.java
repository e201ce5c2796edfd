package dev.taxbridge.avatax;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/** Codes in AvaTax URL paths and filters, escaped the way AvaTax asks for. */
public final class AvataxPaths {

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
        return "/api/v2/companies/" + segment(companyCode) + "/transactions/" + segment(code);
    }

    /** The company-lookup query: {@code GET /api/v2/companies?$filter=companyCode eq '<code>'}. */
    public static String companyByCode(String companyCode) {
        String filter = "companyCode eq '" + companyCode.replace("'", "''") + "'";
        return "/api/v2/companies?$filter=" + UriUtils.encodeQueryParam(filter, StandardCharsets.UTF_8);
    }
}
