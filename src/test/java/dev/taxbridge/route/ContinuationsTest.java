package dev.taxbridge.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One hop per AvaTax answer: the client reads the answer on a pool thread ({@link Continuations#execute}),
 * and the route goes on from that same thread; an answer or a confirm that arrives on any other thread (an
 * I/O thread) is handed to the pool.
 */
class ContinuationsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final Continuations continuations = new Continuations(camel, 2);

    @AfterEach
    void stop() throws Exception {
        continuations.destroy();
        camel.close();
    }

    @Test
    void anAnswerReadOnThePoolCarriesTheRouteOnFromTheSameThread() throws InterruptedException {
        Exchange exchange = new DefaultExchange(camel);
        AtomicReference<Thread> reader = new AtomicReference<>();
        AtomicReference<Thread> step = new AtomicReference<>();
        AtomicReference<Thread> route = new AtomicReference<>();
        AtomicBoolean ranWithin = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch readerDone = new CountDownLatch(1);

        continuations.execute(() -> {
            reader.set(Thread.currentThread());
            continuations.resume(null, exchange, sync -> {
                route.set(Thread.currentThread());
                done.countDown();
            }, () -> step.set(Thread.currentThread()));
            // Same thread and already done: not queued for this thread (or another) to pick up later.
            ranWithin.set(step.get() != null);
            readerDone.countDown();
        });

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(readerDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(reader.get().getName()).contains("Continuations");
        assertThat(ranWithin).as("ran within resume, not queued").isTrue();
        assertThat(step.get()).as("the step's last part").isSameAs(reader.get());
        assertThat(route.get()).as("the rest of the route").isSameAs(reader.get());
    }

    @Test
    void anAnswerOnAnotherThreadIsHandedToThePool() throws InterruptedException {
        Exchange exchange = new DefaultExchange(camel);
        AtomicReference<Thread> step = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);

        continuations.resume(null, exchange, sync -> done.countDown(), () -> step.set(Thread.currentThread()));

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(step.get()).isNotSameAs(Thread.currentThread());
        assertThat(step.get().getName()).contains("Continuations");
    }
}
