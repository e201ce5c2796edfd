package dev.taxbridge.console;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.taxbridge.admin.AdminTokenGuard;
import dev.taxbridge.audit.AuditTrail;
import dev.taxbridge.estimate.EstimateClient;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.AuditProbe;
import dev.taxbridge.support.Browser;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.LagoFixtures;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operator console in a real browser (headless Chromium) against the running bridge: sign-in,
 * the overview, a parked invoice fixed and replayed, a discard, a hostile body, a reconciliation and
 * the usage cache. Each view's screenshot is saved (docs/console.md).
 */
class ConsoleBrowserIntegrationTest extends BridgeIntegrationTest {

    private static final String TOKEN_KEY = "taxbridge.admin-token";
    private static Browser browser;

    @Autowired
    private ConfigurableEnvironment environment;

    @Autowired
    private AuditTrail trail;

    private ChromeDriver driver;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void emptyParkingQueues() {
        driver = browser.driver();
        deadLetters.purge("tax.invoices.dlq", "tax.customers.dlq", "tax.webhooks.dlq");
    }

    @AfterEach
    void forgetAddedMapping() {
        if (environment.getPropertySources().remove("operator-fix") != null) {
            admin().post("/admin/mappings/reload", "", AdminClient.TOKEN);
        }
    }

