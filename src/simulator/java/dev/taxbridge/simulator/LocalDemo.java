package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.messaging.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The local profile's walk-through: once the bridge is up, publish the AvaTax Developer Guide's
 * case 2.2.1 invoice as {@code invoice.draft} and {@code invoice.finalized}, and print the events
 * that come back, so a newcomer sees the whole flow with one command.
 */
@Component
@ConditionalOnProperty(name = "avatax.simulator.demo", havingValue = "true")
public class LocalDemo {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDemo.class);

    private final RabbitTemplate rabbit;
    private final ConnectionFactory connections;
    private final ObjectMapper mapper;

    public LocalDemo(RabbitTemplate rabbit, ConnectionFactory connections, ObjectMapper mapper) {
        this.rabbit = rabbit;
        this.connections = connections;
        this.mapper = mapper;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void publishSample() throws IOException, InterruptedException {
        byte[] invoice;
        try (InputStream in = getClass().getResourceAsStream("/samples/invoice-2.2.1.json")) {
            invoice = in.readAllBytes();
        }
        AnonymousQueue queue = new AnonymousQueue();
        RabbitAdmin admin = new RabbitAdmin(connections);
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange(Topology.EVENTS_EXCHANGE)).with("invoice.#"));
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        SimpleMessageListenerContainer listener = new SimpleMessageListenerContainer(connections);
        listener.setQueues(queue);
        listener.setMessageListener(message -> {
            try {
                events.add(mapper.readTree(message.getBody()));
            } catch (IOException unreadable) {
                LOG.warn("Demo: an event was not JSON");
            }
        });
        listener.start();
        try {
            for (String command : new String[] {"invoice.draft", "invoice.finalized"}) {
                MessageProperties properties = new MessageProperties();
                properties.setContentType("application/json");
                properties.setMessageId("demo-" + command);
                rabbit.send(Topology.COMMANDS_EXCHANGE, command, new org.springframework.amqp.core.Message(invoice,
                        properties));
                JsonNode event = events.poll(30, TimeUnit.SECONDS);
                LOG.info("Demo: published the Developer Guide 2.2.1 invoice as {}; the bridge answered:\n{}", command,
                        event == null ? "(nothing within 30 s)" : mapper.writerWithDefaultPrettyPrinter()
                                .writeValueAsString(event));
            }
        } finally {
            listener.stop();
            admin.deleteQueue(queue.getName());
        }
    }
}
