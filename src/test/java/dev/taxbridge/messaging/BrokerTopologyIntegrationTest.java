package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.Connection;

/**
 * What the bridge declared, seen from the broker without the management plugin: a passive declare
 * proves a queue or exchange exists (and creates nothing); then the broker's equivalence check on
 * re-declaration proves its kind: the same arguments succeed, another queue type, durability, replica
 * count or exchange type is refused (406). (The replicas a three-node cluster places:
 * ClusterTopologyCheck, bench/cluster.)
 */
class BrokerTopologyIntegrationTest extends BridgeIntegrationTest {

    @Test
    void workQueuesAreDurableQuorumQueuesWithTheirDlqAsDeadLetterTarget() throws Exception {
        for (String name : new String[] {"tax.invoices", "tax.customers", "tax.webhooks"}) {
            assertThat(queueExists(name)).as(name).isTrue();
            Queue expected = BrokerTopology.workQueue(name, 20, 3);
            assertThat(redeclare(name, true, expected.getArguments())).as(name).isTrue();
            assertThat(expected.getArguments()).containsEntry("x-queue-type", "quorum")
                    .containsEntry("x-dead-letter-routing-key", name + ".dlq")
                    .containsEntry("x-quorum-initial-group-size", 3);
            assertThat(redeclare(name, true, Map.of("x-queue-type", "classic"))).as(name + " is not classic").isFalse();
            Map<String, Object> otherReplicas = new HashMap<>(expected.getArguments());
            otherReplicas.put("x-quorum-initial-group-size", 2);
            assertThat(redeclare(name, true, otherReplicas)).as(name + " has 3 replicas, not 2").isFalse();
        }
    }

    @Test
    void parkingAndWaitingQueuesAreDurableQuorumQueuesOnThreeReplicas() throws Exception {
        for (String name : new String[] {"tax.invoices.dlq", "tax.customers.dlq", "tax.webhooks.dlq"}) {
            assertThat(queueExists(name)).as(name).isTrue();
            assertThat(redeclare(name, true, Map.of("x-queue-type", "quorum", "x-quorum-initial-group-size", 3)))
                    .as(name).isTrue();
            assertThat(redeclare(name, true, Map.of("x-queue-type", "quorum"))).as(name + " has its replica count")
                    .isFalse();
            assertThat(redeclare(name, true, Map.of("x-queue-type", "classic"))).as(name + " is not classic").isFalse();
        }
        for (String name : new String[] {"tax.invoices", "tax.customers"}) {
            Queue waiting = BrokerTopology.waitingQueue(name, 3);
            assertThat(waiting.getArguments()).containsEntry("x-queue-type", "quorum")
                    .containsEntry("x-quorum-initial-group-size", 3);
            assertThat(redeclare(waiting.getName(), true, waiting.getArguments())).as(waiting.getName()).isTrue();
        }
    }

    @Test
    void auditStreamIsReplicatedOnThreeNodes() throws Exception {
        Map<String, Object> stream = new HashMap<>(Map.of("x-queue-type", "stream", "x-max-age", "90D",
                "x-max-length-bytes", 10000000000L, "x-stream-max-segment-size-bytes", 100000000L));
        Map<String, Object> replicated = new HashMap<>(stream);
        replicated.put("x-initial-cluster-size", 3);
        assertThat(redeclare("tax.audit", true, replicated)).isTrue();
        assertThat(redeclare("tax.audit", true, stream)).as("declared with its cluster size").isFalse();
    }