    @Test
    void aWrongTokenIsToldSoAndTheRightOneOpensTheOverview() {
        driver.get(console(""));
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        visible("sign-in");

        type("token", "not-the-token");
        driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "Wrong token"));
        assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(driver.executeScript("return sessionStorage.getItem(arguments[0])", TOKEN_KEY)).isNull();
        browser.screenshot("sign-in");

        // Some traffic for the charts: two committed invoices and one parked.
        for (int i = 0; i < 2; i++) {
            String id = uniqueId("inv");
            publish("invoice.finalized", sampleInvoice(id), uniqueId("msg"));
            events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        }
        String parked = uniqueId("msg");
        publish("invoice.finalized", "{".getBytes(StandardCharsets.UTF_8), parked, Map.of());
        deadLetters.awaitParked("tax.invoices.dlq", parked);

        type("token", AdminClient.TOKEN);
        driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        visible("view-overview");
        assertThat(driver.executeScript("return sessionStorage.getItem(arguments[0])", TOKEN_KEY))
                .isEqualTo(AdminClient.TOKEN);
        // Only for the tab's session: nothing of it kept in the origin's lasting storage.
        assertThat(driver.executeScript("return JSON.stringify(Object.entries(localStorage))"))
                .as("localStorage").asString().doesNotContain(AdminClient.TOKEN);
        assertThat(driver.manage().getCookies()).as("no cookie, so no CSRF surface").isEmpty();
        assertThat(driver.getCurrentUrl()).doesNotContain(AdminClient.TOKEN);

        WebElement dlq = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#queues tr[data-queue='tax.invoices.dlq']")));
        assertThat(dlq.findElements(By.tagName("td")).get(2).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.cssSelector("#circuits li[data-connection='default'] .circuit")).getText())
                .isEqualTo("circuit closed");
        // The charts are drawn from the sampled meters: wait for a sample that holds the commands above.
        // The page redraws while it is clicked: a stale element is tried again, not a failure.
        browser.waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.id("overview-refresh")).click();
            return !d.findElements(By.cssSelector("#commands-chart rect.outcome-ok")).isEmpty()
                    && !d.findElements(By.cssSelector("#commands-chart rect.outcome-parked")).isEmpty()
                    && !d.findElements(By.cssSelector("#latency-chart .series-0")).isEmpty();
        });
        assertThat(driver.findElement(By.cssSelector("#commands-chart svg")).getAttribute("aria-label"))
                .contains("ok").contains("parked");
        browser.screenshot("overview");
    }

    @Test
    void anUnmappedInvoiceIsShownWithItsErrorThenFixedReplayedByErrorCodeAndCommitted() {
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        publish("invoice.finalized", sampleInvoice(id).put("connection", "strict"), messageId);
        deadLetters.awaitParked("tax.invoices.dlq", messageId);

        openView("dead-letters");
        WebElement row = messageRow(messageId);
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertThat(cells.get(2).getText()).isEqualTo("invoice.finalized");
        assertThat(cells.get(3).getText()).isEqualTo(id);
        assertThat(cells.get(4).getText()).startsWith("unmapped_item").contains("no tax mapping");
        assertThat(cells.get(6).getText()).isEqualTo("1");
        assertThat(cells.get(7).getText()).isEqualTo("strict");
        WebElement replayAll = driver.findElement(By.cssSelector("#dl-codes tr[data-code='unmapped_item'] button"));
        assertThat(replayAll.getText()).isEqualTo("Replay all (1)");
        assertThat(replayAll.getAccessibleName()).isEqualTo("Replay all 1 unmapped_item");

        cells.get(1).findElement(By.tagName("button")).click();
        visible("dl-detail");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("dl-body"), id));
        assertThat(driver.findElement(By.id("dl-body")).getText()).contains("\"lago_id\": \"" + id + "\"");
        assertThat(driver.findElement(By.id("dl-headers")).getText()).contains("x-error-code unmapped_item");
        browser.screenshot("dead-letters");

        // The operator adds the missing fallback item to the settings, reloads, replays the error code.
        environment.getPropertySources().addFirst(new MapPropertySource("operator-fix",
                Map.of("tax.mappings.strict.default.fallback-item.tax-code", "P0000000")));
        driver.findElement(By.id("mappings-reload")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("dl-result"), "Mappings reloaded"));
        driver.findElement(By.cssSelector("#dl-codes tr[data-code='unmapped_item'] button")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("dl-result"),
                "matched 1, replayed 1, refused 0, remaining 0"));

        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        var documents = simulator.documents().withCode("DEFAULT", id);
        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).get("status").asText()).isEqualTo("Committed");
        // The list is redrawn after the replay's answer: wait for that redraw, not for the first look.
        browser.waiting().withMessage("gone from the list").until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("tr[data-message-id='" + messageId + "']"), 0));
        assertThat(deadLetters.find("tax.invoices.dlq", messageId)).isNull();
        assertThat(driver.findElement(By.id("dl-codes")).getText()).contains("Nothing parked");
    }

    @Test
    void aDiscardAsksForConfirmationFirst() {
        String keep = uniqueId("keep");
        String drop = uniqueId("drop");
        publish("invoice.finalized", "{".getBytes(StandardCharsets.UTF_8), keep, Map.of());
        publish("invoice.finalized", "{".getBytes(StandardCharsets.UTF_8), drop, Map.of());
        deadLetters.awaitParked("tax.invoices.dlq", keep);
        deadLetters.awaitParked("tax.invoices.dlq", drop);

        openView("dead-letters");
        messageRow(drop).findElement(By.cssSelector("input[type=checkbox]")).click();
        driver.findElement(By.id("dl-discard-selected")).click();
        WebElement dialog = driver.findElement(By.id("confirm"));
        browser.waiting().until(d -> dialog.getDomProperty("open").equals("true"));
        assertThat(driver.findElement(By.id("confirm-text")).getText()).contains(drop).contains("gone for good");
        browser.screenshot("discard-confirmation");

        driver.findElement(By.id("confirm-cancel")).click();
        browser.waiting().until(d -> dialog.getDomProperty("open").equals("false"));
        assertThat(deadLetters.find("tax.invoices.dlq", drop)).as("cancelled: still parked").isNotNull();

        driver.findElement(By.id("dl-discard-selected")).click();
        browser.waiting().until(d -> dialog.getDomProperty("open").equals("true"));
        driver.findElement(By.id("confirm-ok")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("dl-result"), "Discarded 1"));
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("tr[data-message-id='" + drop + "']"), 0));
        assertThat(deadLetters.find("tax.invoices.dlq", drop)).isNull();
        assertThat(deadLetters.find("tax.invoices.dlq", keep)).isNotNull();
        messageRow(keep);
    }

    @Test
    void aHostileBodyAndIdAreShownAsTextAndSecretsMasked() {
        String hostile = "<script>window.__pwned = true</script><img src=x onerror=\"window.__pwned = true\">";
        String messageId = uniqueId("hostile") + "<b>bold</b>";
        String body = "{\"invoice\": {\"lago_id\": \"" + hostile.replace("\"", "\\\"") + "\"}, \"note\": \"" + hostile
                .replace("\"", "\\\"") + "\"}";
        publish("invoice.finalized", body.getBytes(StandardCharsets.UTF_8), messageId,
                Map.of("x-producer-note", "called with Authorization: Bearer " + AdminClient.TOKEN));
        deadLetters.awaitParked("tax.invoices.dlq", messageId);

        openView("dead-letters");
        WebElement row = messageRow(messageId);
        assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo(messageId);
        assertThat(row.findElements(By.tagName("td")).get(3).getText()).isEqualTo(hostile);
        row.findElements(By.tagName("td")).get(1).findElement(By.tagName("button")).click();
        visible("dl-detail");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("dl-body"), "<script>"));

        // Pretty-printed JSON: the quotes inside the string stay escaped.
        assertThat(driver.findElement(By.id("dl-body")).getText())
                .contains("\"note\": \"" + hostile.replace("\"", "\\\"") + "\"");
        assertThat(driver.findElements(By.cssSelector("#dl-body *"))).as("the body is text, no element").isEmpty();
        assertThat(driver.findElements(By.cssSelector("main script, main img, main b"))).isEmpty();
        assertThat(driver.executeScript("return window.__pwned === undefined")).as("no script ran").isEqualTo(true);
        assertThat(driver.findElement(By.id("dl-headers")).getText())
                .contains("x-producer-note called with Authorization: Bearer ******");
        assertThat(driver.getPageSource()).doesNotContain(AdminClient.TOKEN);
        browser.screenshot("hostile-body");
    }

    @Test
    void aReconciliationWithOneMismatchIsShownAndExportedAsCsv() throws Exception {
        LocalDate day = LocalDate.of(2100, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(300 * 365));
        String fine = uniqueId("inv");
        String edited = uniqueId("inv");
        for (String lagoId : List.of(fine, edited)) {
            ObjectNode command = sampleInvoice(lagoId);
            ((ObjectNode) command.get("invoice")).put("issuing_date", day.toString());
            publish("invoice.finalized", command, uniqueId("msg"));
        }
        for (String lagoId : List.of(fine, edited)) {
            events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", lagoId));
            new AuditProbe(trail).awaitForDocument(lagoId, 1);
        }
        assertThat(editInSimulator(edited, "{\"totalTax\": 1.00}")).isEqualTo(200);

        openView("reconciliation");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#rec-connection option[value='default']")));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("rec-connection"))).selectByValue("default");
        // A date input's typed form depends on the browser's locale; its value is always yyyy-MM-dd.
        driver.executeScript("document.getElementById('rec-from').value = arguments[0];"
                + "document.getElementById('rec-to').value = arguments[0];", day.toString());
        driver.findElement(By.cssSelector("#rec-form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rec-summary"), "1 mismatch."));
        assertThat(driver.findElement(By.id("rec-summary")).getText())
                .isEqualTo("2 documents checked on default from " + day + " to " + day + ": 1 mismatch.");
        List<WebElement> rows = driver.findElements(By.cssSelector("#rec-mismatches tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly(edited, "SalesInvoice", "tax_mismatch", "5532", "100");
        browser.screenshot("reconciliation");

        driver.findElement(By.id("rec-csv")).click();
        Path csv = browser.downloads().resolve("reconciliation-default-" + day + "-" + day + ".csv");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(csv) && Files.size(csv) > 0);
        assertThat(Files.readString(csv)).isEqualTo(
                "code,document_type,kind,bridge_taxes_amount_cents,avatax_total_tax_cents\r\n"
                        + edited + ",SalesInvoice,tax_mismatch,5532,100\r\n");
    }

    @Test
    void theUsageCacheShowsItsStatisticsAndIsEmptiedAfterConfirmation() throws Exception {
        // One usage estimate answered by AvaTax: its rates are cached, so the cache holds at least that key.
        try (EstimateClient estimates = new EstimateClient(connectionFactory, mapper, true)) {
            String ids = LagoFixtures.freshIds();
            ObjectNode usage = LagoFixtures.lago(mapper, "customer_usage.json", ids);
            usage.set("customer", LagoFixtures.lago(mapper, "invoice.created.json", ids).at("/invoice/customer"));
            usage.put("external_subscription_id", uniqueId("sub")).put("purpose", "wallet_ongoing_balance");
            assertThat(estimates.request("estimate.current_usage", usage, uniqueId("corr")).body().get("status")
                    .asText()).isEqualTo("ok");
        }
        long cached = usageCacheSize();
        assertThat(cached).as("cached before the clearing").isPositive();

        openView("usage-cache");
        browser.waiting().until(ExpectedConditions.textToBe(By.cssSelector("#cache-stats dd[data-stat=size]"),
                String.valueOf(cached)));
        browser.screenshot("usage-cache");
        driver.findElement(By.id("cache-clear")).click();
        driver.findElement(By.id("confirm-ok")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("cache-result"),
                "Emptied: " + cached + " entr"));
        browser.waiting().until(ExpectedConditions.textToBe(By.cssSelector("#cache-stats dd[data-stat=size]"), "0"));
        assertThat(usageCacheSize()).as("emptied on the bridge, not only on the page").isZero();
    }

    private long usageCacheSize() {
        return tree(admin().get("/admin/usage-cache", AdminClient.TOKEN).body()).get("size").asLong();
    }

    @Test
    void theConsoleIsServedWithoutTheTokenUnderAPolicyThatAllowsOnlyTheBridgesOwnOrigin() {
        HttpResponse<String> page = admin().get("/console/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'").contains("script-src 'self';").contains("style-src 'self';")
                .contains("connect-src 'self';").contains("frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(admin().get("/console/app.js", null).headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(admin().get("/console", null).statusCode()).as("redirected to /console/").isEqualTo(302);
        // What the page shows comes from the API, which wants the token for every call.
        assertThat(admin().get("/admin/overview", null).statusCode()).isEqualTo(401);
    }

    @Test
    void withoutAnAdminTokenConfiguredThePageSaysTheConsoleIsOff() throws Exception {
        // The bridge under test has a token. This stand-in serves the console's own files and answers
        // /admin/** as the admin guard of a bridge without a token does.
        ResponseStatusException off = org.junit.jupiter.api.Assertions.assertThrows(ResponseStatusException.class,
                () -> new AdminTokenGuard("").check("Bearer anything"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status;
            if (path.startsWith("/admin/")) {
                status = off.getStatusCode().value();
                body = mapper.writeValueAsBytes(Map.of("status", status, "message", off.getReason()));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            } else {
                String file = path.endsWith("/") ? path + "index.html" : path;
                try (var in = getClass().getResourceAsStream("/static" + file)) {
                    status = in == null ? 404 : 200;
                    body = in == null ? new byte[0] : in.readAllBytes();
                }
                exchange.getResponseHeaders().add("Content-Type", file.endsWith(".js") ? "text/javascript"
                        : file.endsWith(".css") ? "text/css" : file.endsWith(".svg") ? "image/svg+xml" : "text/html");
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/console/");
            visible("console-off");
            assertThat(driver.findElement(By.id("console-off")).getText()).contains("The console is off")
                    .contains("tax.admin.token");
            assertThat(driver.findElement(By.id("sign-in")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();
            browser.screenshot("console-off");
        } finally {
            server.stop(0);
        }
    }

    private String console(String view) {
        return "http://127.0.0.1:" + port + "/console/" + (view.isEmpty() ? "" : "#" + view);
    }

    /** The console on a view, signed in (the token stays in the tab's session storage between tests). */
    private void openView(String view) {
        driver.get("about:blank");
        driver.get(console(view));
        browser.waiting().until(d -> d.findElement(By.id("sign-in")).isDisplayed()
                || d.findElement(By.id("view-" + view)).isDisplayed());
        if (driver.findElement(By.id("sign-in")).isDisplayed()) {
            type("token", AdminClient.TOKEN);
            driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        }
        visible("view-" + view);
    }

    private WebElement messageRow(String messageId) {
        return browser.waiting().until(d -> d.findElements(By.cssSelector("#dl-messages tbody tr")).stream()
                .filter(r -> messageId.equals(r.getDomAttribute("data-message-id"))).findFirst().orElse(null));
    }

    private void visible(String id) {
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private int editInSimulator(String code, String json) throws Exception {
        String credentials = Base64.getEncoder().encodeToString("1100000001:local-simulator-license-key"
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/avatax-sim/_documents/DEFAULT/"
                        + code + "/edit"))
                .header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
