package dev.taxbridge.avatax;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Every AvaTax REST v2 shape the bridge sends and reads (AvaTax's field names, camelCase), in one
 * place. Unknown fields are ignored whatever the mapper's settings: AvaTax adds fields (e.g.
 * {@code helpLink}).
 */
public final class AvataxModels {

    private AvataxModels() {
    }

    /** Every model: nulls are left out of what is sent, fields AvaTax adds are ignored in what is read. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @JacksonAnnotationsInside
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @interface Wire {
    }

    @Wire
    public record CreateTransactionModel(
            String type,
            String code,
            String companyCode,
            LocalDate date,
            String customerCode,
            String currencyCode,
            String purchaseOrderNo,
            String businessIdentificationNo,
            String referenceCode,
            Boolean commit,
            TaxOverrideModel taxOverride,
            Addresses addresses,
            List<LineItemModel> lines,
            String description,
            String entityUseCode,
            String exemptionNo) {

        public CreateTransactionModel(String type, String code, String companyCode, LocalDate date,
                String customerCode, String currencyCode, String purchaseOrderNo, String businessIdentificationNo,
                String referenceCode, Boolean commit, TaxOverrideModel taxOverride, Addresses addresses,
                List<LineItemModel> lines, String description) {
            this(type, code, companyCode, date, customerCode, currencyCode, purchaseOrderNo, businessIdentificationNo,
                    referenceCode, commit, taxOverride, addresses, lines, description, null, null);
        }

        /**
         * The same document for an exempt customer: AvaTax's {@code entityUseCode} (the customer's entity use
         * code) and {@code exemptionNo} (its exemption number), each null when absent.
         */
        public CreateTransactionModel withExemption(String entityUseCode, String exemptionNo) {
            return new CreateTransactionModel(type, code, companyCode, date, customerCode, currencyCode,
                    purchaseOrderNo, businessIdentificationNo, referenceCode, commit, taxOverride, addresses, lines,
                    description, entityUseCode, exemptionNo);
        }
    }

    /** AvaTax's line-level TaxOverrideModel of type TaxAmount. */
    @Wire
    public record LineTaxOverride(String type, BigDecimal taxAmount, String reason) {
    }

    /** The body of {@code transactions/createoradjust}. */
    @Wire
    public record CreateOrAdjustTransactionModel(
            String adjustmentReason, String adjustmentDescription, CreateTransactionModel createTransactionModel) {
    }

    @Wire
    public record Addresses(AvataxAddress shipFrom, AvataxAddress shipTo, AvataxAddress singleLocation) {

        public static Addresses shipping(AvataxAddress shipFrom, AvataxAddress shipTo) {
            return new Addresses(shipFrom, shipTo, null);
        }
    }

    /** AvaTax's AddressLocationInfo, as sent in {@code addresses.shipFrom} / {@code addresses.shipTo}. */
    public record AvataxAddress(String line1, String line2, String city, String region, String country,
            String postalCode) {
    }

    /** A line; {@code taxOverride} only on a return's lines (the tax returned, not recalculated). */
    @Wire
    public record LineItemModel(String number, BigDecimal quantity, BigDecimal amount, String taxCode,
            String itemCode, String description, LineTaxOverride taxOverride) {

        public LineItemModel(String number, BigDecimal quantity, BigDecimal amount, String taxCode, String itemCode,
                String description) {
            this(number, quantity, amount, taxCode, itemCode, description, null);
        }
    }

    @Wire
    public record TaxOverrideModel(String type, LocalDate taxDate, String reason) {
    }

    /** The body of {@code transactions/{code}/void}: AvaTax's VoidReasonCode, e.g. {@code DocVoided}. */
    public record VoidTransactionModel(String code) {
    }

    @Wire
    public record TransactionModel(
            Long id,
            String code,
            Long companyId,
            LocalDate date,
            String status,
            String type,
            String currencyCode,
            String customerCode,
            String referenceCode,
            BigDecimal totalAmount,
            BigDecimal totalTax,
            BigDecimal totalTaxable,
            BigDecimal totalExempt,
            List<TransactionLineModel> lines,
            List<TransactionSummary> summary) {
    }

    @Wire
    public record TransactionLineModel(
            Long id,
            String lineNumber,
            BigDecimal quantity,
            BigDecimal lineAmount,
            BigDecimal tax,
            BigDecimal taxCalculated,
            BigDecimal taxableAmount,
            BigDecimal exemptAmount,
            String taxCode,
            String itemCode,
            List<TransactionLineDetailModel> details,
            String taxOverrideType,
            String entityUseCode,
            String exemptNo,
            Long exemptCertId) {

        public TransactionLineModel(Long id, String lineNumber, BigDecimal quantity, BigDecimal lineAmount,
                BigDecimal tax, BigDecimal taxCalculated, BigDecimal taxableAmount, BigDecimal exemptAmount,
                String taxCode, String itemCode, List<TransactionLineDetailModel> details, String taxOverrideType) {
            this(id, lineNumber, quantity, lineAmount, tax, taxCalculated, taxableAmount, exemptAmount, taxCode,
                    itemCode, details, taxOverrideType, null, null, null);
        }
    }

    @Wire
    public record TransactionLineDetailModel(
            String jurisName,
            String jurisType,
            BigDecimal rate,
            BigDecimal tax,
            BigDecimal taxCalculated,
            BigDecimal taxableAmount,
            String taxName,
            String taxType,
            String region,
            String country,
            BigDecimal exemptAmount,
            BigDecimal nonTaxableAmount) {
    }

    @Wire
    public record TransactionSummary(
            String country, String region, String jurisType, String jurisName, String taxName, String taxType,
            BigDecimal rate, BigDecimal taxable, BigDecimal tax) {
    }

    /** AvaTax's CustomerModel, the fields the bridge keeps in step. */
    @Wire
    public record CustomerModel(Long id, Long companyId, String customerCode, String name, String line1, String line2,
            String city, String region, String postalCode, String country) {
    }

    /**
     * The body of {@code addresses/resolve}: AvaTax's AddressValidationInfo (the fields the bridge sends;
     * {@code textCase}, {@code line3} and the coordinates are left to AvaTax's defaults).
     */
    @Wire
    public record AddressValidationInfo(String line1, String line2, String city, String region, String country,
            String postalCode) {
    }

    /**
     * AvaTax's AddressResolutionModel, the fields the bridge reads: the validated address(es), how precisely
     * AvaTax placed it ({@code resolutionQuality}: AvaTax's ResolutionQuality, e.g. {@code Rooftop},
     * {@code NotCoded}) and its messages.
     */
    @Wire
    public record AddressResolutionModel(List<ValidatedAddressInfo> validatedAddresses,
            String resolutionQuality, List<AvaTaxMessage> messages) {
    }

    /** AvaTax's ValidatedAddressInfo: the address as AvaTax normalised it, with its coordinates. */
    @Wire
    public record ValidatedAddressInfo(String addressType, String line1, String line2, String line3, String city,
            String region, String country, String postalCode, BigDecimal latitude, BigDecimal longitude) {
    }

    /** AvaTax's AvaTaxMessage: {@code severity} is {@code Success}, {@code Warning}, {@code Error} or {@code Exception}. */
    @Wire
    public record AvaTaxMessage(String summary, String details, String refersTo, String severity, String source) {
    }

    /** AvaTax's PingResultModel ({@code utilities/ping}): the fields the bridge shows. */
    @Wire
    public record PingResultModel(String version, Boolean authenticated, String authenticationType) {
    }

    /** AvaTax's CompanyModel: the fields the bridge needs to find a company's numeric id. */
    @Wire
    public record CompanyModel(Long id, String companyCode, String name) {
    }

    /** AvaTax's FetchResult: one page of a list, and the link to the next page when there is one. */
    @Wire
    public record FetchResult<T>(@JsonProperty("@recordsetCount") Integer recordsetCount, List<T> value,
            @JsonProperty("@nextLink") String nextLink) {
    }

    @Wire
    public record ErrorResult(ErrorInfo error) {
    }

    @Wire
    public record ErrorInfo(String code, String message, String target, List<ErrorDetail> details) {
    }

    @Wire
    public record ErrorDetail(
            String code, Integer number, String message, String description, String faultCode, String severity,
            String refersTo) {
    }
}
