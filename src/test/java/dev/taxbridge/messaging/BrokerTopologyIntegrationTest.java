package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.Connection;

/**
 * The broker enforces queue equivalence on re-declaration: a declaration with the same arguments
 * succeeds, one with another queue type, durability or replica count is refused (406). That proves what
 * the bridge declared without the management plugin. (The replicas a three-node cluster places:
 * ClusterTopologyCheck, bench/cluster.)
 */
class BrokerTopologyIntegrationTest extends BridgeIntegrationTest {

    @Test
    void workQueuesAreDurableQuorumQueuesWithTheirDlqAsDeadLetterTarget() throws Exception {
        for (String name : new String[] {"tax.invoices", "tax.customers", "tax.webhooks"}) {
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
    void estimatesQueueIsDurableAndExchangesAreDurableTopics() throws Exception {
        assertThat(redeclare("tax.estimates", true, Map.of())).isTrue();
        assertThat(redeclare("tax.estimates", false, Map.of())).as("not transient").isFalse();
        try (Connection connection = connectionFactory.createConnection();
                Channel channel = connection.createChannel(false)) {
            channel.exchangeDeclare("tax.commands", "topic", true);
            channel.exchangeDeclare("tax.events", "topic", true);
        }
        try (Connection connection = connectionFactory.createConnection();
                Channel channel = connection.createChannel(false)) {
            assertThatThrownBy(() -> channel.exchangeDeclare("tax.commands", "topic", false))
                    .isInstanceOf(IOException.class);
        }
    }

    private boolean redeclare(String queue, boolean durable, Map<String, Object> arguments) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Channel channel = connection.createChannel(false);
            try {
                channel.queueDeclare(queue, durable, false, false, new HashMap<>(arguments));
                channel.close();
                return true;
            } catch (IOException preconditionFailed) {
                return false;
            }
        }
    }
}
