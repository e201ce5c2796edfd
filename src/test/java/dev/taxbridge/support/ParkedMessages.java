package dev.taxbridge.support;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Finds a parked message by its message id in a DLQ, takes it out, and leaves the others in place. */
public final class ParkedMessages {

    private ParkedMessages() {
    }

    public static GetResponse awaitParked(RabbitTemplate rabbit, String dlq, String messageId) {
        AtomicReference<GetResponse> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            found.set(take(rabbit, dlq, messageId));
            return found.get() != null;
        });
        return found.get();
    }

    /** Gets messages without acknowledging them until the one wanted shows up; the others go back. */
    public static GetResponse take(RabbitTemplate rabbit, String dlq, String messageId) {
        return rabbit.execute(channel -> {
            List<Long> others = new ArrayList<>();
            GetResponse mine = null;
            try {
                for (GetResponse response = channel.basicGet(dlq, false); response != null;
                        response = channel.basicGet(dlq, false)) {
                    if (messageId.equals(response.getProps().getMessageId())) {
                        mine = response;
                        channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                        break;
                    }
                    others.add(response.getEnvelope().getDeliveryTag());
                }
            } finally {
                for (long tag : others) {
                    channel.basicNack(tag, false, true);
                }
            }
            return mine;
        });
    }
}
