package dev.taxbridge.failure;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.simulator.SimulatorJournal;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * When the broker refuses the outcome (here: tax.events is gone, so the publish fails), the command
 * is neither parked as bad input nor dropped: it goes back to its queue and is committed once the
 * broker takes publishes again.
 */
class BrokerFailureIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    RabbitAdmin admin;

    @Autowired
    MeterRegistry registry;

    @AfterEach
    void restoreTopology() {
        admin.initialize();
    }

    @Test
    void commandWhoseOutcomeTheBrokerRefusesIsRequeuedNotParkedNorLost() throws Exception {
        deadLetters.purge("tax.invoices.dlq");
        double requeuedBefore = requeued();
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        // Events go out on the publisher connection; opening it declares the topology again (RabbitAdmin),
        // which would undo the deletion below if it were opened only by this test's first event.
        ((org.springframework.amqp.rabbit.connection.CachingConnectionFactory) connectionFactory)
                .getPublisherConnectionFactory().createConnection().close();
        rabbit.execute(channel -> channel.exchangeDelete("tax.events"));
        // Each AvaTax answer takes 300 ms, so the exchange is back and listened to well before the
        // attempt under way publishes (an event published in between would be unroutable).
        simulator.faults().add(new Fault(null, null, 300, null, null, id, null, null));

        publish("invoice.finalized", sampleInvoice(id), messageId);
        // Publishing to the deleted exchange makes the broker close that channel (404). Spring, returning
        // the channel to its cache with the confirm still pending, waits for it on a thread of its own,
        // which then fails with "PublisherCallbackChannel is closed": an uncaught exception of Spring's,
        // not the bridge's (the pending confirm is nacked and the command retried, as asserted below).
        // Awaitility would otherwise fail this wait on it.
        Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20))
                .until(() -> simulator.journal().forDocument(id).size() >= 2);
        assertThat(deadLetters.find("tax.invoices.dlq", messageId)).as("a broker failure is not bad input").isNull();

        // The broker takes publishes again: tax.events is back (declared here as the bridge declares it, then
        // listened to, then the rest of the topology restored), with no window for an event to pass unseen.
        rabbit.execute(channel -> channel.exchangeDeclare("tax.events", "topic", true));
        try (EventCollector afterRestore = new EventCollector(connectionFactory, mapper)) {
            admin.initialize();
            afterRestore.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
            afterRestore.assertMatchContract();
        }
        // Every attempt committed (the first one's outcome was refused): each adjusted the one document.
        var commits = simulator.journal().forDocument(id).stream().filter(c -> c.status() == 200).toList();
        assertThat(commits).hasSizeGreaterThanOrEqualTo(2).allSatisfy(c ->
                assertThat(c.body().at("/createTransactionModel/code").asText()).isEqualTo(id));
        assertThat(simulator.documents().get("DEFAULT", id, "SalesInvoice").get("version").asInt())
                .isEqualTo(commits.size());
        // Each attempt but the last had its outcome refused: each counted as retried with broker_failure.
        assertThat(requeued() - requeuedBefore).as("counted as retried, error_code broker_failure, once per refusal")
                .isEqualTo(commits.size() - 1);
        assertThat(deadLetters.find("tax.invoices.dlq", messageId)).isNull();
        assertThat(deadLetters.depth("tax.invoices")).isZero();
    }

    @Test
    void aFailureWhoseDeadLetterQueueIsGoneWaitsInItsQueueUntilTheQueueIsBack() {
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        Predicate<EventCollector.Event> announced = e ->
                messageId.equals(String.valueOf(e.properties().getHeaders().get("x-source-message-id")));
        // AvaTax refuses this document every time (400): a permanent failure, parked at once.
        simulator.faults().add(new Fault(400, null, null, null, null, id, null, null));
        rabbit.execute(channel -> channel.queueDelete("tax.invoices.dlq"));
        try {
            publish("invoice.finalized", sampleInvoice(id), messageId);
            // Parking it now would publish into nothing: the broker would confirm and drop it. A second
            // AvaTax call means the refused park sent the command back to its queue.
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> simulator.journal().forDocument(id).size() >= 2);
            assertThat(events.all().stream().filter(announced).toList())
                    .as("not announced as parked while it could not be parked").isEmpty();
            // The refused park was tried again with the broker-failure backoff (brokerFailureBackoff:
            // 4 more tries after 20, 40, 80 and 160 ms here) before the command went back to its queue.
            List<SimulatorJournal.Call> calls = simulator.journal().forDocument(id);
            assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        } finally {
            admin.initialize();
        }
        GetResponse parked = deadLetters.awaitParked("tax.invoices.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code")).as("AvaTax's refusal, not the broker's")
                .hasToString("provider_error");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> events.named("invoice.tax_provider_error", e -> true).stream().anyMatch(announced));
        assertThat(deadLetters.depth("tax.invoices")).isZero();
    }

    private double requeued() {
        Counter counter = registry.find("tax.commands").tags("command", "invoice.finalized", "outcome", "retried",
                "error_code", "broker_failure").counter();
        return counter == null ? 0 : counter.count();
    }
}
