package dev.taxbridge.route;

import com.rabbitmq.client.Channel;
import dev.taxbridge.messaging.RequeueAndContinue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.springrabbit.DefaultListenerContainerFactory;
import org.apache.camel.component.springrabbit.ListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQConsumer;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.BlockingQueueConsumer;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The bridge's way out (SIGTERM, a closed context): finish what was started, hand back the rest, untouched.
 * <ol>
 * <li>readiness goes to {@code REFUSING_TRAFFIC} at once;</li>
 * <li>every consumer of the bridge stops taking messages: a {@code basic.cancel} on its channel, which
 * stays open, so the commands in flight can still be acknowledged on it;</li>
 * <li>a message the broker had already handed over but no route has started (prefetched) goes back to its
 * queue before anything is done with it (no AvaTax call): the gate in front of every listener
 * ({@code basic.nack} with requeue; the consumer is cancelled, so the broker gives it to another bridge);</li>
 * <li>the commands in flight (the consumer routes' exchanges) finish: AvaTax's answer, the outcome
 * confirmed, the acknowledgement. The drain ends when none is left or at {@code tax.shutdown.drain-timeout};
 * the log says how many finished, how many went back unstarted and how many were still in flight.</li>
 * </ol>
 * Then Camel stops its routes (their listener containers close the channels: what was still in flight
 * goes back to its queue, unacknowledged, and is redone elsewhere on the same AvaTax document).
 *
 * <p>It runs in a shutdown phase of its own, before the web server's graceful shutdown and before Camel,
 * and ends through Spring's callback: no thread waits for the commands (a timer looks every 50 ms). It is
 * also the spring-rabbitmq component's listener container factory
 * ({@code camel.component.spring-rabbitmq.listener-container-factory}), so it knows every consumer and puts
 * the gate in front of each one's listener.
 */
@Component("drain")
public class Drain implements SmartLifecycle, ListenerContainerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    /** Before the web server's graceful shutdown (default phase - 1024) and Camel (default - 2049). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final ListenerContainerFactory containerFactory = new DefaultListenerContainerFactory();
    private final List<AbstractMessageListenerContainer> containers = new CopyOnWriteArrayList<>();
    private final ObjectProvider<CamelContext> camel;
    private final ApplicationEventPublisher events;
    private final Duration timeout;
    private final AtomicInteger returnedUnstarted = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean draining;

    public Drain(ObjectProvider<CamelContext> camel, ApplicationEventPublisher events,
            @Value("${tax.shutdown.drain-timeout}") Duration timeout) {
        this.camel = camel;
        this.events = events;
        this.timeout = timeout;
    }

    @Override
    public AbstractMessageListenerContainer createListenerContainer(SpringRabbitMQEndpoint endpoint) {
        AbstractMessageListenerContainer container = containerFactory.createListenerContainer(endpoint);
        Advice[] chain = (Advice[]) new DirectFieldAccessor(container).getPropertyValue("adviceChain");
        List<Advice> gated = new ArrayList<>();
        gated.add(new Gate(endpoint.getAcknowledgeMode() == AcknowledgeMode.MANUAL));
        if (chain != null) {
            gated.addAll(List.of(chain));
        }
        container.setAdviceChain(gated.toArray(Advice[]::new));
        containers.add(container);
        return container;
    }

    /** Whether the bridge is draining: nothing new is started. */
    public boolean draining() {
        return draining;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public void stop(Runnable done) {
        draining = true;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        containers.forEach(Drain::stopTaking);
        int atStart = inFlight();
        LOG.info("draining: readiness refusing traffic, consumers cancelled, {} command(s) in flight, up to {}",
                atStart, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicBoolean ended = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "drain");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            int left = inFlight();
            boolean late = System.nanoTime() >= deadline;
            // Done when nothing is in flight and every prefetched message has been handed back (a consumer
            // whose listener returns only when its command is done hands its prefetched ones back after it).
            if ((left == 0 && prefetched() == 0 || late) && ended.compareAndSet(false, true)) {
                if (left == 0) {
                    LOG.info("drained: every command in flight finished ({} at the start); {} prefetched message(s)"
                            + " went back to their queues unstarted", atStart, returnedUnstarted.get());
                } else {
                    LOG.warn("drain timeout ({}): {} command(s) still in flight go back to their queues"
                            + " unacknowledged ({} of {} finished); {} prefetched message(s) went back unstarted",
                            timeout, left, Math.max(0, atStart - left), atStart, returnedUnstarted.get());
                }
                running = false;
                timer.shutdown();
                done.run();
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    /** The exchanges of the consumer routes (a command, a webhook delivery, an estimate) not done yet. */
    int inFlight() {
        int count = 0;
        CamelContext context = camel.getObject();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof SpringRabbitMQConsumer) {
                count += context.getInflightRepository().size(route.getRouteId());
            }
        }
        return count;
    }

    /** Messages the broker handed to a consumer that its listener has not been given yet. */
    int prefetched() {
        int count = 0;
        for (AbstractMessageListenerContainer container : containers) {
            for (BlockingQueueConsumer consumer : consumersOf(container)) {
                if (new DirectFieldAccessor(consumer).getPropertyValue("queue") instanceof Collection<?> buffer) {
                    count += buffer.size();
                }
            }
        }
        return count;
    }

    /** How many prefetched messages the gate handed back since the drain began. */
    public int returnedUnstarted() {
        return returnedUnstarted.get();
    }

    /**
     * {@code basic.cancel} of each of the container's consumers, on its own channel, which stays open: the
     * broker sends nothing more, and the deliveries in flight can still be acknowledged. (Stopping the
     * container would close the channels, handing back every command in flight.)
     */
    private static void stopTaking(AbstractMessageListenerContainer container) {
        for (BlockingQueueConsumer consumer : consumersOf(container)) {
            Channel channel = consumer.getChannel();
            for (String tag : List.copyOf(consumer.getConsumerTags())) {
                try {
                    channel.basicCancel(tag);
                } catch (IOException | RuntimeException gone) {
                    // Its channel is gone already: the broker has put its deliveries back itself.
                    LOG.debug("could not cancel consumer {}: {}", tag, gone.getMessage());
                }
            }
        }
    }

    /**
     * The container's consumers. It keeps no public list of them (nor of a consumer's prefetched messages):
     * they are read from its fields, as Spring AMQP's own tests do.
     */
    @SuppressWarnings("unchecked")
    private static List<BlockingQueueConsumer> consumersOf(AbstractMessageListenerContainer container) {
        Object consumers = new DirectFieldAccessor(container).getPropertyValue("consumers");
        return consumers instanceof Collection<?> all ? List.copyOf((Collection<BlockingQueueConsumer>) all) : List.of();
    }

    /**
     * In front of every listener: once the drain began, a message is handed back before any route sees it.
     * A manually acknowledged consumer's gate nacks it with requeue itself; for the others it raises the
     * container's requeue-and-go-on failure (as {@link RequeueAndContinue} does).
     */
    private final class Gate implements MethodInterceptor {

        private final boolean manual;

        private Gate(boolean manual) {
            this.manual = manual;
        }

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            if (!draining) {
                return invocation.proceed();
            }
            Channel channel = (Channel) invocation.getArguments()[0];
            Message message = (Message) invocation.getArguments()[1];
            returnedUnstarted.incrementAndGet();
            if (manual) {
                channel.basicNack(message.getMessageProperties().getDeliveryTag(), false, true);
                return null;
            }
            throw new ListenerExecutionFailedException("the bridge is stopping",
                    new ImmediateRequeueAmqpException("the bridge is stopping: back to the queue, unstarted"), message);
        }
    }
}
