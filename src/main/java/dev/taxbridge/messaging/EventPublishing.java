package dev.taxbridge.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.stereotype.Component;

/** Prepares an {@link OutcomeEvent} for the spring-rabbitmq producer: routing key, properties, JSON body. */
@Component
public class EventPublishing {

    public static final String ROUTING_KEY_HEADER = "CamelSpringRabbitmqRoutingOverrideKey";

    private final ObjectMapper mapper;

    public EventPublishing(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] prepare(Exchange exchange) throws JsonProcessingException {
        OutcomeEvent event = exchange.getMessage().getBody(OutcomeEvent.class);
        Message message = exchange.getMessage();
        message.setHeader(ROUTING_KEY_HEADER, event.name());
        message.setHeader("CamelSpringRabbitmqContentType", "application/json");
        message.setHeader("CamelSpringRabbitmqMessageId", event.eventId());
        message.setHeader("CamelSpringRabbitmqType", event.name());
        if (event.sourceMessageId() != null) {
            message.setHeader("x-source-message-id", event.sourceMessageId());
        }
        // Lets a subscriber see how long the bridge held the command (retries included).
        Long receivedAt = exchange.getProperty(CommandEnvelope.RECEIVED_AT, Long.class);
        if (receivedAt != null) {
            message.setHeader("x-received-at", receivedAt);
        }
        return mapper.writeValueAsBytes(event.body());
    }

    /**
     * The broker nacked the event or did not confirm it in time: raised as an {@link AmqpTimeoutException}
     * so that the command counts it as a broker failure (back to its queue), not as an AvaTax timeout.
     */
    public void notConfirmed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String name = exchange.getMessage().getHeader("CamelSpringRabbitmqType", String.class);
        throw new AmqpTimeoutException("the broker did not confirm event " + name + " (nacked or timed out)", cause);
    }
}
