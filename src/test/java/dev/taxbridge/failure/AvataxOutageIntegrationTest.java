package dev.taxbridge.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.avatax.AvataxCircuit;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.estimate.EstimateClient;
import dev.taxbridge.messaging.CopyHeaders;
import dev.taxbridge.route.Deferrals;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AdminClient;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An AvaTax outage longer than the retries parks nothing while tax.retry.patience lasts. The
 * connection's circuit opens, no call is made but the probes, commands wait in tax.invoices.wait /
 * tax.customers.wait and come back, and everything is committed once AvaTax answers again; an estimate
 * meeting the open circuit is answered provider_unavailable at once. Scaled down, on a connection
 * of its own ("outage": circuit opens after 5 transient failures, probes every second; a waiting
 * command comes back after 1 s), so that no other test meets its circuit.
 */
class AvataxOutageIntegrationTest extends BridgeIntegrationTest {

    private static final String CONNECTION = "outage";

    @Autowired
    Deferrals deferrals;

    @Autowired
    ConnectionRegistry connections;

    private Duration patienceBefore;

    @BeforeEach
    void bePatient() {
        patienceBefore = deferrals.patience();
        deferrals.patience(Duration.ofMinutes(10));
    }

    @org.springframework.beans.factory.annotation.Value("${tax.consumers.invoices.concurrency}")
    private int consumers;

    @org.springframework.beans.factory.annotation.Value("${tax.consumers.invoices.prefetch}")
    private int prefetch;

