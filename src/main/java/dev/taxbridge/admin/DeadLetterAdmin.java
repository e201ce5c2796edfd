package dev.taxbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.taxbridge.avatax.SecretRedactor;
import dev.taxbridge.logging.LogMasking;
import dev.taxbridge.messaging.CopyHeaders;
import dev.taxbridge.messaging.RoutedPublish;
import dev.taxbridge.messaging.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.ChannelCallback;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operator's view of the dead-letter queues: count, list without consuming, replay to the command
 * exchange and a routing key the bridge serves ({@link ReplayTargets}), discard. Messages are taken with
 * basic.get and held unacked while a call runs, so nothing is lost if the bridge dies mid-call.
 * <p>
 * The ones a call keeps are put back by publishing a copy to the end of the DLQ (confirmed,
 * mandatory) and acknowledging the one taken, never by a requeue: RabbitMQ 4.0 and later count each
 * requeue of a quorum queue message toward a delivery limit (20 by default) and drop the message when
 * it is spent, so a parked message listed 20 times by get-and-requeue was gone (docs/rabbitmq-versions.md).
 * A copy starts with no deliveries spent. Taking every message and putting all back in order keeps
 * the queue's order. A replayed message is acknowledged only after its republish is confirmed.
 */
@Component
public class DeadLetterAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterAdmin.class);
    public static final Set<String> QUEUES = Set.of(Topology.dlq(Topology.INVOICES), Topology.dlq(Topology.CUSTOMERS),
            Topology.dlq(Topology.WEBHOOKS));

    private final RabbitTemplate rabbit;
    private final ObjectMapper mapper;
    private final long confirmTimeoutMillis;
    private final int maxScan;
    private final SecretRedactor redactor;
    /**
     * Every call takes all of a DLQ's messages and puts them back: two at once on the same DLQ would each
     * see only part of it (and could interleave the order). Calls on one DLQ take turns in this bridge.
     */
    private final Map<String, Object> turns = QUEUES.stream()
            .collect(java.util.stream.Collectors.toMap(queue -> queue, queue -> new Object()));

    public DeadLetterAdmin(RabbitTemplate rabbit, ObjectMapper mapper, SecretRedactor redactor,
            @Value("${tax.publish.confirm-timeout:10s}") Duration confirmTimeout,
            @Value("${tax.admin.max-scan:10000}") int maxScan) {
        this.rabbit = rabbit;
        this.mapper = mapper;
        this.redactor = redactor;
        this.confirmTimeoutMillis = confirmTimeout.toMillis();
        this.maxScan = maxScan;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ParkedMessage(String messageId, String routingKey, String errorCode, String errorMessage,
            String failedAt, Object attempts, String connection, Map<String, String> objectIds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReplayResult(String queue, int matched, int replayed, int refused, int remaining) {
    }

    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String queue : QUEUES.stream().sorted().toList()) {
            counts.put(queue, rabbit.execute(channel -> (long) channel.queueDeclarePassive(queue).getMessageCount()));
        }
        return counts;
    }

    /**
     * One message of a DLQ as it is parked: its description, its AMQP properties and headers, and its
     * body as text, every configured secret and credential-shaped text masked.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ParkedDetail(ParkedMessage message, Map<String, String> properties, Map<String, String> headers,
            String body) {
    }

    /** Messages of a DLQ per error code ({@code none} for a message parked without one). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ErrorCodes(String queue, int total, Map<String, Integer> errorCodes) {
    }

    public List<ParkedMessage> list(String queue, int limit) {
        return list(queue, 0, limit, message -> true);
    }

    /** The page of {@code limit} chosen messages from the {@code offset}-th on, in the queue's order. */
    public List<ParkedMessage> list(String queue, int offset, int limit, Predicate<ParkedMessage> chosen) {
        String dlq = resolve(queue);
        return exclusive(dlq, channel -> {
            // All of them, not only the first `limit`: putting back the ones shown alone would move them
            // behind the rest.
            List<GetResponse> held = take(channel, dlq, maxScan);
            List<ParkedMessage> shown = held.stream().map(this::describe).filter(chosen).skip(offset).limit(limit)
                    .toList();
            putBack(channel, dlq, held);
            return shown;
        });
    }

    public ErrorCodes errorCodes(String queue) {
        String dlq = resolve(queue);
        return exclusive(dlq, channel -> {
            List<GetResponse> held = take(channel, dlq, maxScan);
            Map<String, Integer> codes = new java.util.TreeMap<>();
            for (GetResponse response : held) {
                String code = describe(response).errorCode();
                codes.merge(code == null ? "none" : code, 1, Integer::sum);
            }
            putBack(channel, dlq, held);
            return new ErrorCodes(dlq, held.size(), codes);
        });
    }

    /** @return the first parked message with that id, or empty */
    public java.util.Optional<ParkedDetail> show(String queue, String messageId) {
        String dlq = resolve(queue);
        return exclusive(dlq, channel -> {
            List<GetResponse> held = take(channel, dlq, maxScan);
            java.util.Optional<ParkedDetail> found = held.stream()
                    .filter(response -> messageId.equals(response.getProps().getMessageId()))
                    .findFirst().map(this::detail);
            putBack(channel, dlq, held);
            return found;
        });
    }

    private ParkedDetail detail(GetResponse response) {
        AMQP.BasicProperties props = response.getProps();
        Map<String, String> properties = new LinkedHashMap<>();
        putIfSet(properties, "message_id", props.getMessageId());
        putIfSet(properties, "content_type", props.getContentType());
        putIfSet(properties, "content_encoding", props.getContentEncoding());
        putIfSet(properties, "correlation_id", props.getCorrelationId());
        putIfSet(properties, "type", props.getType());
        putIfSet(properties, "app_id", props.getAppId());
        putIfSet(properties, "timestamp", props.getTimestamp() == null ? null : props.getTimestamp().toInstant().toString());
        putIfSet(properties, "delivery_mode", props.getDeliveryMode() == null ? null : props.getDeliveryMode().toString());
        Map<String, String> headers = new java.util.TreeMap<>();
        headers(response).forEach((name, value) -> headers.put(masked(name), masked(text(value))));
        String body = new String(response.getBody(), java.nio.charset.StandardCharsets.UTF_8);
        return new ParkedDetail(describe(response), properties, headers, masked(body));
    }

    private void putIfSet(Map<String, String> properties, String name, String value) {
        if (value != null) {
            properties.put(name, masked(value));
        }
    }

    /** The bridge's own secrets, then anything shaped like a credential (a producer's, a receiver's). */
    private String masked(String text) {
        return text == null ? null : LogMasking.mask(redactor.redact(text));
    }

    /**
     * Republishes the chosen messages (without the parking headers) to the command exchange and removes
     * them from the DLQ. A chosen message whose routing key the bridge does not serve is refused: it
     * stays parked and is counted in {@code refused}.
     */
    public ReplayResult replay(String queue, Predicate<ParkedMessage> chosen) {
        String dlq = resolve(queue);
        return exclusive(dlq, channel -> {
            List<GetResponse> held = take(channel, dlq, maxScan);
            List<GetResponse> replay = new ArrayList<>();
            List<GetResponse> keep = new ArrayList<>();
            int matched = 0;
            for (GetResponse response : held) {
                ParkedMessage parked = describe(response);
                boolean wanted = chosen.test(parked);
                matched += wanted ? 1 : 0;
                boolean allowed = ReplayTargets.of(dlq, parked.routingKey()).isPresent();
                if (wanted && !allowed) {
                    LOG.warn("Replay of {} from {} refused: routing key '{}' is not one the bridge serves",
                            parked.messageId(), dlq, parked.routingKey());
                }
                (wanted && allowed ? replay : keep).add(response);
            }
            // Mandatory: a replay the broker cannot route (no binding for its key any more) must keep
            // the parked copy, not be confirmed and dropped.
            try (RoutedPublish publish = new RoutedPublish(channel)) {
                for (GetResponse response : replay) {
                    ReplayTargets.Target target = ReplayTargets.of(dlq, describe(response).routingKey()).orElseThrow();
                    publish.publish(target.exchange(), target.routingKey(), stripped(response.getProps()),
                            response.getBody());
                }
                publish.confirm(confirmTimeoutMillis);
            } catch (IOException | java.util.concurrent.TimeoutException | InterruptedException
                    | AmqpException | ShutdownSignalException e) {
                handBack(channel, held, e);
                LOG.warn("Replay from {} not done, nothing removed: {}", dlq, e.getMessage());
                String reason = e instanceof RoutedPublish.Unroutable unroutable
                        ? unroutable.getMessage() + "; nothing was removed"
                        : "the broker did not confirm the replay; nothing was removed";
                throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, reason);
            }
            for (GetResponse response : replay) {
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
            }
            putBack(channel, dlq, keep);
            LOG.info("Replayed {} of {} parked message(s) from {}", replay.size(), held.size(), dlq);
            return new ReplayResult(dlq, matched, replay.size(), matched - replay.size(), keep.size());
        });
    }

    /** @return whether a message with that id was found (and removed) */
    public boolean discard(String queue, String messageId) {
        String dlq = resolve(queue);
        return exclusive(dlq, channel -> {
            List<GetResponse> held = take(channel, dlq, maxScan);
            List<GetResponse> keep = new ArrayList<>();
            boolean found = false;
            for (GetResponse response : held) {
                if (messageId.equals(response.getProps().getMessageId())) {
                    channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                    found = true;
                } else {
                    keep.add(response);
                }
            }
            putBack(channel, dlq, keep);
            if (found) {
                LOG.info("Discarded parked message {} from {}", messageId, dlq);
            }
            return found;
        });
    }

    private <T> T exclusive(String dlq, ChannelCallback<T> work) {
        synchronized (turns.get(dlq)) {
            return rabbit.execute(work);
        }
    }

    /** Accepts the DLQ name or its work queue's name. */
    static String resolve(String queue) {
        String dlq = queue != null && queue.endsWith(Topology.DLQ_SUFFIX) ? queue : Topology.dlq(String.valueOf(queue));
        if (!QUEUES.contains(dlq)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead-letter queue '" + queue + "'");
        }
        return dlq;
    }

    private List<GetResponse> take(Channel channel, String queue, int limit) throws IOException {
        long depth = channel.queueDeclarePassive(queue).getMessageCount();
        List<GetResponse> held = new ArrayList<>();
        for (long i = 0; i < Math.min(depth, limit); i++) {
            GetResponse response = channel.basicGet(queue, false);
            if (response == null) {
                break;
            }
            held.add(response);
        }
        return held;
    }

    /**
     * Puts the held messages back at the end of their DLQ as fresh copies (nothing spent of a delivery
     * limit), then acknowledges the ones taken. A crash between the two leaves a duplicate, never a
     * loss; if the broker does not confirm the copies, the ones taken are returned as they are.
     */
    private void putBack(Channel channel, String dlq, List<GetResponse> held) throws IOException {
        if (held.isEmpty()) {
            return;
        }
        try (RoutedPublish publish = new RoutedPublish(channel)) {
            for (GetResponse response : held) {
                publish.publish("", dlq, unspent(response.getProps()), response.getBody());
            }
            publish.confirm(confirmTimeoutMillis);
        } catch (IOException | java.util.concurrent.TimeoutException | InterruptedException
                | AmqpException | ShutdownSignalException e) {
            handBack(channel, held, e);
            LOG.warn("Could not put {} message(s) back into {} as copies; returned them instead: {}", held.size(),
                    dlq, e.getMessage());
            return;
        }
        for (GetResponse response : held) {
            channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
        }
    }

    /** The fallback when copies cannot be made: the broker's requeue (one delivery spent). */
    /** After a failed publish: the held messages go back to their queue, as they were. */
    private static void handBack(Channel channel, List<GetResponse> held, Exception failure) throws IOException {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        // A closed channel hands its unacknowledged messages back by itself.
        if (channel.isOpen()) {
            requeue(channel, held);
        }
    }

    private static void requeue(Channel channel, List<GetResponse> held) throws IOException {
        for (GetResponse response : held) {
            channel.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
        }
    }

    /** The parked message as it was, without the broker's count of its deliveries. */
    private static AMQP.BasicProperties unspent(AMQP.BasicProperties properties) {
        if (properties.getHeaders() == null || !properties.getHeaders().containsKey("x-delivery-count")) {
            return properties;
        }
        Map<String, Object> headers = new HashMap<>(properties.getHeaders());
        headers.remove("x-delivery-count");
        return properties.builder().headers(headers).build();
    }

    ParkedMessage describe(GetResponse response) {
        Map<String, Object> headers = headers(response);
        return new ParkedMessage(response.getProps().getMessageId(), originalRoutingKey(headers, response),
                text(headers.get("x-error-code")), text(headers.get("x-error-message")),
                text(headers.get("x-failed-at")), headers.get("x-attempts"), text(headers.get("x-connection")),
                objectIds(response.getBody()));
    }

    private Map<String, String> objectIds(byte[] body) {
        Map<String, String> ids = new LinkedHashMap<>();
        try {
            JsonNode json = mapper.readTree(body);
            for (String object : List.of("invoice", "credit_note", "fee", "customer")) {
                JsonNode node = json.path(object);
                if (node.hasNonNull("lago_id")) {
                    ids.put(object, node.get("lago_id").asText());
                }
            }
            if (json.path("customer").hasNonNull("external_id")) {
                ids.put("external_customer_id", json.path("customer").get("external_id").asText());
            }
            if (json.hasNonNull("lago_id")) {
                ids.put("lago_id", json.get("lago_id").asText());
            }
        } catch (IOException | RuntimeException notJson) {
            // an unreadable body has no ids to show; its error code says why it was parked
        }
        return ids;
    }

    private static Map<String, Object> headers(GetResponse response) {
        Map<String, Object> headers = response.getProps().getHeaders();
        return headers == null ? Map.of() : headers;
    }

    /**
     * The routing key the message came with: parked by the bridge, its x-original-routing-key;
     * dead-lettered by the broker, the x-death record. Only a claim, checked by {@link ReplayTargets}.
     */
    private static String originalRoutingKey(Map<String, Object> headers, GetResponse response) {
        if (headers.containsKey("x-original-routing-key")) {
            return text(headers.get("x-original-routing-key"));
        }
        Map<?, ?> death = firstDeath(headers);
        if (death != null && death.get("routing-keys") instanceof List<?> keys && !keys.isEmpty()) {
            return text(keys.get(0));
        }
        return response.getEnvelope().getRoutingKey();
    }

    private static Map<?, ?> firstDeath(Map<String, Object> headers) {
        return headers.get("x-death") instanceof List<?> deaths && !deaths.isEmpty() && deaths.get(0) instanceof Map<?, ?> d
                ? d : null;
    }

    private static AMQP.BasicProperties stripped(AMQP.BasicProperties properties) {
        Map<String, Object> headers = new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
        headers.keySet().removeAll(CopyHeaders.PARKING);
        // A replay starts with a fresh patience for AvaTax outages.
        headers.keySet().removeAll(CopyHeaders.WAITING);
        headers.remove("x-death");
        headers.remove("x-delivery-count");
        headers.put("x-replayed-at", java.time.Instant.now().toString());
        return properties.builder().headers(headers).deliveryMode(2).build();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
