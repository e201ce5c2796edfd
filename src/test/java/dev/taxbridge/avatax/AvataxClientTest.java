package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.PingResultModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One connection's client against a stub AvaTax: typed answers, classified failures, its own rate limit. */
class AvataxClientTest {

    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> clientHeaders = new ConcurrentLinkedQueue<>();
    private final List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    private HttpServer avatax;
    private String baseUrl;

    @BeforeEach
    void startAvatax() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        avatax = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        avatax.setExecutor(Executors.newFixedThreadPool(4));
        avatax.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            clientHeaders.add(exchange.getRequestHeaders().getFirst("X-Avalara-Client"));
            requests.add(exchange.getRequestMethod() + " " + path + " " + exchange.getRequestHeaders()
                    .getFirst("Authorization") + " " + body);
            int status = 200;
            String answer = "{\"version\":\"26.11.0\",\"authenticated\":true,\"authenticationType\":\"AccountIdLicenseKey\"}";
            if (path.endsWith("/createoradjust")) {
                answer = "{\"id\":7,\"code\":\"inv-1\",\"type\":\"SalesInvoice\",\"date\":\"2026-12-01\","
                        + "\"status\":\"Committed\",\"currencyCode\":\"USD\",\"totalTax\":8.25,\"helpLink\":\"ignored\"}";
            } else if (path.endsWith("/void")) {
                status = 400;
                answer = "{\"error\":{\"code\":\"EntityNotFoundError\",\"message\":\"Document not found.\"}}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        avatax.start();
        baseUrl = "http://127.0.0.1:" + avatax.getAddress().getPort();
    }

    @AfterEach
    void stopAvatax() {
        avatax.stop(0);
    }

    @Test
    void answersAreAvataxModelsAndEveryCallIsHeardWithItsDocument() {
        AvataxClient client = TestConnections.started(properties(Map.of("a", connection(null))), listener())
                .client("a");
        CreateTransactionModel model = new CreateTransactionModel("SalesInvoice", "inv-1", "ACME",
                LocalDate.parse("2026-12-01"), "cust-1", "USD", null, null, null, true, null, null, List.of(), null);

        PingResultModel ping = AvataxClient.await(client.ping());
        TransactionModel committed = AvataxClient.await(client.send(AvataxEndpoints.createOrAdjust(model)));

        assertThat(ping.authenticated()).isTrue();
        assertThat(ping.version()).isEqualTo("26.11.0");
        assertThat(committed.id()).isEqualTo(7L);
        assertThat(committed.totalTax()).isEqualByComparingTo(new BigDecimal("8.25"));
        assertThat(committed.date()).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(requests).anySatisfy(request -> assertThat(request).startsWith(
                "POST /api/v2/transactions/createoradjust Basic ").contains(
                "\"adjustmentReason\":\"Other\"", "\"createTransactionModel\":{\"type\":\"SalesInvoice\",\"code\":\"inv-1\""));
        assertThat(heard).containsExactly("a: ping 200 null", "a: createoradjust 200 inv-1/SalesInvoice");
        // AvaTax's format: "{app}; {app version}; {library}; {library version}; {machine}".
        assertThat(clientHeaders).allSatisfy(header -> assertThat(header).matches("test; dev; Apache HttpClient; 5\\.[0-9.]+; .+"));
    }

    @Test
    void anErrorAnswerFailsTheFutureClassifiedAndSaysAvataxWasReached() {
        AvataxClient client = TestConnections.started(properties(Map.of("a", connection(null))), listener())
                .client("a");

        assertThatThrownBy(() -> AvataxClient.await(client.send(AvataxEndpoints.voidTransaction(
                client.connection().companyCode(), "inv-9", "SalesInvoice", "DocVoided"))))
                .isInstanceOfSatisfying(AvataxErrors.ErrorAnswer.class, failure -> {
                    assertThat(failure.status()).isEqualTo(400);
                    assertThat(failure.errorCode()).isEqualTo(ErrorCode.PROVIDER_ERROR);
                    assertThat(failure.providerCode()).isEqualTo("EntityNotFoundError");
                });
        assertThat(heard).containsExactly("a: void 400 inv-9/SalesInvoice");
    }

