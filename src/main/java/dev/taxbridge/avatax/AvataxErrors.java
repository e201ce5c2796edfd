package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxModels.ErrorDetail;
import dev.taxbridge.avatax.AvataxModels.ErrorInfo;
import dev.taxbridge.avatax.AvataxModels.ErrorResult;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Classifies an AvaTax error answer (HTTP status and its {@code error.code}) into the bridge's
 * {@link ErrorCode}s, keeping AvaTax's own code and message.
 */
@Component
public class AvataxErrors {

    static final Set<String> ADDRESS_CODES = Set.of("InvalidAddress", "AddressLocationNotFound", "InvalidPostalCode",
            "NotEnoughAddressesInfo", "AddressRangeError", "AddressUnknownStreet", "AddressNotGeocoded",
            "InvalidZipForStateError", "MissingAddress", "InvalidCountry", "InvalidRegion");
    static final Set<String> COMPANY_CODES = Set.of("CompanyNotFound", "CompanyInvalidException", "InvalidCompanyCode");
    static final Set<String> RATE_LIMIT_CODES = Set.of("RateLimitExceeded", "TooManyRequests", "RequestLimitExceeded");

    private final ObjectMapper mapper;
    private final SecretRedactor redactor;

    public AvataxErrors(ObjectMapper mapper, SecretRedactor redactor) {
        this.mapper = mapper;
        this.redactor = redactor;
    }

    /** A failure AvaTax answered with (an HTTP status other than 2xx): AvaTax was reached. */
    public static final class ErrorAnswer extends TaxBridgeException {
        private final int status;

        ErrorAnswer(ErrorCode code, String message, String providerCode, Duration retryAfter, int status) {
            super(code, message, providerCode, retryAfter);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public ErrorAnswer classify(String operation, int status, byte[] body, String retryAfterHeader) {
        ErrorInfo error = parse(body);
        String providerCode = error == null ? null : error.code();
        String providerMessage = truncate(redactor.redact(describe(error)));
        String message = "AvaTax " + operation + " answered HTTP " + status
                + (providerCode == null ? "" : " " + providerCode)
                + (providerMessage.isEmpty() ? "" : ": " + providerMessage);
        ErrorCode code = classify(status, error);
        Duration retryAfter = code == ErrorCode.RATE_LIMITED ? parseRetryAfter(retryAfterHeader) : null;
        return new ErrorAnswer(code, message, providerCode, retryAfter, status);
    }

    static ErrorCode classify(int status, ErrorInfo error) {
        String providerCode = error == null || error.code() == null ? "" : error.code();
        if (status == 401) {
            return ErrorCode.INVALID_CREDENTIALS;
        }
        if (status == 429 || RATE_LIMIT_CODES.contains(providerCode)) {
            return ErrorCode.RATE_LIMITED;
        }
        if (status == 408 || status == 504) {
            return ErrorCode.TIMEOUT;
        }
        if (status >= 500) {
            return ErrorCode.PROVIDER_UNAVAILABLE;
        }
        if (COMPANY_CODES.contains(providerCode) || mentionsCompanyNotFound(error)) {
            return ErrorCode.COMPANY_NOT_FOUND;
        }
        if (ADDRESS_CODES.contains(providerCode) || detailCodes(error).stream().anyMatch(ADDRESS_CODES::contains)
                || ("GetTaxError".equals(providerCode) && refersToAddress(error))) {
            return ErrorCode.INVALID_ADDRESS;
        }
        return ErrorCode.PROVIDER_ERROR;
    }

    private ErrorInfo parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            ErrorResult result = mapper.readValue(body, ErrorResult.class);
            return result == null ? null : result.error();
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String describe(ErrorInfo error) {
        if (error == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(error.message() == null ? "" : error.message());
        for (ErrorDetail detail : error.details() == null ? List.<ErrorDetail>of() : error.details()) {
            if (detail.description() != null && !detail.description().equals(error.message())) {
                text.append(text.isEmpty() ? "" : " ").append(detail.description());
                break;
            }
        }
        return text.toString();
    }

    /** Cut after redaction, so a secret cut in half can never escape the mask. */
    private static String truncate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private static List<String> detailCodes(ErrorInfo error) {
        if (error == null || error.details() == null) {
            return List.of();
        }
        return error.details().stream().map(ErrorDetail::code).filter(c -> c != null).toList();
    }

    private static boolean mentionsCompanyNotFound(ErrorInfo error) {
        if (error == null || !"EntityNotFoundError".equals(error.code())) {
            return false;
        }
        String text = (error.message() + " " + error.target()).toLowerCase(Locale.ROOT);
        return text.contains("company");
    }

    private static boolean refersToAddress(ErrorInfo error) {
        if (error.details() == null) {
            return false;
        }
        return error.details().stream().anyMatch(d -> contains(d.refersTo(), "address")
                || contains(d.message(), "address") || contains(d.description(), "address"));
    }

    private static boolean contains(String text, String word) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(word);
    }

    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException httpDate) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(header.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(java.time.ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (java.time.format.DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
