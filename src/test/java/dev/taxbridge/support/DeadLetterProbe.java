package dev.taxbridge.support;

import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Finds a parked message by id in a DLQ without consuming anything. */
public final class DeadLetterProbe {

    private final RabbitTemplate rabbit;

    public DeadLetterProbe(RabbitTemplate rabbit) {
        this.rabbit = rabbit;
    }

    public GetResponse awaitParked(String queue, String messageId) {
        AtomicReference<GetResponse> found = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.set(find(queue, messageId));
            return found.get() != null;
        });
        return found.get();
    }

    public GetResponse find(String queue, String messageId) {
        return rabbit.execute(channel -> {
            List<GetResponse> held = new ArrayList<>();
            try {
                GetResponse response;
                while ((response = channel.basicGet(queue, false)) != null) {
                    held.add(response);
                    if (messageId.equals(response.getProps().getMessageId())) {
                        return response;
                    }
                }
                return null;
            } finally {
                for (GetResponse response : held) {
                    channel.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
                }
                // A nack has no answer: one round trip on the same channel makes sure the broker has put
                // them back before the caller looks at the queue again (a listing right after saw none).
                channel.queueDeclarePassive(queue);
            }
        });
    }

    public void purge(String... queues) {
        rabbit.execute(channel -> {
            for (String queue : queues) {
                channel.queuePurge(queue);
            }
            return null;
        });
    }

    public long depth(String queue) {
        return rabbit.execute(channel -> (long) channel.queueDeclarePassive(queue).getMessageCount());
    }
}
