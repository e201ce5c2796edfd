package dev.taxbridge.failure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.route.DeadLetters;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.WebhookReceiver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The blocking wait for a parked copy's confirm runs on the Confirms pool: never on a Continuations thread
 * (a command parked after AvaTax's answer) nor on Camel's redelivery timer (a webhook parked after its
 * retries). DeadLetters logs the park right after the confirm, on the thread that waited for it.
 */
class ConfirmWaitsIntegrationTest extends BridgeIntegrationTest {

    private final ListAppender<ILoggingEvent> parks = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(DeadLetters.class);

    @BeforeEach
    void listen() {
        parks.start();
        log.addAppender(parks);
    }

    @AfterEach
    void stopListening() {
        log.detachAppender(parks);
    }

    @Test
    void aCommandParkedAfterAvataxsAnswerAndAWebhookParkedAfterItsRetriesWaitForTheirConfirmOnTheConfirmsPool() {
        String id = uniqueId("inv");
        simulator.faults().add(new Fault(400, null, null, null, null, id, null, null));
        String messageId = uniqueId("msg");
        String webhookId = OutcomeEvent.eventId(messageId, "invoice.tax_provider_error");
        WebhookReceiver.second().script(webhookId, 503, 503, 503, 503);
        publish("invoice.finalized", sampleInvoice(id), messageId);

        deadLetters.awaitParked("tax.invoices.dlq", messageId);
        deadLetters.awaitParked("tax.webhooks.dlq", webhookId);
        List<ILoggingEvent> logged = List.copyOf(parks.list);
        assertThat(logged).filteredOn(e -> e.getFormattedMessage().startsWith("Parked message " + messageId))
                .extracting(ILoggingEvent::getThreadName).singleElement().asString().endsWith("Confirms");
        assertThat(logged).filteredOn(e -> e.getFormattedMessage().startsWith("Parked webhook " + webhookId))
                .extracting(ILoggingEvent::getThreadName).singleElement().asString().endsWith("Confirms");
    }
}
