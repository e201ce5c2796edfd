package dev.taxbridge.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The end-to-end tests and the bridge they start are on the suite's own vhost, never on {@code /}, where a
 * bridge may be running on the same broker ({@link SuiteBroker}).
 */
class SuiteVhostIntegrationTest extends BridgeIntegrationTest {

    @Test
    void theBridgesConnectionsAreOnTheSuitesVhostNotTheDefaultOne() throws Exception {
        String suite = System.getProperty(SuiteBroker.VHOST);
        assertThat(suite).isNotBlank().isNotEqualTo("/");
        CachingConnectionFactory factory = (CachingConnectionFactory) connectionFactory;
        assertThat(factory.getVirtualHost()).isEqualTo(suite);
        assertThat(factory.getRabbitConnectionFactory().getVirtualHost()).isEqualTo(suite);
        assertThat(((CachingConnectionFactory) factory.getPublisherConnectionFactory()).getVirtualHost())
                .as("events and parked messages go out on").isEqualTo(suite);

        // On the broker: a queue declared through the bridge's connection is in the suite's vhost, not in '/'.
        String queue = uniqueId("test.vhost-probe");
        rabbit.execute(channel -> channel.queueDeclare(queue, false, false, true, null));
        try {
            assertThat(existsIn(suite, queue)).as("in " + suite).isTrue();
            assertThat(existsIn("/", queue)).as("in /").isFalse();
        } finally {
            rabbit.execute(channel -> channel.queueDelete(queue));
        }
    }

    @Test
    void theDefaultVhostIsRefused() {
        for (String shared : new String[] {"/", "", " ", "%2f"}) {
            assertThatThrownBy(() -> SuiteBroker.refuseSharedVhost(shared)).as("'" + shared + "'")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("never run on the default vhost '/'");
        }
        assertThatCode(() -> SuiteBroker.refuseSharedVhost("taxbridge-test-own")).doesNotThrowAnyException();
        assertThatCode(() -> SuiteBroker.refuseSharedVhost(null)).as("unset: one is made for the run")
                .doesNotThrowAnyException();
    }

    /** A passive declare on a connection of its own to that vhost (guest/guest, as the tests connect). */
    private static boolean existsIn(String vhost, String queue) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setVirtualHost(vhost);
        try (Connection connection = factory.newConnection("vhost-probe")) {
            Channel channel = connection.createChannel();
            try {
                channel.queueDeclarePassive(queue);
                return true;
            } catch (IOException refused) {
                if (refused.getCause() instanceof ShutdownSignalException signal
                        && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == AMQP.NOT_FOUND) {
                    return false;
                }
                throw refused;
            }
        }
    }
}
