package dev.taxbridge.reconciliation;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.audit.AuditTrail;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.AuditProbe;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Month-end reconciliation against the simulator: after the bridge committed four invoices, three are
 * changed in "the AvaTax console" (tax edited, voided, moved to another date) and one document is
 * created by hand; the report names exactly those four. The audit stream outlives the simulator's
 * memory, so every run uses a day of its own, far in the future.
 */
class ReconciliationIntegrationTest extends BridgeIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private AuditTrail trail;

    @Test
    void findsEveryKindOfMismatch() throws Exception {
        LocalDate day = LocalDate.of(2100, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(300 * 365));
        String fine = uniqueId("inv");
        String edited = uniqueId("inv");
        String voided = uniqueId("inv");
        String moved = uniqueId("inv");
        for (String lagoId : List.of(fine, edited, voided, moved)) {
            ObjectNode command = sampleInvoice(lagoId);
            ((ObjectNode) command.get("invoice")).put("issuing_date", day.toString());
            publish("invoice.finalized", command, uniqueId("msg"));
        }
        for (String lagoId : List.of(fine, edited, voided, moved)) {
            events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", lagoId));
            new AuditProbe(trail).awaitForDocument(lagoId, 1);
        }
        assertThat(simulatorPost("/_documents/DEFAULT/" + edited + "/edit", "{\"totalTax\": 1.00}").statusCode())
                .isEqualTo(200);
        assertThat(simulatorPost("/_documents/DEFAULT/" + voided + "/edit", "{\"status\": \"Cancelled\"}").statusCode())
                .isEqualTo(200);
        assertThat(simulatorPost("/_documents/DEFAULT/" + moved + "/edit", "{\"date\": \"" + day.plusDays(1) + "\"}")
                .statusCode()).isEqualTo(200);
        String byHand = uniqueId("manual");
        assertThat(simulatorPost("/api/v2/transactions/createoradjust", byHand(byHand, day)).statusCode()).isEqualTo(200);

        HttpResponse<String> response = admin().get("/admin/reconciliation?connection=default&from=" + day
                + "&to=" + day, AdminClient.TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = tree(response.body());
        assertThat(report.path("connection").asText()).isEqualTo("default");
        assertThat(report.path("from").asText()).isEqualTo(day.toString());
        assertThat(report.path("to").asText()).isEqualTo(day.toString());
        assertThat(report.path("checked").asInt()).isEqualTo(5);
        List<String> found = new ArrayList<>();
        report.path("mismatches").forEach(m -> found.add(m.path("code").asText() + " " + m.path("kind").asText() + " "
                + m.path("bridge_taxes_amount_cents").asText() + " " + m.path("avatax_total_tax_cents").asText()));
        assertThat(found).containsExactlyInAnyOrder(
                edited + " tax_mismatch 5532 100",
                voided + " not_committed 5532 5532",
                moved + " missing_in_avatax 5532 null",
                byHand + " unknown_to_bridge null 5532");
    }

    @Test
    void needsTheAdminTokenAndAKnownConnection() {
        assertThat(admin().get("/admin/reconciliation?connection=default&from=2030-01-01&to=2030-01-31", null)
                .statusCode()).isEqualTo(401);
        assertThat(admin().get("/admin/reconciliation?connection=nosuch&from=2030-01-01&to=2030-01-31",
                AdminClient.TOKEN).statusCode()).isEqualTo(404);
        assertThat(admin().get("/admin/reconciliation?connection=default&from=2030-02-01&to=2030-01-01",
                AdminClient.TOKEN).statusCode()).isEqualTo(400);
    }

    private static String byHand(String code, LocalDate day) {
        return """
                {"adjustmentReason": "Other", "createTransactionModel": {
                  "type": "SalesInvoice", "code": "%s", "companyCode": "DEFAULT", "date": "%s",
                  "customerCode": "TESTCUSTOMER", "currencyCode": "USD", "commit": true,
                  "addresses": {"shipTo": {"line1": "100 Ravine Lane NE", "city": "Bainbridge Island",
                                           "region": "WA", "country": "US", "postalCode": "98110"}},
                  "lines": [{"number": "A", "quantity": 10, "amount": 567.89, "taxCode": "SW054000"},
                            {"number": "B", "quantity": 2, "amount": 46.80, "taxCode": "SW054000"}]}}
                """.formatted(code, day);
    }

    private HttpResponse<String> simulatorPost(String path, String body) throws Exception {
        String credentials = Base64.getEncoder().encodeToString("1100000001:local-simulator-license-key"
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/avatax-sim" + path))
                .header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
