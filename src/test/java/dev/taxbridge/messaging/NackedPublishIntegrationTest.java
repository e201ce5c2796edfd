package dev.taxbridge.messaging;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import dev.taxbridge.route.Failures;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The broker nacks a publish when a queue it routes to refuses it (here a queue with
 * {@code x-max-length: 0, x-overflow: reject-publish}, as a full queue would). Camel's producer
 * reports a nack as a plain TimeoutException ("Message not sent within"); the event route turns it
 * into a broker failure, so the command goes back to its queue: neither acknowledged nor parked as
 * an AvaTax timeout.
 */
class NackedPublishIntegrationTest extends BridgeIntegrationTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    Failures failures;

    @Value("${tax.retry.max-attempts}")
    int maxAttempts;

    private String refusingQueue(String routingKey) {
        String queue = uniqueId("test.refusing");
        rabbit.execute(channel -> {
            channel.queueDeclare(queue, false, false, true,
                    Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
            channel.queueBind(queue, Topology.EVENTS_EXCHANGE, routingKey);
            return null;
        });
        return queue;
    }

    private void delete(String queue) {
        rabbit.execute((Channel channel) -> channel.queueDelete(queue));
    }

    @Test
    void aNackedEventIsABrokerFailure() {
        String key = uniqueId("test.nack-probe");
        String queue = refusingQueue(key);
        try {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(new OutcomeEvent(key, uniqueId("evt"), null, Map.of("probe", true)));
            Exchange result = producer.send("direct:publish-event", exchange);
            assertThat(result.getException()).isInstanceOf(AmqpException.class)
                    .hasMessageContaining("did not confirm");
            assertThat(failures.brokerFailure(result)).isTrue();
        } finally {
            delete(queue);
        }
    }

    @Test
    void aCommandWhoseOutcomeIsNackedIsRequeuedUntilTheBrokerTakesItEveryAttemptOnTheOneDocument() {
        deadLetters.purge("tax.invoices.dlq");
        String id = uniqueId("inv");
        String messageId = uniqueId("msg");
        String queue = refusingQueue("invoice.taxes_committed");
        try {
            // 200 ms per AvaTax answer: the refusing queue goes away while an attempt is under way.
            simulator.faults().add(new Fault(null, null, 200, null, null, id, null, null));
            publish("invoice.finalized", sampleInvoice(id), messageId);
            // More calls than an AvaTax timeout would get before being parked.
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> simulator.journal().forDocument(id).size() > maxAttempts);
            assertThat(deadLetters.find("tax.invoices.dlq", messageId)).as("a nack is not bad input").isNull();
        } finally {
            delete(queue);
        }
        events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", id));
        // Acknowledged at last: the attempts stop. (The commit event may be seen before the last attempt:
        // the broker delivers it to the test's queue even when the refusing queue nacks it.) Stopped means
        // no call for longer than the broker-failure backoff between two tries can last.
        int[] last = {-1};
        Instant[] since = {Instant.now()};
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            int now = simulator.journal().forDocument(id).size();
            if (now != last[0]) {
                last[0] = now;
                since[0] = Instant.now();
            }
            return Duration.between(since[0], Instant.now()).compareTo(Duration.ofSeconds(3)) >= 0;
        });
        // Each attempt commits again (its outcome was refused, so the command is not done): every commit
        // adjusts the one document, whose version counts them.
        var commits = simulator.journal().forDocument(id).stream().filter(c -> c.status() == 200).toList();
        assertThat(commits.size()).isGreaterThan(maxAttempts);
        assertThat(commits).allSatisfy(c -> {
            assertThat(c.path()).isEqualTo("/api/v2/transactions/createoradjust");
            assertThat(c.body().at("/createTransactionModel/code").asText()).isEqualTo(id);
        });
        assertThat(simulator.documents().get("DEFAULT", id, "SalesInvoice").get("version").asInt())
                .isEqualTo(commits.size());
        assertThat(deadLetters.find("tax.invoices.dlq", messageId)).isNull();
        // Failure events carry the invoice's lago_id at the top (SPEC section 3), not under /invoice.
        assertThat(events.named("invoice.tax_provider_error", field("/lago_id", id))).isEmpty();
    }
}
