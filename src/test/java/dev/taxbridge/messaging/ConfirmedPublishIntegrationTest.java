package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.taxbridge.support.BridgeIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ChannelProxy;

/**
 * A publish the broker refused is never reported as confirmed. The case that lost messages: the
 * broker closes the channel (404, no such exchange) before the publisher starts waiting for the
 * confirm. With {@code publisher-confirm-type: simple} the cached channel proxy then silently opened
 * a fresh channel for the wait, which had nothing outstanding and answered "all confirmed": the
 * command was acknowledged and its outcome event was gone. With {@code correlated} a closed publisher
 * channel raises instead. Here the refusal is made to arrive first on purpose.
 */
class ConfirmedPublishIntegrationTest extends BridgeIntegrationTest {

    private static Message message() {
        return new Message("{}".getBytes(StandardCharsets.UTF_8), new MessageProperties());
    }

    /** What failures.brokerFailure recognises: the command goes back to its queue, it is not parked. */
    private static void isBrokerFailure(Throwable thrown) {
        assertThat(thrown).isInstanceOfAny(AmqpException.class, ShutdownSignalException.class);
    }

    @Test
    void aRefusalThatArrivesBeforeTheWaitIsNotAConfirm() {
        String missing = uniqueId("no-such-exchange");
        AtomicReference<Boolean> confirmed = new AtomicReference<>();
        assertThatThrownBy(() -> rabbit.invoke(template -> {
            template.send(missing, "x", message());
            Channel target = template.execute(channel -> ((ChannelProxy) channel).getTargetChannel());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !target.isOpen());
            confirmed.set(template.waitForConfirms(2_000));
            return null;
        })).as("the wait must fail, not answer for another channel")
                .satisfies(ConfirmedPublishIntegrationTest::isBrokerFailure);
        assertThat(confirmed.get()).as("never reported confirmed").isNull();
    }

    @Test
    void aRefusalThatArrivesDuringTheWaitIsNotAConfirm() {
        String missing = uniqueId("no-such-exchange");
        assertThatThrownBy(() -> rabbit.invoke(template -> {
            template.send(missing, "x", message());
            template.waitForConfirmsOrDie(5_000);
            return null;
        })).satisfies(ConfirmedPublishIntegrationTest::isBrokerFailure);
    }

    @Test
    void aRoutablePublishIsConfirmedOnTheSameChannel() {
        Boolean confirmed = rabbit.invoke(template -> {
            template.send(Topology.EVENTS_EXCHANGE, "test.confirm-probe", message());
            return template.waitForConfirms(5_000);
        });
        assertThat(confirmed).isTrue();
    }
}
