package dev.taxbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The AvaTax Developer Guide's reconciliation cases, played against the simulator's REST API directly
 * (no bridge in between): a voided invoice ends Cancelled and a second void is refused with
 * TransactionAlreadyCancelled; a full return (AvaTax computing the tax, TaxDate override) leaves the
 * original Committed and records a Committed ReturnInvoice with negative totals.
 */
class SimulatorReconciliationIntegrationTest extends BridgeIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void voidLeavesTheDocumentCancelledAndASecondVoidIsRefused() throws Exception {
        String code = uniqueId("dg-void");
        assertThat(post("/api/v2/transactions/createoradjust", adjust("SalesInvoice", code, false, "")).statusCode())
                .isEqualTo(200);

        HttpResponse<String> voided = post("/api/v2/companies/DEFAULT/transactions/" + code + "/void",
                "{\"code\": \"DocVoided\"}");
        assertThat(voided.statusCode()).isEqualTo(200);
        assertThat(tree(voided.body()).get("status").asText()).isEqualTo("Cancelled");
        assertThat(simulator.documents().get("DEFAULT", code, "SalesInvoice").get("status").asText())
                .isEqualTo("Cancelled");

        HttpResponse<String> again = post("/api/v2/companies/DEFAULT/transactions/" + code + "/void",
                "{\"code\": \"DocVoided\"}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(tree(again.body()).at("/error/code").asText()).isEqualTo("TransactionAlreadyCancelled");
    }

    @Test
    void fullReturnLeavesTheOriginalCommittedAndTheReturnCommittedWithNegativeTotals() throws Exception {
        String code = uniqueId("dg-inv");
        post("/api/v2/transactions/createoradjust", adjust("SalesInvoice", code, false, ""));
        String returnCode = code + "-return";

        HttpResponse<String> response = post("/api/v2/transactions/createoradjust", adjust("ReturnInvoice",
                returnCode, true, ", \"referenceCode\": \"" + code + "\", \"taxOverride\": {\"type\": \"TaxDate\","
                        + " \"taxDate\": \"2017-06-15\", \"reason\": \"Full return\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode returned = simulator.documents().get("DEFAULT", returnCode, "ReturnInvoice");
        assertThat(returned.get("status").asText()).isEqualTo("Committed");
        assertThat(returned.get("totalAmount").decimalValue()).isEqualByComparingTo("-614.69");
        assertThat(returned.get("totalTax").decimalValue()).isEqualByComparingTo("-55.32");
        assertThat(returned.at("/taxOverride/taxDate").asText()).isEqualTo("2017-06-15");
        JsonNode original = simulator.documents().get("DEFAULT", code, "SalesInvoice");
        assertThat(original.get("status").asText()).isEqualTo("Committed");
        assertThat(original.get("totalTax").decimalValue()).isEqualByComparingTo("55.32");
    }

    /** Developer Guide case 2.2.1's two lines, signed, as a committed createoradjust. */
    private static String adjust(String type, String code, boolean negative, String extra) {
        return """
                {"adjustmentReason": "Other", "adjustmentDescription": "test", "createTransactionModel": {
                  "type": "%s", "code": "%s", "companyCode": "DEFAULT", "date": "2017-07-01",
                  "customerCode": "TESTCUSTOMER", "currencyCode": "USD", "commit": true%s,
                  "addresses": {"shipTo": {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island",
                                           "region": "WA", "country": "US", "postalCode": "98110"}},
                  "lines": [{"number": "A", "quantity": 10, "amount": %s567.89, "taxCode": "SW054000"},
                            {"number": "B", "quantity": 2, "amount": %s46.80, "taxCode": "SW054000"}]}}
                """.formatted(type, code, extra, negative ? "-" : "", negative ? "-" : "");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        String credentials = Base64.getEncoder().encodeToString("1100000001:local-simulator-license-key"
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/avatax-sim" + path))
                .header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
