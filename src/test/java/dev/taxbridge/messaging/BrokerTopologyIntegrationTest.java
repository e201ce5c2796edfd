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
 * succeeds, one with another queue type or durability is refused (406). That proves what the bridge
 * declared without the management plugin.
 */
class BrokerTopologyIntegrationTest extends BridgeIntegrationTest {

    @Test
    void workQueuesAreDurableQuorumQueuesWithTheirDlqAsDeadLetterTarget() throws Exception {
        for (String name : new String[] {"tax.invoices", "tax.customers", "tax.webhooks"}) {
            Queue expected = BrokerTopology.workQueue(name, 20);
            assertThat(redeclare(name, true, expected.getArguments())).as(name).isTrue();
            assertThat(expected.getArguments()).containsEntry("x-queue-type", "quorum")
                    .containsEntry("x-dead-letter-routing-key", name + ".dlq");
            assertThat(redeclare(name, true, Map.of("x-queue-type", "classic"))).as(name + " is not classic").isFalse();
        }
    }

    @Test
    void parkingQueuesAreDurableQuorumQueues() throws Exception {
        for (String name : new String[] {"tax.invoices.dlq", "tax.customers.dlq", "tax.webhooks.dlq"}) {
            assertThat(redeclare(name, true, Map.of("x-queue-type", "quorum"))).as(name).isTrue();
            assertThat(redeclare(name, true, Map.of("x-queue-type", "classic"))).as(name + " is not classic").isFalse();
        }
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
