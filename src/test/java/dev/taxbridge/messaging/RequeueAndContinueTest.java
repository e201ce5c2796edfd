package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.support.ContainerUtils;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;

class RequeueAndContinueTest {

    private final Message message = new Message(new byte[0], new MessageProperties());

    @Test
    void theFailureIsAnOrdinaryListenerFailureSoTheConsumerGoesOn() {
        Throwable thrown = catchThrowable(() -> new RequeueAndContinue().recover(message,
                new ListenerExecutionFailedException("route failed", new IllegalStateException("broker"), message)));
        // SMLC's main loop catches ListenerExecutionFailedException and keeps consuming; anything else
        // restarts the consumer.
        assertThat(thrown).isExactlyInstanceOf(ListenerExecutionFailedException.class);
        assertThat(((ListenerExecutionFailedException) thrown).getFailedMessage()).isSameAs(message);
    }

    @Test
    void theMessageIsRequeuedEvenWhereRejectedMessagesAreNotRequeuedByDefault() {
        Throwable thrown = catchThrowable(() -> new RequeueAndContinue().recover(message, new RuntimeException("x")));
        assertThat(ContainerUtils.shouldRequeue(false, thrown, LogFactory.getLog(getClass()))).isTrue();
        assertThat(ContainerUtils.shouldRequeue(true, thrown, LogFactory.getLog(getClass()))).isTrue();
    }
}
