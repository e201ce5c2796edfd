package dev.taxbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.taxbridge.messaging.BrokerConnections;
import dev.taxbridge.ops.OperationsMetrics;
import java.io.IOException;
import java.time.Instant;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitOperations;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code tax.audit} stream: one JSON record per AvaTax call (see {@link AvataxCallRecorder}), and
 * reading them all back for the reconciliation.
 *
 * <p>Records are written in batches: a writer thread takes what the calls appended and publishes it as
 * one message, a JSON array of records ({@code type: avatax.calls}), at most
 * {@code tax.audit.batch-size} records and {@code tax.audit.linger} after the first. A message per record
 * cost the broker a stream write per AvaTax call, a quarter of the bridge's throughput
 * (docs/performance.md). Appending does not wait for the broker: an AvaTax call must not pay a broker
 * round trip for its record (the command's outcome is confirmed anyway). The confirm arrives later and
 * is counted per record in {@code tax_audit_records_total{outcome}}; a batch the broker refused, could not
 * route or never took is counted and logged (without its bodies), and the calls go on.
 */
@Component
public class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /** AMQP {@code type} of a message holding one record, and the {@code type} field of every record. */
    public static final String CALL = "avatax.call";
    /** AMQP {@code type} of a message holding a JSON array of records (what the bridge writes). */
    public static final String CALLS = "avatax.calls";
    /** AMQP {@code type} of the marker a reader appends to know where "now" is in the stream. */
    public static final String MARKER = "audit.read_marker";

    private final RabbitTemplate rabbit;
    private final BrokerConnections connections;
    private final ObjectMapper mapper;
    private final OperationsMetrics metrics;
    private final AuditProperties properties;
    private final BlockingQueue<byte[]> pending;
    private final Thread writer;
    private volatile boolean running = true;
    /** Records appended and not yet confirmed (or counted lost): a reader waits for them first. */
    private final AtomicInteger unsettled = new AtomicInteger();

    public AuditTrail(CachingConnectionFactory factory, BrokerConnections connections, ObjectMapper mapper,
            OperationsMetrics metrics, AuditProperties properties) {
        // A template of its own: mandatory, so a batch nothing routes (the stream deleted) comes back as
        // a return instead of being confirmed and dropped; the return is read from the CorrelationData.
        this.rabbit = new RabbitTemplate(factory);
        this.rabbit.setMandatory(true);
        this.rabbit.setReturnsCallback(returned -> { });
        this.connections = connections;
        this.mapper = mapper;
        this.metrics = metrics;
        this.properties = properties;
        this.pending = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.writer = new Thread(this::writeBatches, "tax-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Appends one call record (its JSON bytes) for the writer, without waiting: it runs on a
     * {@code Continuations} thread, which must never wait for the broker. When the writer is that far behind
     * (the broker is gone), the call goes on at once without its record, counted as {@code dropped}.
     */
    public void append(byte[] record, String method, String path) {
        unsettled.incrementAndGet();
        if (!pending.offer(record)) {
            unsettled.decrementAndGet();
            metrics.auditRecord("dropped");
            LOG.warn("AvaTax call not audited ({} {}): {} records wait for the broker", method, path, pending.size());
        }
    }

    private void writeBatches() {
        while (running || !pending.isEmpty()) {
            try {
                // One channel for every batch, so the stream keeps the order in which the calls were
                // made (two cached channels may overtake each other); a new one after a broker failure.
                rabbit.invoke(operations -> {
                    writeOnOneChannel(operations);
                    return null;
                });
            } catch (RuntimeException brokerGone) {
                LOG.debug("audit writer: {}", brokerGone.getClass().getSimpleName());
                try {
                    TimeUnit.MILLISECONDS.sleep(500);
                } catch (InterruptedException e) {
                    running = false;
                }
            }
        }
    }

    /** Writes batches until the bridge stops or a publish fails (the channel is then given up). */
    private void writeOnOneChannel(RabbitOperations operations) {
        List<byte[]> batch = new ArrayList<>(properties.batchSize());
        while (running || !pending.isEmpty()) {
            try {
                byte[] first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long lingerEnd = System.nanoTime() + properties.linger().toNanos();
                while (batch.size() < properties.batchSize()) {
                    byte[] next = pending.poll(Math.max(0, lingerEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                if (!publish(operations, batch)) {
                    return;
                }
            } catch (InterruptedException e) {
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private boolean publish(RabbitOperations operations, List<byte[]> batch) {
        int records = batch.size();
        int length = 2 + records;
        for (byte[] record : batch) {
            length += record.length;
        }
        byte[] body = new byte[length];
        int at = 0;
        body[at++] = '[';
        for (int i = 0; i < records; i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            System.arraycopy(batch.get(i), 0, body, at, batch.get(i).length);
            at += batch.get(i).length;
        }
        body[at++] = ']';
        MessageProperties message = new MessageProperties();
        message.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        message.setType(CALLS);
        message.setMessageId(UUID.randomUUID().toString());
        message.setTimestamp(new Date());
        message.setHeader("x-records", records);
        CorrelationData confirm = new CorrelationData(message.getMessageId());
        try {
            operations.send("", AuditTopology.STREAM, new Message(Arrays.copyOf(body, at), message), confirm);
        } catch (RuntimeException failed) {
            unsettled.addAndGet(-records);
            metrics.auditRecord("failed", records);
            LOG.warn("{} AvaTax call records not audited: {}", records, failed.getClass().getSimpleName());
            return false;
        }
        confirm.getFuture().whenComplete((answer, error) -> {
            unsettled.addAndGet(-records);
            boolean acked = error == null && answer != null && answer.isAck();
            String outcome = !acked ? "nacked" : confirm.getReturned() != null ? "unroutable" : "confirmed";
            metrics.auditRecord(outcome, records);
            if (!"confirmed".equals(outcome)) {
                LOG.warn("{} AvaTax call records were lost ({})", records, outcome);
            }
        });
        return true;
    }

    /** Until the records appended so far are in the stream (or counted lost), so a reader sees them. */
    private void awaitSettled(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (unsettled.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** Writes what is still waiting before the bridge stops. */
    @PreDestroy
    void flush() throws InterruptedException {
        running = false;
        writer.join(5_000);
    }

    /**
     * Reads every call record in the stream, oldest first, up to now: appends a marker (confirmed), then
     * consumes from the first offset until the marker comes back. Runs on a connection of its own.
     */
    public void readAll(Consumer<JsonNode> each) throws IOException, InterruptedException {
        long timeout = properties.readTimeout().toMillis();
        awaitSettled(timeout);
        String marker = UUID.randomUUID().toString();
        try (Connection connection = connections.open("tax-audit-reader");
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
                            } else if (CALLS.equals(props.getType()) && !done.isDone()) {
                                mapper.readTree(delivery.getBody()).forEach(each);
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
