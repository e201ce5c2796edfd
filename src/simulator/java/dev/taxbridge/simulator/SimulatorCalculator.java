package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.simulator.SimulatorRates.Jurisdiction;
import dev.taxbridge.simulator.SimulatorRates.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes an AvaTax-shaped transaction from a CreateTransactionModel. Like AvaTax it keeps the
 * unrounded tax per line ({@code taxCalculated}) and rounds the document total once, so the rounded
 * line taxes need not add up to {@code totalTax}: the bridge has to allocate the cents.
 *
 * <p>A line AvaTax does not tax keeps each jurisdiction's nominal {@code rate}, as AvaTax answers, with
 * {@code tax} 0: the amount is the detail's {@code exemptAmount} when the customer holds an exemption
 * certificate (its code is one of {@code exemptCustomers}) and its {@code nonTaxableAmount} when the tax
 * code is not taxed there; the line's {@code exemptAmount} is the amount in both cases.
 *
 * <p>A customer is exempt, as in AvaTax, by a certificate on file, by the document's {@code entityUseCode}
 * (any code but {@code TAXABLE}) or by its {@code exemptionNo}. Every line names what exempted it as AvaTax's
 * lines do: {@code entityUseCode} and {@code exemptNo} ({@code ""} for none) and {@code exemptCertId} (the
 * certificate's id, 0 for none).
 */
class SimulatorCalculator {

    private static final int EXACT_SCALE = 6;

    private final ObjectMapper mapper;
    private final SimulatorRates rates;
    private final Set<String> exemptCustomers;

    SimulatorCalculator(ObjectMapper mapper, SimulatorRates rates, Set<String> exemptCustomers) {
        this.mapper = mapper;
        this.rates = rates;
        this.exemptCustomers = exemptCustomers;
    }

    /** @throws SimulatorError when the request cannot be taxed (no lines, unknown address). */
    ObjectNode calculate(JsonNode model, long id, long companyId, String status) {
        JsonNode lines = model.path("lines");
        if (!lines.isArray() || lines.isEmpty()) {
            throw SimulatorError.badRequest("MissingLine", "A transaction must have at least one line.", "lines");
        }
        String currencyCode = model.path("currencyCode").asText("USD");
        int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
        JsonNode documentAddresses = model.path("addresses");

        ObjectNode transaction = mapper.createObjectNode();
        transaction.put("id", id);
        transaction.put("code", model.path("code").asText(null));
        transaction.put("companyId", companyId);
        transaction.put("date", model.path("date").asText(null));
        transaction.put("status", status);
        transaction.put("type", model.path("type").asText("SalesOrder"));
        transaction.put("currencyCode", currencyCode);
        transaction.put("customerCode", model.path("customerCode").asText(null));
        copyIfPresent(model, transaction, "referenceCode", "businessIdentificationNo", "purchaseOrderNo");
        if (model.has("taxOverride")) {
            transaction.set("taxOverride", model.get("taxOverride"));
        }

        BigDecimal totalAmount = BigDecimal.ZERO;
        BigDecimal totalTaxable = BigDecimal.ZERO;
        BigDecimal totalExempt = BigDecimal.ZERO;
        BigDecimal exactTotalTax = BigDecimal.ZERO;
        BigDecimal calculatedTotalTax = BigDecimal.ZERO;
        Map<String, ObjectNode> summary = new LinkedHashMap<>();
        String customerCode = model.path("customerCode").asText("");
        boolean certificate = exemptCustomers.contains(customerCode);
        String entityUseCode = model.path("entityUseCode").asText("").trim();
        String exemptionNo = model.path("exemptionNo").asText("").trim();
        boolean exemptCustomer = certificate || !exemptionNo.isEmpty()
                || !entityUseCode.isEmpty() && !"TAXABLE".equalsIgnoreCase(entityUseCode);
        ArrayNode outLines = transaction.putArray("lines");
        int index = 0;
        for (JsonNode line : lines) {
            index++;
            int lineIndex = index;
            JsonNode addresses = line.hasNonNull("addresses") ? line.get("addresses") : documentAddresses;
            JsonNode shipTo = shipTo(addresses);
            Jurisdiction jurisdiction = rates.find(text(shipTo, "country"), text(shipTo, "region"),
                    text(shipTo, "postalCode")).orElseThrow(() -> SimulatorError.addressNotFound(lineIndex));
            BigDecimal amount = line.path("amount").decimalValue().setScale(digits, RoundingMode.HALF_UP);
            String taxCode = line.path("taxCode").asText("P0000000");
            boolean taxable = jurisdiction.taxes(taxCode);
            boolean taxed = taxable && !exemptCustomer;

            ObjectNode out = outLines.addObject();
            out.put("id", id * 1000 + index);
            out.put("lineNumber", line.path("number").asText(String.valueOf(index)));
            out.put("quantity", line.hasNonNull("quantity") ? line.get("quantity").decimalValue() : BigDecimal.ONE);
            out.put("lineAmount", amount);
            out.put("taxCode", taxCode);
            copyIfPresent(line, out, "itemCode", "description");
            ArrayNode details = mapper.createArrayNode();
            BigDecimal exactLineTax = BigDecimal.ZERO;
            for (Rate rate : jurisdiction.rates()) {
                BigDecimal exact = taxed ? amount.multiply(rate.rate()).setScale(EXACT_SCALE, RoundingMode.HALF_UP)
                        : BigDecimal.ZERO.setScale(EXACT_SCALE);
                exactLineTax = exactLineTax.add(exact);
                ObjectNode detail = details.addObject();
                detail.put("country", jurisdiction.country());
                detail.put("region", jurisdiction.region() == null ? "" : jurisdiction.region());
                detail.put("jurisType", rate.jurisType());
                detail.put("jurisName", rate.jurisName());
                detail.put("taxName", rate.taxName());
                detail.put("taxType", "Sales");
                detail.put("rate", rate.rate());
                detail.put("taxableAmount", taxed ? amount : BigDecimal.ZERO);
                detail.put("exemptAmount", taxable && exemptCustomer ? amount : BigDecimal.ZERO);
                detail.put("nonTaxableAmount", taxable ? BigDecimal.ZERO : amount);
                detail.put("taxCalculated", exact);
                detail.put("tax", exact.setScale(digits, RoundingMode.HALF_UP));
            }
            // A TaxAmount override (e.g. a refund of exactly the tax charged) replaces the line's tax;
            // AvaTax spreads it over the jurisdictions and keeps what it calculated in taxCalculated.
            BigDecimal lineTax = exactLineTax;
            JsonNode override = line.path("taxOverride");
            boolean overridden = "TaxAmount".equals(override.path("type").asText());
            if (overridden) {
                lineTax = override.path("taxAmount").decimalValue().setScale(digits, RoundingMode.HALF_UP);
                spread(details, lineTax, exactLineTax, digits);
                out.put("taxOverrideType", "TaxAmount");
                out.put("taxOverrideAmount", lineTax);
            }
            for (int d = 0; d < details.size(); d++) {
                JsonNode detail = details.get(d);
                addToSummary(summary, jurisdiction, jurisdiction.rates().get(d), taxed ? detail.get("rate").decimalValue()
                                : BigDecimal.ZERO,
                        detail.get("taxableAmount").decimalValue(),
                        detail.get(overridden ? "tax" : "taxCalculated").decimalValue());
            }
            out.put("taxableAmount", taxed ? amount : BigDecimal.ZERO);
            out.put("exemptAmount", taxed ? BigDecimal.ZERO : amount);
            out.put("entityUseCode", entityUseCode);
            out.put("exemptNo", exemptionNo);
            out.put("exemptCertId", certificate ? certificateId(customerCode) : 0);
            out.put("taxCalculated", exactLineTax);
            out.put("tax", lineTax.setScale(digits, RoundingMode.HALF_UP));
            out.set("details", details);
            totalAmount = totalAmount.add(amount);
            totalTaxable = totalTaxable.add(taxed ? amount : BigDecimal.ZERO);
            totalExempt = totalExempt.add(taxed ? BigDecimal.ZERO : amount);
            exactTotalTax = exactTotalTax.add(lineTax);
            calculatedTotalTax = calculatedTotalTax.add(exactLineTax);
        }
        transaction.put("totalAmount", totalAmount);
        transaction.put("totalTaxable", totalTaxable);
        transaction.put("totalExempt", totalExempt);
        transaction.put("totalTax", exactTotalTax.setScale(digits, RoundingMode.HALF_UP));
        transaction.put("totalTaxCalculated", calculatedTotalTax.setScale(digits, RoundingMode.HALF_UP));
        ArrayNode summaryNode = transaction.putArray("summary");
        summary.values().forEach(entry -> {
            entry.put("tax", entry.get("tax").decimalValue().setScale(digits, RoundingMode.HALF_UP));
            summaryNode.add(entry);
        });
        return transaction;
    }

    /** A stable id of the certificate a customer has on file. */
    static long certificateId(String customerCode) {
        return 100_000 + Math.floorMod(customerCode.hashCode(), 900_000);
    }

    /** Spreads an overridden line tax over the details by their calculated tax; the last takes the rest. */
    private static void spread(ArrayNode details, BigDecimal lineTax, BigDecimal calculated, int digits) {
        BigDecimal left = lineTax;
        for (int d = 0; d < details.size(); d++) {
            ObjectNode detail = (ObjectNode) details.get(d);
            BigDecimal share;
            if (d == details.size() - 1) {
                share = left;
            } else if (calculated.signum() == 0) {
                share = d == 0 ? lineTax : BigDecimal.ZERO;
            } else {
                share = lineTax.multiply(detail.get("taxCalculated").decimalValue())
                        .divide(calculated, digits, RoundingMode.HALF_UP);
            }
            detail.put("tax", share);
            left = left.subtract(share);
        }
    }

    private void addToSummary(Map<String, ObjectNode> summary, Jurisdiction jurisdiction, Rate rate,
            BigDecimal effective, BigDecimal taxable, BigDecimal tax) {
        String key = jurisdiction.country() + "|" + jurisdiction.region() + "|" + rate.jurisName() + "|" + effective;
        ObjectNode entry = summary.computeIfAbsent(key, k -> {
            ObjectNode node = mapper.createObjectNode();
            node.put("country", jurisdiction.country());
            node.put("region", jurisdiction.region() == null ? "" : jurisdiction.region());
            node.put("jurisType", rate.jurisType());
            node.put("jurisName", rate.jurisName());
            node.put("taxName", rate.taxName());
            node.put("taxType", "Sales");
            node.put("rate", effective);
            node.put("taxable", BigDecimal.ZERO);
            node.put("tax", BigDecimal.ZERO);
            return node;
        });
        entry.put("taxable", entry.get("taxable").decimalValue().add(taxable));
        entry.put("tax", entry.get("tax").decimalValue().add(tax));
    }

    private static JsonNode shipTo(JsonNode addresses) {
        for (String role : List.of("shipTo", "singleLocation", "pointOfOrderAcceptance", "shipFrom")) {
            if (addresses.hasNonNull(role)) {
                return addresses.get(role);
            }
        }
        return addresses;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void copyIfPresent(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.hasNonNull(field)) {
                to.set(field, from.get(field));
            }
        }
    }
}
