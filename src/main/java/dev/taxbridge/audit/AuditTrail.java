package dev.taxbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.taxbridge.ops.OperationsMetrics;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code tax.audit} stream: one JSON record per AvaTax call (see {@link AvataxCallRecorder}), and
 * reading them all back for the reconciliation.
 *
 * <p>Appending does not wait for the broker: an AvaTax call must not pay a broker round trip for its
 * audit record (the command's outcome is confirmed anyway). The confirm arrives later and is counted in
 * {@code tax_audit_records_total{outcome}}; a record the broker refused, could not route or never took
 * is counted and logged (without its bodies), and the call goes on.
 */
@Component
public class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /** AMQP {@code type} of a call record. */
    public static final String CALL = "avatax.call";
    /** AMQP {@code type} of the marker a reader appends to know where "now" is in the stream. */
    public static final String MARKER = "audit.read_marker";

    private final RabbitTemplate rabbit;
    private final CachingConnectionFactory connections;
    private final ObjectMapper mapper;
    private final OperationsMetrics metrics;
    private final AuditProperties properties;

    public AuditTrail(CachingConnectionFactory connections, ObjectMapper mapper, OperationsMetrics metrics,
            AuditProperties properties) {
        // A template of its own: mandatory, so a record nothing routes (the stream deleted) comes back as
        // a return instead of being confirmed and dropped; the return is read from the CorrelationData.
        this.rabbit = new RabbitTemplate(connections);
        this.rabbit.setMandatory(true);
        this.rabbit.setReturnsCallback(returned -> { });
        this.connections = connections;
        this.mapper = mapper;
        this.metrics = metrics;
        this.properties = properties;
    }

    /**
     * Appends one call record (its JSON bytes); {@code headers} (connection, document code, message id) let
     * readers filter; {@code method} and {@code path} name the call in a warning (never its bodies).
     */
    public void append(byte[] record, Map<String, String> headers, String method, String path) {
        MessageProperties message = new MessageProperties();
        message.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        message.setType(CALL);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // A random id without SecureRandom, which UUID.randomUUID() takes on every record.
        message.setMessageId(new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString());
        message.setTimestamp(new Date());
        headers.forEach((name, value) -> {
            if (value != null) {
                message.setHeader(name, value);
            }
        });
        CorrelationData confirm = new CorrelationData(message.getMessageId());
        try {
            rabbit.send("", AuditTopology.STREAM, new Message(record, message), confirm);
        } catch (AmqpException failed) {
            metrics.auditRecord("failed");
            LOG.warn("AvaTax call not audited ({} {}): {}", method, path, failed.getClass().getSimpleName());
            return;
        }
        confirm.getFuture().whenComplete((answer, error) -> {
            boolean acked = error == null && answer != null && answer.isAck();
            String outcome = !acked ? "nacked" : confirm.getReturned() != null ? "unroutable" : "confirmed";
            metrics.auditRecord(outcome);
            if (!"confirmed".equals(outcome)) {
                LOG.warn("The audit record of {} {} was lost ({})", method, path, outcome);
            }
        });
    }

    /**
     * Reads every call record in the stream, oldest first, up to now: appends a marker (confirmed), then
     * consumes from the first offset until the marker comes back. Runs on a connection of its own.
     */
    public void readAll(Consumer<JsonNode> each) throws IOException, InterruptedException {
        long timeout = properties.readTimeout().toMillis();
        String marker = UUID.randomUUID().toString();
        try (Connection connection = connections.getRabbitConnectionFactory().newConnection("tax-audit-reader");
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            byte[] body = mapper.writeValueAsBytes(Map.of("type", MARKER, "at", Instant.now().toString()));
            channel.basicPublish("", AuditTopology.STREAM, new AMQP.BasicProperties.Builder().type(MARKER)
                    .messageId(marker).contentType(MessageProperties.CONTENT_TYPE_JSON).build(), body);
            channel.waitForConfirmsOrDie(timeout);
            channel.basicQos(properties.readPrefetch());
            CompletableFuture<Void> done = new CompletableFuture<>();
            String tag = channel.basicConsume(AuditTopology.STREAM, false, Map.of("x-stream-offset", "first"),
                    (consumerTag, delivery) -> {
                        try {
                            AMQP.BasicProperties props = delivery.getProperties();
                            if (marker.equals(props.getMessageId())) {
                                done.complete(null);
                            } else if (CALL.equals(props.getType()) && !done.isDone()) {
                                each.accept(mapper.readTree(delivery.getBody()));
                            }
                            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                        } catch (RuntimeException | IOException unreadable) {
                            done.completeExceptionally(unreadable);
                        }
                    }, consumerTag -> done.completeExceptionally(new IOException("the audit stream consumer was cancelled")));
            try {
                done.get(timeout, TimeUnit.MILLISECONDS);
            } catch (ExecutionException failed) {
                throw new IOException("reading the audit stream failed: " + failed.getCause().getMessage(), failed.getCause());
            } catch (java.util.concurrent.TimeoutException slow) {
                throw new IOException("reading the audit stream took longer than tax.audit.read-timeout ("
                        + properties.readTimeout() + ")");
            } finally {
                if (channel.isOpen()) {
                    channel.basicCancel(tag);
                }
            }
        } catch (java.util.concurrent.TimeoutException notConfirmed) {
            throw new IOException("the broker did not confirm the audit read marker", notConfirmed);
        }
    }
}
