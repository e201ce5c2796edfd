package dev.taxbridge.route;

import com.rabbitmq.client.Channel;
import dev.taxbridge.messaging.RequeueAndContinue;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The acknowledgement of a consumer that routes asynchronously ({@code asyncConsumer=true},
 * {@code acknowledgeMode=MANUAL}: the invoices consumer). Its listener returns as soon as the command
 * waits for AvaTax, so the container cannot be the one to acknowledge: this first step of the route
 * registers the acknowledgement for when the command's route is done, on whatever thread that is.
 * <ul>
 * <li>done (an outcome confirmed by the broker, or the command parked or deferred, confirmed too):
 * {@code basic.ack};</li>
 * <li>failed (the broker did not confirm the outcome, after the broker-failure tries): {@code basic.nack}
 * with requeue, back to its queue, as the blocking consumers' {@link RequeueAndContinue} does.</li>
 * </ul>
 * Exactly one of the two per delivery. If the channel closed meanwhile (a lost connection), the broker has
 * already put the command back, unacknowledged: it is redelivered, and the stable document code makes its
 * second AvaTax call converge on the same document.
 */
@Component("acknowledgeOnOutcome")
public class AcknowledgeOnOutcome implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgeOnOutcome.class);
    static final String CHANNEL = "CamelSpringRabbitmqChannel";
    static final String DELIVERY_TAG = "CamelSpringRabbitmqDeliveryTag";

    @Override
    public void process(Exchange exchange) {
        Channel channel = exchange.getProperty(CHANNEL, Channel.class);
        Long tag = exchange.getMessage().getHeader(DELIVERY_TAG, Long.class);
        if (channel == null || tag == null) {
            throw new IllegalStateException("acknowledgeOnOutcome needs a spring-rabbitmq consumer with acknowledgeMode=MANUAL");
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                settle(channel, tag, true);
            }

            @Override
            public void onFailure(Exchange failed) {
                settle(channel, tag, false);
            }

            @Override
            public int getOrder() {
                // After every other completion step (the outcome counter, the log context).
                return LOWEST;
            }
        });
    }

    private static void settle(Channel channel, long tag, boolean done) {
        try {
            if (done) {
                channel.basicAck(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        } catch (IOException | RuntimeException closed) {
            LOG.warn("could not {} delivery {}: {} (the broker redelivers it)", done ? "acknowledge" : "requeue", tag,
                    closed.getMessage());
        }
    }
}
