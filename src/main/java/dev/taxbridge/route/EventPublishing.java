package dev.taxbridge.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.messaging.Topology;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Publishes an {@link OutcomeEvent} on {@code tax.events} (routing key = event name, JSON body,
 * {@code message_id} = the event id, {@code type} = the event name, headers {@code x-source-message-id}
 * and {@code x-received-at}), the {@code event-publish} route's one step ({@code process: {ref:
 * publishEvent}}), without waiting for the broker: the route goes on when the broker confirms the event
 * (publisher confirms, correlated), on a thread of {@link Continuations}. A command is still
 * acknowledged only after its outcome is confirmed; no thread is held while the broker writes it.
 *
 * <p>A nack (a queue refused it), no confirm within {@code tax.publish.confirm-timeout-ms}, or a publish
 * that could not be sent fails the exchange with an {@link org.springframework.amqp.AmqpException}: a
 * broker failure (the command goes back to its queue), never an AvaTax timeout.
 */
@Component("publishEvent")
public class EventPublishing extends AsyncProcessorSupport {

    private final RabbitTemplate rabbit;
    private final ObjectMapper mapper;
    private final Continuations continuations;
    private final long confirmTimeoutMillis;

    public EventPublishing(ConnectionFactory connections, ObjectMapper mapper, Continuations continuations,
            @Value("${tax.publish.confirm-timeout-ms}") long confirmTimeoutMillis) {
        // A template of its own (publisher confirms: correlated), publishing on the connection factory's
        // publisher connection: the consumers' acknowledgements and the events do not queue for one socket,
        // and a broker blocking publishers (memory alarm) does not hold up the acknowledgements.
        this.rabbit = new RabbitTemplate(connections);
        this.rabbit.setUsePublisherConnection(true);
        this.mapper = mapper;
        this.continuations = continuations;
        this.confirmTimeoutMillis = confirmTimeoutMillis;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        OutcomeEvent event;
        CorrelationData confirm;
        try {
            event = exchange.getMessage().getMandatoryBody(OutcomeEvent.class);
            // An empty id: with a real one Spring writes it into the event as a header of its own (for
            // returns, which events do not use: they are not mandatory), and the no-argument form draws a
            // random UUID per event. (A null id is refused by Spring.)
            confirm = new CorrelationData("");
            rabbit.send(Topology.EVENTS_EXCHANGE, event.name(), message(exchange, event), confirm);
        } catch (Exception notSent) {
            // An asynchronous step must end through its callback, whatever happens: never throw from here.
            exchange.setException(notSent instanceof org.apache.camel.InvalidPayloadException ? notSent
                    : notConfirmed(exchange.getMessage().getBody(OutcomeEvent.class), notSent));
            callback.done(true);
            return true;
        }
        Map<String, String> logContext = Continuations.logContext();
        confirm.getFuture().orTimeout(confirmTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((answer, failure) ->
                continuations.resume(logContext, exchange, callback, () -> {
                    if (failure != null) {
                        throw notConfirmed(event, failure);
                    }
                    if (!answer.isAck()) {
                        throw notConfirmed(event, new IllegalStateException("nacked: " + answer.getReason()));
                    }
                }));
        Continuations.handedOver(logContext);
        return false;
    }

    private Message message(Exchange exchange, OutcomeEvent event) throws Exception {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setMessageId(event.eventId());
        properties.setType(event.name());
        if (event.sourceMessageId() != null) {
            properties.setHeader("x-source-message-id", event.sourceMessageId());
        }
        // Lets a subscriber see how long the bridge held the command (retries included).
        CommandContext context = CommandEnvelope.context(exchange);
        Long receivedAt = context == null ? null : context.receivedAt();
        if (receivedAt != null) {
            properties.setHeader("x-received-at", receivedAt);
        }
        return new Message(mapper.writeValueAsBytes(event.body()), properties);
    }

    /** The broker did not take the event: a broker failure, whatever the cause. */
    private static AmqpTimeoutException notConfirmed(OutcomeEvent event, Throwable cause) {
        return new AmqpTimeoutException("the broker did not confirm event " + (event == null ? null : event.name())
                + " (nacked or timed out)", cause);
    }
}
