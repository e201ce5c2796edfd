package dev.taxbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.TaxBridgeApplication;
import dev.taxbridge.messaging.Topology;
import dev.taxbridge.simulator.AvataxSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the end-to-end tests: the whole bridge (routes from routes/, settings from config/) on the
 * local profile's simulator, against the real RabbitMQ on 127.0.0.1:5672, in the suite's own vhost and
 * on free ports ({@link SuiteBroker}). Every test uses fresh document ids, so the suite can also run twice
 * in a row in one vhost given with {@code -Dbridge.test.vhost}.
 */
@CamelSpringBootTest
@SpringBootTest(classes = TaxBridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("local")
@TestPropertySource(locations = "classpath:bridge-test.properties")
public abstract class BridgeIntegrationTest {

    @Autowired
    protected RabbitTemplate rabbit;

    @Autowired
    protected ConnectionFactory connectionFactory;

    @Autowired
    protected ObjectMapper mapper;

    @Autowired
    protected AvataxSimulator simulator;

    @Autowired
    private org.springframework.context.ConfigurableApplicationContext context;

    @org.springframework.beans.factory.annotation.Value("${server.port}")
    protected int port;

    protected EventCollector events;
    protected DeadLetterProbe deadLetters;
    protected WebhookReceiver webhooks = WebhookReceiver.get();

    /** Before the first context starts: the suite's vhost and ports, which bridge-test.properties reads. */
    @DynamicPropertySource
    static void suiteBroker(DynamicPropertyRegistry registry) {
        SuiteBroker.prepare();
    }

    @BeforeEach
    void collectEvents() throws IOException {
        SuiteBroker.started(context);
        events = new EventCollector(connectionFactory, mapper);
        deadLetters = new DeadLetterProbe(rabbit);
    }

    protected AdminClient admin() {
        return new AdminClient(port);
    }

    @AfterEach
    void stopCollecting() {
        events.close();
        simulator.faults().clear();
        events.assertMatchContract();
        WebhookReceiver.assertMatchContract();
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Publishes a command on tax.commands as a producer would: persistent JSON with a message id. */
    protected void publish(String routingKey, Object body, String messageId) {
        publish(routingKey, body instanceof byte[] bytes ? bytes : json(body), messageId, Map.of());
    }

    protected void publish(String routingKey, byte[] body, String messageId, Map<String, Object> headers) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        if (messageId != null) {
            properties.setMessageId(messageId);
        }
        headers.forEach(properties::setHeader);
        rabbit.send(Topology.COMMANDS_EXCHANGE, routingKey, new Message(body, properties));
    }

    protected byte[] json(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Developer Guide 2.2.1 sample invoice with a fresh lago_id. */
    protected ObjectNode sampleInvoice(String lagoId) {
        try (InputStream in = getClass().getResourceAsStream("/samples/invoice-2.2.1.json")) {
            ObjectNode command = (ObjectNode) mapper.readTree(in);
            ((ObjectNode) command.get("invoice")).put("lago_id", lagoId);
            return command;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
