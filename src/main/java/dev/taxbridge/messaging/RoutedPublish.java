package dev.taxbridge.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ReturnListener;
import dev.taxbridge.route.ConfirmPool;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.AmqpException;

/**
 * Publishes that must reach a queue (a parked message, a replayed command): mandatory, confirmed, and
 * checked for returns. Without {@code mandatory} the broker confirms a message it could not route
 * (its queue deleted, no binding for the key) and drops it; the caller would then remove the original.
 * The broker sends a return before the confirm of the same message, and both are handled on the
 * connection's reader thread, so once the confirms are in, the returns are too.
 */
public final class RoutedPublish implements ReturnListener, AutoCloseable {

    private final Channel channel;
    private final List<String> returned = new CopyOnWriteArrayList<>();

    public RoutedPublish(Channel channel) {
        this.channel = channel;
        channel.addReturnListener(this);
    }

    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        channel.basicPublish(exchange, routingKey, true, properties, body);
    }

    /**
     * Waits for every confirm of this channel; raises if the broker nacked, did not answer, or returned any.
     * Blocking: from a route, only on a thread of {@link ConfirmPool}'s {@code Confirms} pool.
     */
    public void confirm(long timeoutMillis) throws IOException, TimeoutException, InterruptedException {
        channel.waitForConfirmsOrDie(timeoutMillis);
        if (!returned.isEmpty()) {
            throw new Unroutable("the broker could not route " + returned.size() + " message(s): "
                    + String.join(", ", returned));
        }
    }

    /** The broker took the publish but had no queue for it. */
    public static final class Unroutable extends AmqpException {
        public Unroutable(String message) {
            super(message);
        }
    }

    @Override
    public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
            AMQP.BasicProperties properties, byte[] body) {
        returned.add("exchange '" + exchange + "' key '" + routingKey + "' (" + replyCode + " " + replyText + ")");
    }

    @Override
    public void close() {
        channel.removeReturnListener(this);
    }
}
