package dev.taxbridge.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.taxbridge.messaging.Topology;
import dev.taxbridge.support.ContractSchemas;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * A request/reply producer as a billing system would write it: publishes estimate requests on
 * tax.commands with reply_to and a correlation_id, and matches the replies by correlation id. Replies
 * come either to RabbitMQ's direct reply-to pseudo-queue or to an exclusive named queue.
 */
public class EstimateClient implements AutoCloseable {

    public static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

    public record Reply(AMQP.BasicProperties properties, JsonNode body) {
    }

    private final Connection connection;
    private final Channel channel;
    private final String replyTo;
    private final ObjectMapper mapper;
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();

    /** @param direct true: RabbitMQ direct reply-to; false: a server-named exclusive queue */
    public EstimateClient(ConnectionFactory factory, ObjectMapper mapper, boolean direct)
            throws IOException, TimeoutException {
        this.mapper = mapper;
        // A connection of its own (same broker, vhost and credentials as the bridge), closed for real.
        this.connection = ((AbstractConnectionFactory) factory).getRabbitConnectionFactory().newConnection();
        this.channel = connection.createChannel();
        // Direct reply-to: consume the pseudo-queue (no-ack) before publishing on the same channel.
        String queue = direct ? DIRECT_REPLY_TO : channel.queueDeclare("", false, true, true, null).getQueue();
        this.replyTo = queue;
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                CompletableFuture<Reply> waiting = pending.remove(String.valueOf(properties.getCorrelationId()));
                if (waiting != null) {
                    JsonNode reply = mapper.readTree(body);
                    // The shared check: every reply matches docs/schemas/replies/estimate.json.
                    List<String> violations = ContractSchemas.get().violations("replies/estimate.json", reply);
                    if (violations.isEmpty()) {
                        waiting.complete(new Reply(properties, reply));
                    } else {
                        waiting.completeExceptionally(new AssertionError("the reply " + reply
                                + " does not match docs/schemas/replies/estimate.json: " + violations));
                    }
                }
            }
        });
    }

    public String replyTo() {
        return replyTo;
    }

    /** Publishes one request; the future completes with the reply carrying {@code correlationId}. */
    public CompletableFuture<Reply> send(String routingKey, Object body, String correlationId) throws IOException {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(correlationId, reply);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(1)
                .messageId(UUID.randomUUID().toString())
                .correlationId(correlationId)
                .replyTo(replyTo)
                .build();
        byte[] bytes = body instanceof byte[] raw ? raw : mapper.writeValueAsBytes(body);
        // Channels are not thread-safe for publishing.
        synchronized (channel) {
            channel.basicPublish(Topology.COMMANDS_EXCHANGE, routingKey, properties, bytes);
        }
        return reply;
    }

    /** Sends and waits (at most 30 s) for the reply. */
    public Reply request(String routingKey, Object body, String correlationId) throws Exception {
        return send(routingKey, body, correlationId).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException ignored) {
            // the reply queue is exclusive and goes with the connection anyway
        }
    }
}
