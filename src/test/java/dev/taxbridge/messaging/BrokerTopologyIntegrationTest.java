package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
            // docs/design.md: a delivery limit (tax.topology.delivery-limit, 20) and the DLQ as dead-letter target
            // through the default exchange; 3 replicas (tax.topology.replicas in the tests).
            Map<String, Object> arguments = Map.of("x-queue-type", "quorum", "x-delivery-limit", 20,
                    "x-dead-letter-exchange", "", "x-dead-letter-routing-key", name + ".dlq",
                    "x-quorum-initial-group-size", 3);
            assertThat(redeclare(name, true, arguments)).as(name).isTrue();
            assertEachArgumentHeld(name, arguments);
            assertThat(redeclare(name, true, with(arguments, "x-queue-type", "classic"))).as(name + " is not classic")
                    .isFalse();
            assertThat(redeclare(name, true, with(arguments, "x-quorum-initial-group-size", 2)))
                    .as(name + " has 3 replicas, not 2").isFalse();
        }
    }

    @Test
    void parkingAndWaitingQueuesAreDurableQuorumQueuesOnThreeReplicas() throws Exception {
        for (String name : new String[] {"tax.invoices.dlq", "tax.customers.dlq", "tax.webhooks.dlq"}) {
            assertThat(queueExists(name)).as(name).isTrue();
            Map<String, Object> arguments = Map.of("x-queue-type", "quorum", "x-quorum-initial-group-size", 3);
            assertThat(redeclare(name, true, arguments)).as(name).isTrue();
            assertEachArgumentHeld(name, arguments);
            assertThat(redeclare(name, true, with(arguments, "x-queue-type", "classic"))).as(name + " is not classic")
                    .isFalse();
        }
        for (String name : new String[] {"tax.invoices.wait", "tax.customers.wait"}) {
            assertThat(queueExists(name)).as(name).isTrue();
            assertThat(redeclare(name, true, waitQueueArguments())).as(name).isTrue();
            assertThat(redeclare(name, true, with(waitQueueArguments(), "x-quorum-initial-group-size", 2)))
                    .as(name + " has 3 replicas, not 2").isFalse();
        }
    }

    @Test
    void auditStreamIsReplicatedOnThreeNodes() throws Exception {
        assertThat(queueExists("tax.audit")).as("declared by the bridge, not by this test").isTrue();
        Map<String, Object> stream = Map.of("x-queue-type", "stream", "x-max-age", "90D",
                "x-max-length-bytes", 10000000000L, "x-stream-max-segment-size-bytes", 100000000L);
        Map<String, Object> replicated = with(stream, "x-initial-cluster-size", 3);
        assertThat(redeclare("tax.audit", true, replicated)).isTrue();
        assertThat(redeclare("tax.audit", true, stream)).as("declared with its cluster size").isFalse();
        assertThat(redeclare("tax.audit", true, with(replicated, "x-queue-type", "quorum"))).as("a stream").isFalse();
    }

    @Test
    void waitQueuesAreQuorumQueuesThatDeadLetterThroughTaxResume() throws Exception {
        for (String name : new String[] {"tax.invoices.wait", "tax.customers.wait"}) {
            assertThat(queueExists(name)).as(name).isTrue();
            assertThat(redeclare(name, true, waitQueueArguments())).as(name).isTrue();
            assertEachArgumentHeld(name, waitQueueArguments());
            assertThat(redeclare(name, true, with(waitQueueArguments(), "x-dead-letter-exchange", "tax.commands")))
                    .as(name + " dead-letters to tax.resume only").isFalse();
        }
    }

    /** A wait queue as docs/contract.md gives it (and 3 replicas in the tests): no consumer, its messages dead-lettered through tax.resume. */
    private static Map<String, Object> waitQueueArguments() {
        return Map.of("x-queue-type", "quorum", "x-dead-letter-exchange", "tax.resume",
                "x-dead-letter-strategy", "at-least-once", "x-overflow", "reject-publish",
                "x-quorum-initial-group-size", 3);
    }

    @Test
    void aMessageInAWaitQueueExpiresThroughTaxResumeBackIntoItsWorkQueue() {
        for (String routingKey : new String[] {"invoice.finalized", "customer.updated"}) {
            String messageId = uniqueId("waited");
            // As route.Deferrals puts a command away: into tax.wait with a TTL of its own. Not JSON, so the
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

    /**
     * Each argument is on the queue with that value: a declaration without it, or with another value, is
     * refused by the broker's equivalence check.
     */
    private void assertEachArgumentHeld(String queue, Map<String, Object> arguments) throws Exception {
        for (String argument : arguments.keySet()) {
            Map<String, Object> without = new HashMap<>(arguments);
            without.remove(argument);
            assertThat(redeclare(queue, true, without)).as(queue + " is declared with " + argument).isFalse();
        }
    }

    private static Map<String, Object> with(Map<String, Object> arguments, String name, Object value) {
        Map<String, Object> changed = new HashMap<>(arguments);
        changed.put(name, value);
        return changed;
    }

    /** Whether the queue exists; false only for the broker's 404. */
    private boolean queueExists(String queue) throws Exception {
        return onOwnChannel(AMQP.NOT_FOUND, channel -> channel.queueDeclarePassive(queue));
    }

    private boolean exchangeExists(String exchange) throws Exception {
        return onOwnChannel(AMQP.NOT_FOUND, channel -> channel.exchangeDeclarePassive(exchange));
    }

    /** Whether the broker accepted the declaration; false only for its 406 (PRECONDITION_FAILED). */
    private boolean redeclare(String queue, boolean durable, Map<String, Object> arguments) throws Exception {
        return onOwnChannel(AMQP.PRECONDITION_FAILED,
                channel -> channel.queueDeclare(queue, durable, false, false, new HashMap<>(arguments)));
    }

    private boolean redeclareExchange(String exchange, String type, boolean durable) throws Exception {
        return onOwnChannel(AMQP.PRECONDITION_FAILED, channel -> channel.exchangeDeclare(exchange, type, durable));
    }

    private interface ChannelCall {
        void on(Channel channel) throws IOException;
    }

    /**
     * Whether the broker accepted the call (true) or refused it with {@code refusal} (false); any other
     * failure (403, a closed connection...) fails the test. A refusal closes the channel, hence one of its own.
     */
    private boolean onOwnChannel(int refusal, ChannelCall call) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Channel channel = connection.createChannel(false);
            try {
                call.on(channel);
                channel.close();
                return true;
            } catch (IOException refused) {
                if (refused.getCause() instanceof ShutdownSignalException signal
                        && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == refusal) {
                    return false;
                }
                throw refused;
            }
        }
    }
}
