package dev.taxbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.taxbridge.messaging.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Listens to everything published on tax.events through an exclusive, auto-deleted queue, on a
 * connection of its own: a firehose consumer on the bridge's shared connection would compete with
 * the bridge for that connection's dispatch threads and distort what the tests measure.
 *
 * <p>Every event the bridge publishes (an AMQP {@code type}, the event name, is what marks it as the
 * bridge's; probes the tests publish have none, or a name starting with {@code test.}) is checked against its schema in docs/schemas, body and
 * headers: {@link #assertMatchContract()}, run after every end-to-end test, fails on an event with a field
 * its schema does not declare, a wrong type, a missing required field or no schema at all.
 */
public class EventCollector implements AutoCloseable {

    public record Event(String name, JsonNode body, AMQP.BasicProperties properties) {
    }

    /** The names of the events the tests push through the bridge's publisher themselves. */
    public static final String TEST_PROBE = "test.";

    private final List<Event> received = new CopyOnWriteArrayList<>();
    private final List<String> contractViolations = new CopyOnWriteArrayList<>();
    private final com.rabbitmq.client.Connection connection;
    private final Channel channel;

    public EventCollector(ConnectionFactory factory, ObjectMapper mapper) throws IOException {
        try {
            connection = ((org.springframework.amqp.rabbit.connection.AbstractConnectionFactory) factory)
                    .getRabbitConnectionFactory().newConnection("test-event-collector");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
        channel = connection.createChannel();
        // Passive: the exchange must be the bridge's own declaration (a test that removed it restores it
        // with RabbitAdmin.initialize() first); a collector that declared it would hide its absence.
        channel.exchangeDeclarePassive(Topology.EVENTS_EXCHANGE);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, Topology.EVENTS_EXCHANGE, "#");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                Event event = new Event(envelope.getRoutingKey(), mapper.readTree(body), properties);
                if (properties.getType() != null && !event.name().startsWith(TEST_PROBE)) {
                    contractViolations.addAll(violations(event));
                }
                received.add(event);
            }
        });
    }

    public List<Event> named(String name, Predicate<JsonNode> filter) {
        return received.stream().filter(e -> e.name().equals(name) && filter.test(e.body())).toList();
    }

    public List<Event> all() {
        return List.copyOf(received);
    }

    /** Waits until {@code count} events of that name match, then returns them. */
    public List<Event> await(String name, Predicate<JsonNode> filter, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> named(name, filter).size() >= count);
        return named(name, filter);
    }

    public Event awaitOne(String name, Predicate<JsonNode> filter) {
        return await(name, filter, 1).get(0);
    }

    /** What an event of the bridge does wrong against docs/schemas (its body and its headers). */
    public static List<String> violations(Event event) {
        ContractSchemas schemas = ContractSchemas.get();
        List<String> found = new java.util.ArrayList<>();
        String where = event.name() + " " + event.body().path("event_id").asText("");
        if (!event.name().equals(event.properties().getType())) {
            found.add(where + ": AMQP type '" + event.properties().getType() + "' is not the routing key");
        }
        schemas.violations(ContractSchemas.eventSchema(event.name()), event.body())
                .forEach(v -> found.add(where + ": " + v));
        schemas.violations("headers/event.json", schemas.headers(event.properties().getHeaders()))
                .forEach(v -> found.add(where + " headers: " + v));
        return found;
    }

    /** The shared assertion: every event of the bridge received so far matches its schema. */
    public void assertMatchContract() {
        if (!contractViolations.isEmpty()) {
            throw new AssertionError("events that do not match docs/schemas:\n  " + String.join("\n  ", contractViolations));
        }
    }

    public static Predicate<JsonNode> field(String pointer, String value) {
        return body -> value.equals(body.at(pointer).asText(null));
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception alreadyClosed) {
            // the queue is exclusive and goes with the connection either way
        }
    }
}