    @Test
    void waitQueuesAreQuorumQueuesThatDeadLetterThroughTaxResume() throws Exception {
        for (String work : new String[] {"tax.invoices", "tax.customers"}) {
            String name = work + ".wait";
            assertThat(queueExists(name)).as(name).isTrue();
            Queue expected = BrokerTopology.waitingQueue(work, 3);
            assertThat(expected.getArguments()).containsEntry("x-queue-type", "quorum")
                    .containsEntry("x-dead-letter-exchange", "tax.resume")
                    .containsEntry("x-dead-letter-strategy", "at-least-once")
                    .containsEntry("x-overflow", "reject-publish");
            assertThat(redeclare(name, true, expected.getArguments())).as(name).isTrue();
            Map<String, Object> elsewhere = new HashMap<>(expected.getArguments());
            elsewhere.put("x-dead-letter-exchange", "tax.commands");
            assertThat(redeclare(name, true, elsewhere)).as(name + " dead-letters to tax.resume only").isFalse();
        }
    }

    @Test
    void aMessageInAWaitQueueExpiresThroughTaxResumeBackIntoItsWorkQueue() {
        for (String routingKey : new String[] {"invoice.finalized", "customer.updated"}) {
            String messageId = uniqueId("waited");
            // As failure.Deferrals puts a command away: into tax.wait with a TTL of its own. Not JSON, so the
            // work queue's consumer parks it once it is back, and the DLQ shows the way it came.
            rabbit.send("tax.wait", routingKey, org.springframework.amqp.core.MessageBuilder
                    .withBody("{".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .setMessageId(messageId).setExpiration("50").build());
            String dlq = routingKey.startsWith("invoice") ? "tax.invoices.dlq" : "tax.customers.dlq";
            var parked = deadLetters.awaitParked(dlq, messageId);
            assertThat(parked.getProps().getHeaders().get("x-error-code")).hasToString("invalid_message");
            assertThat(parked.getProps().getHeaders().get("x-original-exchange")).as(routingKey)
                    .hasToString("tax.resume");
            assertThat(parked.getProps().getHeaders().get("x-original-routing-key")).hasToString(routingKey);
        }
    }

    @Test
    void estimatesQueueIsDurableAndExchangesAreDurableTopics() throws Exception {
        assertThat(queueExists("tax.estimates")).isTrue();
        assertThat(redeclare("tax.estimates", true, Map.of())).isTrue();
        assertThat(redeclare("tax.estimates", false, Map.of())).as("not transient").isFalse();
        for (String exchange : new String[] {"tax.commands", "tax.events", "tax.wait", "tax.resume"}) {
            assertThat(exchangeExists(exchange)).as(exchange).isTrue();
            assertThat(redeclareExchange(exchange, "topic", true)).as(exchange).isTrue();
            assertThat(redeclareExchange(exchange, "topic", false)).as(exchange + " is durable").isFalse();
            assertThat(redeclareExchange(exchange, "direct", true)).as(exchange + " is a topic").isFalse();
        }
    }

    @Test
    void aPassiveDeclareCreatesNothing() throws Exception {
        String name = uniqueId("tax.never-declared");
        assertThat(queueExists(name)).isFalse();
        assertThat(exchangeExists(name)).isFalse();
        assertThat(queueExists(name)).as("still not there").isFalse();
    }

    private boolean queueExists(String queue) throws Exception {
        return onOwnChannel(channel -> channel.queueDeclarePassive(queue));
    }

    private boolean exchangeExists(String exchange) throws Exception {
        return onOwnChannel(channel -> channel.exchangeDeclarePassive(exchange));
    }

    private boolean redeclare(String queue, boolean durable, Map<String, Object> arguments) throws Exception {
        return onOwnChannel(channel -> channel.queueDeclare(queue, durable, false, false, new HashMap<>(arguments)));
    }

    private boolean redeclareExchange(String exchange, String type, boolean durable) throws Exception {
        return onOwnChannel(channel -> channel.exchangeDeclare(exchange, type, durable));
    }

    private interface ChannelCall {
        void on(Channel channel) throws IOException;
    }

    /** Whether the broker accepted the call; a refusal (404, 406) closes the channel, hence one of its own. */
    private boolean onOwnChannel(ChannelCall call) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Channel channel = connection.createChannel(false);
            try {
                call.on(channel);
                channel.close();
                return true;
            } catch (IOException refused) {
                return false;
            }
        }
    }
}
