package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxModels.ErrorDetail;
import dev.taxbridge.avatax.AvataxModels.ErrorInfo;
import dev.taxbridge.avatax.AvataxProperties.ConnectionSettings;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

class AvataxErrorsTest {

    private static final String LICENSE_KEY = "1A2B3C4D5E6F7A8B";
    private static final String ACCOUNT_ID = "2001234567";

    private static ErrorInfo error(String code) {
        return new ErrorInfo(code, code + " message", null, List.of());
    }

    private static ErrorDetail detail(String code, String message, String description, String refersTo) {
        return new ErrorDetail(code, 300, message, description, "Client", "Error", refersTo);
    }

    private static AvataxErrors errors(ObjectMapper mapper) {
        AvataxProperties properties = new AvataxProperties("default",
                Map.of("default", new ConnectionSettings("https://sandbox-rest.avatax.com", ACCOUNT_ID, LICENSE_KEY,
                        "DEFAULT")),
                "avatax-bridge");
        return new AvataxErrors(mapper, new SecretRedactor(properties, new MockEnvironment()));
    }

    private static AvataxErrors errors() {
        return errors(new ObjectMapper().findAndRegisterModules());
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    // --- classify(status, error): by HTTP status ---------------------------------------------------

    @Test
    void status401IsInvalidCredentials() {
        assertThat(AvataxErrors.classify(401, error("AuthenticationException"))).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        assertThat(AvataxErrors.classify(401, null)).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    }

    @Test
    void status401WinsEvenWhenTheCodeLooksLikeAnAddressError() {
        assertThat(AvataxErrors.classify(401, error("InvalidAddress"))).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    }

    @Test
    void status429IsRateLimited() {
        assertThat(AvataxErrors.classify(429, null)).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(AvataxErrors.classify(429, error("TooManyRequests"))).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @ParameterizedTest(name = "rate-limit code {0} on HTTP 400 is rate_limited")
    @ValueSource(strings = {"RateLimitExceeded", "TooManyRequests", "RequestLimitExceeded"})
    void rateLimitCodeOnOtherStatusIsRateLimited(String code) {
        assertThat(AvataxErrors.classify(400, error(code))).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @ParameterizedTest(name = "HTTP {0} is provider_unavailable")
    @ValueSource(ints = {500, 502, 503, 599})
    void serverErrorsAreProviderUnavailable(int status) {
        assertThat(AvataxErrors.classify(status, null)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(AvataxErrors.classify(status, error("ServerConfiguration")))
                .isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    }

    @Test
    void serverErrorWithAnAddressCodeIsStillProviderUnavailable() {
        assertThat(AvataxErrors.classify(500, error("InvalidAddress"))).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    }

    @ParameterizedTest(name = "HTTP {0} is timeout")
    @ValueSource(ints = {408, 504})
    void requestTimeoutAndGatewayTimeoutAreTimeout(int status) {
        assertThat(AvataxErrors.classify(status, null)).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void retryableCodesAreExactlyRateLimitedTimeoutAndProviderUnavailable() {
        assertThat(ErrorCode.RATE_LIMITED.retryable()).isTrue();
        assertThat(ErrorCode.TIMEOUT.retryable()).isTrue();
        assertThat(ErrorCode.PROVIDER_UNAVAILABLE.retryable()).isTrue();
        assertThat(ErrorCode.INVALID_ADDRESS.retryable()).isFalse();
        assertThat(ErrorCode.PROVIDER_ERROR.retryable()).isFalse();
        assertThat(ErrorCode.INVALID_CREDENTIALS.retryable()).isFalse();
    }

    // --- classify(status, error): by AvaTax code ----------------------------------------------------

    @ParameterizedTest(name = "{0} is invalid_address")
    @ValueSource(strings = {"InvalidAddress", "AddressLocationNotFound", "InvalidPostalCode", "NotEnoughAddressesInfo"})
    void addressCodesAreInvalidAddress(String code) {
        assertThat(AvataxErrors.classify(400, error(code))).isEqualTo(ErrorCode.INVALID_ADDRESS);
    }

    @Test
    void getTaxErrorWithAnAddressLocationNotFoundDetailIsInvalidAddress() {
        ErrorInfo error = new ErrorInfo("GetTaxError", "GetTax error", "IncorrectData", List.of(
                detail("GetTaxError", "GetTax error", "The address could not be located.", "Lines[0].Addresses"),
                detail("AddressLocationNotFound", "The address could not be located.", null, "Addresses")));

        assertThat(AvataxErrors.classify(400, error)).isEqualTo(ErrorCode.INVALID_ADDRESS);
    }

    @Test
    void getTaxErrorWhoseDetailRefersToAddressesIsInvalidAddress() {
        ErrorInfo error = new ErrorInfo("GetTaxError", "GetTax error", "IncorrectData",
                List.of(detail("GetTaxError", "GetTax error", "Unable to compute tax", "Addresses.ShipTo")));

        assertThat(AvataxErrors.classify(400, error)).isEqualTo(ErrorCode.INVALID_ADDRESS);
    }

    @Test
    void getTaxErrorWhoseDetailDescriptionMentionsAnAddressIsInvalidAddress() {
        ErrorInfo error = new ErrorInfo("GetTaxError", "GetTax error", null,
                List.of(detail("GetTaxError", "GetTax error", "The Address is incomplete.", null)));

        assertThat(AvataxErrors.classify(400, error)).isEqualTo(ErrorCode.INVALID_ADDRESS);
    }

    @Test
    void getTaxErrorWithoutAddressDetailIsProviderError() {
        ErrorInfo noDetails = new ErrorInfo("GetTaxError", "GetTax error", null, null);
        ErrorInfo otherDetail = new ErrorInfo("GetTaxError", "GetTax error", null,
                List.of(detail("GetTaxError", "Tax code is not valid", "Tax code XYZ is unknown", "Lines[0].TaxCode")));

        assertThat(AvataxErrors.classify(400, noDetails)).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(AvataxErrors.classify(400, otherDetail)).isEqualTo(ErrorCode.PROVIDER_ERROR);
    }

    @Test
    void entityNotFoundMentioningCompanyIsCompanyNotFound() {
        ErrorInfo error = new ErrorInfo("EntityNotFoundError", "Company not found.", "HttpRequest",
                List.of(detail("EntityNotFoundError", "Company not found.",
                        "The company with code 'ACME' was not found.", null)));

        assertThat(AvataxErrors.classify(404, error)).isEqualTo(ErrorCode.COMPANY_NOT_FOUND);
    }

    @Test
    void entityNotFoundWithCompanyInTargetIsCompanyNotFound() {
        ErrorInfo error = new ErrorInfo("EntityNotFoundError", "Entity not found.", "CompanyCode", List.of());

        assertThat(AvataxErrors.classify(404, error)).isEqualTo(ErrorCode.COMPANY_NOT_FOUND);
    }

    @Test
    void entityNotFoundForATransactionIsProviderError() {
        ErrorInfo error = new ErrorInfo("EntityNotFoundError", "Transaction not found.", "HttpRequest",
                List.of(detail("EntityNotFoundError", "Transaction not found.",
                        "The transaction 'inv_1' was not found.", null)));

        assertThat(AvataxErrors.classify(404, error)).isEqualTo(ErrorCode.PROVIDER_ERROR);
    }

    @ParameterizedTest(name = "{0} is company_not_found")
    @ValueSource(strings = {"CompanyNotFound", "CompanyInvalidException", "InvalidCompanyCode"})
    void companyCodesAreCompanyNotFound(String code) {
        assertThat(AvataxErrors.classify(400, error(code))).isEqualTo(ErrorCode.COMPANY_NOT_FOUND);
    }

    @Test
    void companyNotFoundIsAConnectionLevelFault() {
        assertThat(ErrorCode.COMPANY_NOT_FOUND.connectionLevel()).isTrue();
        assertThat(ErrorCode.INVALID_CREDENTIALS.connectionLevel()).isTrue();
        assertThat(ErrorCode.PROVIDER_ERROR.connectionLevel()).isFalse();
    }

    @ParameterizedTest(name = "other 4xx code {0} is provider_error")
    @ValueSource(strings = {"CannotModifyLockedTransaction", "MissingLine", "ValueRequiredError", "EntityNotFoundError"})
    void otherClientErrorsAreProviderError(String code) {
        assertThat(AvataxErrors.classify(400, error(code))).isEqualTo(ErrorCode.PROVIDER_ERROR);
    }

    @ParameterizedTest(name = "HTTP {0} without a body is provider_error")
    @ValueSource(ints = {400, 403, 404, 409, 422})
    void otherClientStatusesWithoutBodyAreProviderError(int status) {
        assertThat(AvataxErrors.classify(status, null)).isEqualTo(ErrorCode.PROVIDER_ERROR);
    }

    // --- parseRetryAfter ---------------------------------------------------------------------------

    @Test
    void retryAfterInSeconds() {
        assertThat(AvataxErrors.parseRetryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(AvataxErrors.parseRetryAfter(" 7 ")).isEqualTo(Duration.ofSeconds(7));
        assertThat(AvataxErrors.parseRetryAfter("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterNegativeSecondsIsIgnored() {
        assertThat(AvataxErrors.parseRetryAfter("-5")).isNull();
    }

    @ParameterizedTest(name = "unreadable Retry-After \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "soon", "1.5", "Wed, 32 Oct 2015 07:28:00 GMT", "99999999999999999999"})
    void retryAfterMissingOrUnreadableIsNull(String header) {
        assertThat(AvataxErrors.parseRetryAfter(header)).isNull();
    }

    @Test
    void retryAfterHttpDateInTheFutureIsTheTimeUntilThen() {
        String header = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));

        Duration wait = AvataxErrors.parseRetryAfter(header);

        // The header has whole seconds, so up to one second is lost; allow a little for a slow test run.
        assertThat(wait).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
    }

    @Test
    void retryAfterHttpDateInThePastIsZero() {
        assertThat(AvataxErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    // --- classify(operation, status, body, retryAfter) ----------------------------------------------

    @Test
    void bodyIsParsedAndProviderCodeAndMessageAreKept() {
        String json = """
                {"error": {"code": "InvalidAddress", "message": "The address is not valid.", "target": "IncorrectData",
                  "details": [{"code": "InvalidAddress", "number": 309, "message": "The address is not valid.",
                    "description": "Street 'Nowhere' could not be found.", "faultCode": "Client", "severity": "Error"}]}}
                """;

        TaxBridgeException e = errors().classify("create", 400, body(json), null);

        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ADDRESS);
        assertThat(e.providerCode()).isEqualTo("InvalidAddress");
        assertThat(e.retryAfter()).isNull();
        assertThat(e.getMessage()).isEqualTo("AvaTax create answered HTTP 400 InvalidAddress: The address is not"
                + " valid. Street 'Nowhere' could not be found.");
    }

    @Test
    void licenseKeyEchoedInErrorMessageIsRedacted() {
        String json = """
                {"error": {"code": "AuthenticationException",
                  "message": "Authentication failed for account %s with license key %s.",
                  "details": [{"code": "AuthenticationException",
                    "description": "The license key %s is not valid for this account."}]}}
                """.formatted(ACCOUNT_ID, LICENSE_KEY, LICENSE_KEY);

        TaxBridgeException e = errors().classify("ping", 401, body(json), null);

        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        assertThat(e.getMessage())
                .doesNotContain(LICENSE_KEY)
                .contains("with license key ******.")
                .contains("The license key ****** is not valid");
    }

    @Test
    void basicCredentialsEchoedInErrorMessageAreRedacted() {
        String basic = Base64.getEncoder().encodeToString(
                (ACCOUNT_ID + ":" + LICENSE_KEY).getBytes(StandardCharsets.UTF_8));
        String json = """
                {"error": {"code": "AuthenticationException", "message": "Header 'Basic %s' was rejected."}}
                """.formatted(basic);

        TaxBridgeException e = errors().classify("create", 401, body(json), null);

        assertThat(e.getMessage()).doesNotContain(basic).contains("Header 'Basic ******' was rejected.");
    }

    @Test
    void rateLimitedKeepsRetryAfter() {
        String json = """
                {"error": {"code": "RateLimitExceeded", "message": "Too many requests."}}
                """;

        TaxBridgeException e = errors().classify("create", 429, body(json), "12");

        assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(e.providerCode()).isEqualTo("RateLimitExceeded");
    }

    @Test
    void retryAfterIsIgnoredWhenNotRateLimited() {
        TaxBridgeException e = errors().classify("create", 503, null, "12");

        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    void nonJsonBodyIsClassifiedByStatusAlone() {
        TaxBridgeException e = errors().classify("createoradjust", 502, body("<html>Bad Gateway</html>"), null);

        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(e.providerCode()).isNull();
        assertThat(e.getMessage()).isEqualTo("AvaTax createoradjust answered HTTP 502");
    }

    @Test
    void emptyBodyIsClassifiedByStatusAlone() {
        TaxBridgeException e = errors().classify("void", 404, new byte[0], null);

        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(e.providerCode()).isNull();
        assertThat(e.getMessage()).isEqualTo("AvaTax void answered HTTP 404");
    }

    @Test
    void jsonBodyWithoutErrorObjectIsClassifiedByStatusAlone() {
        TaxBridgeException e = errors().classify("create", 400, body("{\"unexpected\": true}"), null);

        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(e.providerCode()).isNull();
    }

    @Test
    void realAvataxBodyWithHelpLinkIsClassifiedWithTheApplicationsLenientMapper() {
        // AvaTax's details carry fields the bridge does not model (helpLink); the application's mapper ignores them.
        ObjectMapper lenient = new ObjectMapper().findAndRegisterModules()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        String json = """
                {"error": {"code": "GetTaxError", "message": "GetTax error", "target": "IncorrectData",
                  "details": [{"code": "AddressLocationNotFound", "number": 308,
                    "message": "The address could not be located.", "faultCode": "Client",
                    "helpLink": "https://developer.avalara.com/avatax/errors/AddressLocationNotFound",
                    "refersTo": "Addresses", "severity": "Error"}]}}
                """;

        TaxBridgeException e = errors(lenient).classify("create", 400, body(json), null);

        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ADDRESS);
        assertThat(e.providerCode()).isEqualTo("GetTaxError");
    }

    @Test
    void companyNotFoundBodyFromSimulatorShapeIsCompanyNotFound() {
        String json = """
                {"error": {"code": "EntityNotFoundError", "message": "Company not found.", "target": "HttpRequest",
                  "details": [{"code": "EntityNotFoundError", "number": 4, "message": "Company not found.",
                    "description": "The company with code 'NOPE' was not found.", "faultCode": "Client",
                    "severity": "Error"}]}}
                """;

        TaxBridgeException e = errors().classify("create", 404, body(json), null);

        assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPANY_NOT_FOUND);
        assertThat(e.getMessage()).contains("EntityNotFoundError").contains("NOPE");
    }

    @Test
    void longProviderMessageIsTruncatedTo500Characters() {
        String longMessage = "x".repeat(800);
        String json = "{\"error\": {\"code\": \"MissingLine\", \"message\": \"" + longMessage + "\"}}";

        TaxBridgeException e = errors().classify("create", 400, body(json), null);

        assertThat(e.getMessage()).endsWith("x".repeat(500) + "…").doesNotContain("x".repeat(501));
    }

    @Test
    void licenseKeyCutByThe500CharacterTruncationMustNotLeakItsPrefix() {
        // The key starts at character 491, so truncating to 500 keeps its first 10 characters.
        String json = "{\"error\": {\"code\": \"AuthenticationException\", \"message\": \""
                + "y".repeat(490) + LICENSE_KEY + "\"}}";

        TaxBridgeException e = errors().classify("create", 401, body(json), null);

        assertThat(e.getMessage()).doesNotContain(LICENSE_KEY.substring(0, 10));
    }
}
