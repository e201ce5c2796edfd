package dev.taxbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.taxbridge.TaxBridgeApplication;
import dev.taxbridge.audit.AuditTrail;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.SuiteBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A bridge of its own (its routes are not started: nothing here consumes commands) whose first broker address has no
 * broker behind it, as when the first node of a cluster is down: every connection it opens must reach the
 * next node of spring.rabbitmq.addresses. Then the broker goes away altogether: readiness follows it,
 * liveness does not. (Liveness with an AvaTax circuit open: AvataxOutageIntegrationTest.)
 */
@SpringBootTest(classes = TaxBridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@TestPropertySource(locations = "classpath:bridge-test.properties", properties = {
        "server.port=0",
        "camel.main.auto-startup=false"})
@DirtiesContext
class ProbesIntegrationTest {

    private static final int NO_BROKER = freePort();

    /** The suite's vhost and ports as BridgeIntegrationTest gets them, so that this class also runs alone. */
    @DynamicPropertySource
    static void firstNodeDown(DynamicPropertyRegistry registry) {
        SuiteBroker.prepare();
        registry.add("spring.rabbitmq.addresses", () -> "127.0.0.1:" + NO_BROKER + ",127.0.0.1:5672");
    }

    @LocalServerPort
    int port;

    @Autowired
    CachingConnectionFactory connections;

    @Autowired
    AuditTrail audit;

    @AfterEach
    void brokerBack() {
        connections.setAddresses("127.0.0.1:" + NO_BROKER + ",127.0.0.1:5672");
        connections.resetConnection();
    }

    @Test
    void everyConnectionReachesTheNextNodeWhenTheFirstIsDown() {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);
        // The audit reader opens a connection of its own, beside Spring's connection factory.
        assertThatCode(() -> audit.readAll(record -> { })).doesNotThrowAnyException();
    }

    @Test
    void readinessFollowsTheBrokerAndLivenessDoesNot() {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        connections.setAddresses("127.0.0.1:" + NO_BROKER);
        connections.resetConnection();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status("/actuator/health/readiness") == 503);
        assertThat(body("/actuator/health/readiness")).contains("\"DOWN\"");
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);
        assertThat(body("/actuator/health/liveness")).contains("\"UP\"");

        brokerBack();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status("/actuator/health/readiness") == 200);
    }

    private int status(String path) {
        return get(path).statusCode();
    }

    private String body(String path) {
        return get(path).body();
    }

    private HttpResponse<String> get(String path) {
        return new AdminClient(port).get(path, null);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
