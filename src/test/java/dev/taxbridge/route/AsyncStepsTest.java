package dev.taxbridge.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.messaging.OutcomeEvent;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * An asynchronous step ends through its callback whatever happens, and never throws: a step that threw
 * from {@code process(exchange, callback)} left Camel waiting for a callback that never came (a test hung
 * for 15 minutes on Spring refusing a null correlation id).
 */
class AsyncStepsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final Continuations continuations = new Continuations(camel, 2);

    @AfterEach
    void stop() throws Exception {
        continuations.destroy();
        camel.close();
    }

    @Test
    void anEventThatCannotBeSentEndsTheExchangeAtOnce() {
        // No broker behind this connection factory: the send itself fails.
        EventPublishing publishing = new EventPublishing(mock(ConnectionFactory.class), new ObjectMapper(),
                continuations, 1000);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(new OutcomeEvent("invoice.taxes_committed", "evt-1", "msg-1",
                java.util.Map.of("a", 1)));
        AtomicReference<Boolean> done = new AtomicReference<>();

        boolean sync = publishing.process(exchange, done::set);

        assertThat(sync).isTrue();
        assertThat(done.get()).as("called back, synchronously").isTrue();
        assertThat(exchange.getException()).hasMessageContaining("did not confirm event invoice.taxes_committed");
    }

    @Test
    void aBodyThatIsNoEventEndsTheExchangeAtOnce() {
        EventPublishing publishing = new EventPublishing(mock(ConnectionFactory.class), new ObjectMapper(),
                continuations, 1000);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody("not an event");
        AtomicReference<Boolean> done = new AtomicReference<>();

        assertThat(publishing.process(exchange, done::set)).isTrue();
        assertThat(done.get()).isTrue();
        assertThat(exchange.getException()).isInstanceOf(org.apache.camel.InvalidPayloadException.class);
    }

    @Test
    void aContinuationAfterShutdownStillEndsTheExchange() {
        continuations.destroy();
        Exchange exchange = new DefaultExchange(camel);
        AtomicReference<Boolean> done = new AtomicReference<>();

        continuations.resume(null, exchange, done::set, () -> {
            throw new IllegalStateException("answer unreadable");
        });

        assertThat(done.get()).isFalse();
        assertThat(exchange.getException()).hasMessage("answer unreadable");
    }
}
