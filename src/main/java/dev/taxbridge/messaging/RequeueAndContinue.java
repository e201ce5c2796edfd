package dev.taxbridge.messaging;

import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;

/**
 * Puts a message the routes could not finish back in its queue, and keeps the consumer running.
 * Spring's {@code ImmediateRequeueMessageRecoverer} throws a bare {@link ImmediateRequeueAmqpException},
 * which the SimpleMessageListenerContainer treats as its consumer failing: it closed the channel and
 * restarted, returning every prefetched message too (each of them one delivery closer to the quorum
 * queue's delivery limit). A {@link ListenerExecutionFailedException} is the container's ordinary
 * "this message failed": it nacks that one message and goes on; the {@code ImmediateRequeueAmqpException}
 * in its cause chain makes the nack a requeue whatever the container's default.
 */
public class RequeueAndContinue implements MessageRecoverer {

    @Override
    public void recover(Message message, Throwable cause) {
        throw new ListenerExecutionFailedException("not finished; back to its queue",
                new ImmediateRequeueAmqpException(cause), message);
    }
}
