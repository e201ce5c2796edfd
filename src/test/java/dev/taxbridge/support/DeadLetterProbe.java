package dev.taxbridge.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.messaging.RoutedPublish;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Finds a parked message by id in a DLQ without consuming anything or spending any of its deliveries.
 * For DLQs only: a copy is put back through the default exchange, so a wait queue's message would lose
 * the routing key it returns to its work queue with.
 */
public final class DeadLetterProbe {

    private final RabbitTemplate rabbit;

    public DeadLetterProbe(RabbitTemplate rabbit) {
        this.rabbit = rabbit;
    }

    /** Waits for the bridge to park that message; its parking headers must match docs/schemas/headers/parked.json. */
    public GetResponse awaitParked(String queue, String messageId) {
        AtomicReference<GetResponse> found = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.set(find(queue, messageId));
            return found.get() != null;
        });
        ContractSchemas schemas = ContractSchemas.get();
        List<String> violations = schemas.violations("headers/parked.json",
                schemas.headers(found.get().getProps().getHeaders()));
        if (!violations.isEmpty()) {
            throw new AssertionError("the parked message " + messageId + " in " + queue
                    + " does not match docs/schemas/headers/parked.json: " + violations);
        }
        return found.get();
    }

    public GetResponse find(String queue, String messageId) {
        return snapshot(queue).find(messageId);
    }

    /** How many copies of that message id the queue holds. */
    public long count(String queue, String messageId) {
        return snapshot(queue).count(messageId);
    }

    /**
     * Every message of the queue as one look found it: each as the broker handed it over (its redelivered
     * flag and {@code x-delivery-count} are the broker's). The look puts fresh copies back, so a second
     * look would show only this probe's copies: assert on one snapshot taken after the behaviour under test.
     */
    public Snapshot snapshot(String queue) {
        return new Snapshot(look(queue));
    }

    public record Snapshot(List<GetResponse> messages) {

        public List<GetResponse> withId(String messageId) {
            return messages.stream().filter(taken -> messageId.equals(taken.getProps().getMessageId())).toList();
        }

        /** The first message with that id, or null. */
        public GetResponse find(String messageId) {
            List<GetResponse> found = withId(messageId);
            return found.isEmpty() ? null : found.get(0);
        }

        public long count(String messageId) {
            return withId(messageId).size();
        }

        public List<String> messageIds() {
            return messages.stream().map(taken -> taken.getProps().getMessageId()).toList();
        }
    }

    /**
     * Takes every message of the queue, then puts each back as a fresh copy at its end (confirmed) and
     * acknowledges the ones taken, as the admin API lists a DLQ: a get-and-requeue would spend one of
     * each message's deliveries, and RabbitMQ 4.0-4.2 drop a quorum-queue message requeued 20 times
     * (docs/rabbitmq-versions.md). Messages the bridge parks meanwhile stay where they are.
     */
    private List<GetResponse> look(String queue) {
        return rabbit.execute(channel -> {
            List<GetResponse> held = new ArrayList<>();
            long depth = channel.queueDeclarePassive(queue).getMessageCount();
            GetResponse response;
            while (held.size() < depth && (response = channel.basicGet(queue, false)) != null) {
                held.add(response);
            }
            if (held.isEmpty()) {
                return held;
            }
            try (RoutedPublish copies = new RoutedPublish(channel)) {
                for (GetResponse taken : held) {
                    copies.publish("", queue, unspent(taken.getProps()), taken.getBody());
                }
                copies.confirm(10_000);
            } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
                throw new IllegalStateException("the broker did not confirm the copies of " + queue, e);
            }
            for (GetResponse taken : held) {
                channel.basicAck(taken.getEnvelope().getDeliveryTag(), false);
            }
            return held;
        });
    }

    private static AMQP.BasicProperties unspent(AMQP.BasicProperties properties) {
        Map<String, Object> headers = new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
        headers.remove("x-delivery-count");
        return properties.builder().headers(headers).build();
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