    @Test
    void anUnreachableAvataxFailsTheFutureAsUnavailableWithoutAnAnswer() {
        ConnectionRegistry connections = TestConnections.started(properties(Map.of("a",
                new AvataxProperties.ConnectionSettings("http://127.0.0.1:9", "1", "key", "ACME"))), listener());

        assertThatThrownBy(() -> AvataxClient.await(connections.client("a").ping()))
                .isInstanceOfSatisfying(TaxBridgeException.class, failure -> {
                    assertThat(failure).isNotInstanceOf(AvataxErrors.ErrorAnswer.class);
                    assertThat(failure.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                });
        assertThat(heard).containsExactly("a: ping provider_unavailable null");
    }

    /** The registry builds one client per connection, hands out that one, and closes it when it is closed. */
    @Test
    void aConnectionsClientIsBuiltOnceAndClosedWithTheRegistry() {
        ConnectionRegistry connections = TestConnections.started(properties(Map.of("a", connection(null))));
        AvataxClient client = connections.client("a");
        AvataxClient.await(client.ping());

        connections.destroy();

        assertThat(connections.client("a")).isSameAs(client);
        assertThatThrownBy(() -> AvataxClient.await(client.ping())).as("not sent on a closed client")
                .isInstanceOf(TaxBridgeException.class);
        assertThat(requests).as("AvaTax saw the first ping only").hasSize(1);
    }

    /**
     * One thread (as a consumer thread does) sends six calls on a connection limited to 2 a second, then
     * one on a connection without a limit: sending never waits for a slot, and the second connection's
     * call is answered while the first one's are still waiting for theirs (the last one's is 2.5 s away).
     */
    @Test
    void aRateLimitedConnectionDoesNotSlowASecondConnection() {
        ConnectionRegistry clients = TestConnections.started(properties(Map.of("limited", connection(2.0),
                "free", connection(null))));
        long start = System.nanoTime();
        List<CompletableFuture<PingResultModel>> limited = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            limited.add(clients.client("limited").ping());
        }
        long sentMillis = (System.nanoTime() - start) / 1_000_000;
        AvataxClient.await(clients.client("free").ping());
        long freeAnsweredMillis = (System.nanoTime() - start) / 1_000_000;
        long limitedStillWaiting = limited.stream().filter(answer -> !answer.isDone()).count();

        assertThat(sentMillis).as("six sends on the limited connection return at once").isLessThan(500);
        assertThat(freeAnsweredMillis).as("the free connection's call").isLessThan(1000);
        assertThat(limitedStillWaiting).as("limited calls still waiting for their slot").isGreaterThanOrEqualTo(3);
        limited.forEach(AvataxClient::await);
        long allMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(allMillis).as("the limited calls keep their spacing (5 intervals of 500 ms)")
                .isGreaterThanOrEqualTo(2400);
    }

    private AvataxCallListener listener() {
        return (connection, call, result) -> heard.add(connection.code() + ": " + call.operation() + " "
                + result.outcome() + " "
                + (call.document().code() == null && !(result.answer() instanceof TransactionModel) ? "null"
                        : AvataxCallDocument.of(call, result)));
    }

    /** The document as the audit trail names it: AvaTax's answer's, else the request's. */
    private static final class AvataxCallDocument {
        static String of(AvataxCall<?> call, AvataxCallListener.Result result) {
            if (result.answer() instanceof TransactionModel transaction) {
                return transaction.code() + "/" + transaction.type();
            }
            return call.document().code() + "/" + call.document().type();
        }
    }

    private AvataxProperties.ConnectionSettings connection(Double perSecond) {
        return new AvataxProperties.ConnectionSettings(baseUrl, "1", "a-license-key", "ACME", null, null, null,
                perSecond, null, null);
    }

    private static AvataxProperties properties(Map<String, AvataxProperties.ConnectionSettings> connections) {
        return new AvataxProperties(connections.keySet().iterator().next(), connections, "test");
    }
}