    @AfterEach
    void closeTheCircuitAndRestorePatience() {
        simulator.faults().clear();
        // The next test must not meet an open circuit: one command through, which closes it.
        String id = uniqueId("inv-after-outage");
        publish("invoice.draft", invoice(id), uniqueId("msg"));
        events.awaitOne("invoice.taxes_estimated", e -> id.equals(e.at("/invoice/lago_id").asText()));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> connections.client(CONNECTION).circuitState() == AvataxCircuit.State.CLOSED);
        deferrals.patience(patienceBefore);
    }

    @Test
    void anOutageLongerThanTheRetriesParksNothingCallsOnlyProbesAndCommitsEachDocumentOnce() {
        Instant outageStart = Instant.now();
        List<String> ids = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(uniqueId("inv-outage"));
            messageIds.add(uniqueId("msg"));
            simulator.faults().add(new Fault(503, null, null, null, null, ids.get(i), null, null));
        }
        for (int i = 0; i < 30; i++) {
            publish("invoice.finalized", invoice(ids.get(i)), messageIds.get(i));
        }
        // A permanent error in the middle of the outage is still parked at once.
        String malformed = uniqueId("bad");
        publish("invoice.finalized", "{not json".getBytes(StandardCharsets.UTF_8), malformed, Map.of());

        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> connections.client(CONNECTION).circuitState() != AvataxCircuit.State.CLOSED);
        JsonNode health = tree(admin().get("/actuator/health", AdminClient.TOKEN).body());
        assertThat(health.at("/components/circuits/details/outage").asText()).isIn("OPEN", "HALF_OPEN");
        assertThat(health.at("/components/circuits/details/default").asText()).isEqualTo("CLOSED");
        // An orchestrator restarts nothing and keeps sending traffic: liveness and readiness know no circuit.
        assertThat(health.at("/components/circuits/status").asText()).isEqualTo("DOWN");
        assertThat(admin().get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(tree(admin().get("/actuator/health/liveness", null).body()).at("/status").asText()).isEqualTo("UP");
        assertThat(admin().get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(admin().get("/actuator/prometheus", null).body())
                .containsPattern("avatax_circuit_state\\{.*connection=\"outage\".*} [12]\\.0");
        assertThat(deadLetters.awaitParked("tax.invoices.dlq", malformed).getProps().getHeaders().get("x-error-code")
                .toString()).isEqualTo("invalid_message");

        // The outage lasts for five probes: each one finds AvaTax still failing and opens the circuit again.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> failedCalls(outageStart, ids).size() >= 5 + 5);
        Instant outageEnd = Instant.now();
        simulator.faults().clear();

        for (String id : ids) {
            events.awaitOne("invoice.taxes_committed", e -> id.equals(e.at("/invoice/lago_id").asText()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> connections.client(CONNECTION).circuitState() == AvataxCircuit.State.CLOSED);

        // While the circuit was open no call was made but one probe per open period: far fewer failed
        // calls than the 30 commands × 3 attempts the retries alone would have made. Before it opened,
        // every command in flight may have had a call in flight (the asynchronous consumers hold up to
        // consumers × prefetch commands; at most one call per command).
        long seconds = Duration.between(outageStart, outageEnd).toSeconds() + 1;
        List<Call> failed = failedCalls(outageStart, ids);
        assertThat(failed.size()).as("failed calls in %d s of outage", seconds)
                .isLessThanOrEqualTo(5 + Math.min(consumers * prefetch, ids.size()) + (int) seconds).isLessThan(30 * 3);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            assertThat(simulator.documents().withCode("DEFAULT", id)).as(id).hasSize(1);
            assertThat(simulator.documents().withCode("DEFAULT", id).get(0).get("status").asText()).isEqualTo("Committed");
            assertThat(simulator.journal().forDocument(id).stream().filter(c -> c.status() == 200).count())
                    .as("one successful commit call for " + id).isEqualTo(1);
            assertThat(deadLetters.find("tax.invoices.dlq", messageIds.get(i))).as("not parked: " + id).isNull();
            assertThat(events.named("invoice.tax_provider_error", e -> id.equals(e.at("/lago_id").asText()))).isEmpty();
        }
        Set<String> committed = events.named("invoice.taxes_committed", e -> true).stream()
                .map(e -> e.body().at("/invoice/lago_id").asText()).filter(ids::contains)
                .collect(Collectors.toSet());
        assertThat(committed).hasSize(ids.size());
        assertThat(deadLetters.depth("tax.invoices.wait")).as("nothing left waiting").isZero();
    }

    @Test
    void aTransientFailureThatOutlastsThePatienceIsParked() {
        deferrals.patience(Duration.ofSeconds(2));
        String id = uniqueId("inv-hopeless");
        String messageId = uniqueId("msg");
        Instant start = Instant.now();
        simulator.faults().add(new Fault(500, null, null, null, null, id, null, null));
        publish("invoice.finalized", invoice(id), messageId);

        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        Map<String, Object> headers = parked.getProps().getHeaders();
        assertThat(headers.get("x-error-code").toString()).isEqualTo("provider_unavailable");
        assertThat(((Number) headers.get(CopyHeaders.DEFERRALS)).intValue()).as("it waited first").isPositive();
        Instant firstFailed = Instant.parse(headers.get(CopyHeaders.FIRST_FAILED_AT).toString());
        assertThat(Duration.between(firstFailed, Instant.parse(headers.get("x-failed-at").toString())))
                .as("parked once the patience had run out").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(firstFailed).isAfterOrEqualTo(start.minusSeconds(1));
    }

    @Test
    void aCustomerCommandDuringAnOutageWaitsInTaxCustomersWaitAndIsSyncedOnceAvataxAnswers() {
        String code = uniqueId("cus-outage");
        String messageId = uniqueId("msg");
        simulator.faults().add(new Fault(503, null, null, null, null, code, null, null));
        // What the bridge puts into tax.wait for customer commands, copied to a queue of the test's own: the
        // wait queue itself is looked at by its depth only (a copy put back by hand would lose the routing
        // key it goes back to its queue with).
        String tap = rabbit.execute(channel -> {
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, "tax.wait", "customer.#");
            return queue;
        });
        List<GetResponse> waited = new ArrayList<>();
        try {
            publish("customer.created", customer(code), messageId);

            // Its retries spent (and then the circuit open), this command waits in tax.customers.wait.
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> waits(tap, waited, messageId) == 1 && deadLetters.depth("tax.customers.wait") == 1);
            assertThat(waited.get(0).getEnvelope().getRoutingKey()).isEqualTo("customer.created");
            assertThat(deadLetters.find("tax.customers.dlq", messageId)).isNull();
            // It comes back (tax.resume), fails again while AvaTax does, and waits again.
            int failedSoFar = simulator.journal().forDocument(code).size();
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> simulator.journal().forDocument(code).size() > failedSoFar);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> waits(tap, waited, messageId) == 2 && deadLetters.depth("tax.customers.wait") == 1);
            assertThat(waited.get(1).getProps().getHeaders().get(CopyHeaders.DEFERRALS)).as("its second wait")
                    .hasToString("2");
        } finally {
            rabbit.execute(channel -> channel.queueDelete(tap));
        }
        assertThat(simulator.journal().forDocument(code)).as("attempts of more than one round of retries")
                .hasSizeGreaterThan(3).allSatisfy(c -> assertThat(c.status()).isEqualTo(503));

        simulator.faults().clear();
        events.awaitOne("customer.tax_provider_synced", e -> code.equals(e.at("/customer/external_customer_id").asText()));
        assertThat(simulator.journal().forDocument(code).stream().filter(c -> c.method().equals("POST")
                && c.status() == 201)).as("created once").hasSize(1);
        assertThat(deadLetters.find("tax.customers.dlq", messageId)).isNull();
        assertThat(events.named("customer.tax_provider_error", e -> true).stream()
                .filter(e -> messageId.equals(String.valueOf(e.properties().getHeaders().get("x-source-message-id")))))
                .isEmpty();
    }

    @Test
    void aCustomerCommandThatOutlastsThePatienceIsParkedInTaxCustomersDlq() {
        deferrals.patience(Duration.ofSeconds(2));
        String code = uniqueId("cus-hopeless");
        String messageId = uniqueId("msg");
        simulator.faults().add(new Fault(500, null, null, null, null, code, null, null));
        publish("customer.updated", customer(code), messageId);

        GetResponse parked = deadLetters.awaitParked("tax.customers.dlq", messageId);
        Map<String, Object> headers = parked.getProps().getHeaders();
        assertThat(headers.get("x-error-code").toString()).isEqualTo("provider_unavailable");
        assertThat(((Number) headers.get(CopyHeaders.DEFERRALS)).intValue()).as("it waited first").isPositive();
        Instant firstFailed = Instant.parse(headers.get(CopyHeaders.FIRST_FAILED_AT).toString());
        assertThat(Duration.between(firstFailed, Instant.parse(headers.get("x-failed-at").toString())))
                .as("parked once the patience had run out").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(parked.getBody()).as("byte for byte").isEqualTo(json(customer(code)));
        assertThat(headers.get("x-original-routing-key")).hasToString("customer.updated");
    }

    @Test
    void anEstimateThatMeetsAnOpenCircuitGetsProviderUnavailableAtOnce() throws Exception {
        // A command that keeps failing opens the connection's circuit (and keeps it open while it waits).
        String id = uniqueId("inv-outage");
        simulator.faults().add(new Fault(503, null, null, null, null, id, null, null));
        publish("invoice.finalized", invoice(id), uniqueId("msg"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> connections.client(CONNECTION).circuitState() == AvataxCircuit.State.OPEN);

        String subscription = uniqueId("sub");
        try (EstimateClient client = new EstimateClient(connectionFactory, mapper, false)) {
            long started = System.nanoTime();
            EstimateClient.Reply reply = client.request("estimate.current_usage", usage(subscription), uniqueId("corr"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(reply.body().at("/error/error_code").asText()).isEqualTo("provider_unavailable");
            assertThat(simulator.journal().forDocument("usage-" + subscription)).as("no call made").isEmpty();
            assertThat(took).as("at once, not after the open period (1 s) or retries").isLessThan(Duration.ofMillis(800));
        }
        simulator.faults().clear();
        events.awaitOne("invoice.taxes_committed", e -> id.equals(e.at("/invoice/lago_id").asText()));
    }

    private com.fasterxml.jackson.databind.node.ObjectNode usage(String subscription) {
        return (com.fasterxml.jackson.databind.node.ObjectNode) tree("""
                {"connection": "%s", "currency": "USD",
                 "customer": {"lago_id": "lago-%s", "external_id": "%s", "name": "Usage Customer",
                   "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                   "zipcode": "98110", "country": "US"},
                 "subscription": {"external_id": "%s", "plan_code": "premium", "plan_version": 3},
                 "fees": [{"item": {"type": "subscription", "code": "premium", "name": "Premium plan"}, "units": "1",
                           "amount_cents": 10000}]}""".formatted(CONNECTION, subscription, subscription, subscription));
    }

    private com.fasterxml.jackson.databind.node.ObjectNode customer(String code) {
        return (com.fasterxml.jackson.databind.node.ObjectNode) tree("""
                {"connection": "%s",
                 "customer": {"lago_id": "lago-%s", "external_id": "%s", "name": "Outage Customer",
                   "address_line1": "100 Ravine Lane NE", "city": "Bainbridge Island", "state": "WA",
                   "zipcode": "98110", "country": "US"},
                 "sync": {"create_in_avalara": true}}""".formatted(CONNECTION, code, code));
    }

    /** Takes what the tap queue received so far into {@code waited}; how many of them are that message. */
    private long waits(String tap, List<GetResponse> waited, String messageId) {
        rabbit.execute(channel -> {
            GetResponse response;
            while ((response = channel.basicGet(tap, true)) != null) {
                waited.add(response);
            }
            return null;
        });
        waited.removeIf(response -> !messageId.equals(response.getProps().getMessageId()));
        return waited.size();
    }

    private List<Call> failedCalls(Instant since, List<String> documents) {
        return simulator.journal().calls(c -> c.status() == 503 && !c.at().isBefore(since)
                && documents.contains(c.documentCode()));
    }

    private com.fasterxml.jackson.databind.node.ObjectNode invoice(String id) {
        return sampleInvoice(id).put("connection", CONNECTION);
    }
}
