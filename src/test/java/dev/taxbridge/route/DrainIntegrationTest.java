package dev.taxbridge.route;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.SuiteBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The drain's promise for what a consumer holds but has not started: the customers' consumer (one thread,
 * prefetch 4, the listener returns when the command is done) holds four commands, the first one held by
 * AvaTax for seconds. The drain lets the first finish and hands the other three back to the queue before
 * any AvaTax call is made for them; the queue then has no consumer and keeps them (nothing comes back to
 * this bridge).
 */
@TestPropertySource(properties = {
        "tax.consumers.customers.concurrency=1",
        "tax.consumers.customers.prefetch=4",
        "tax.shutdown.drain-timeout=15s",
        // AvaTax's slow answer is waited for (the suite's 1.5 s would time the call out and retry it).
        "avatax.http.response-timeout-ms=10000"})
@DirtiesContext
class DrainIntegrationTest extends BridgeIntegrationTest {

    private static final String RESOLVE = "/api/v2/addresses/resolve";
    private static final long SLOW_MILLIS = 3000;

    /** A bridge of its own (it is drained): its own vhost and HTTP port. */
    @DynamicPropertySource
    static void ownBridge(DynamicPropertyRegistry registry) throws IOException {
        SuiteBroker.ownBridge(registry);
    }

    @Autowired
    Drain drain;

    @Autowired
    CamelContext camel;

    @Autowired
    ApplicationAvailability availability;

    @Test
    void prefetchedCommandsGoBackUnstartedWhileTheOneInFlightFinishes() throws InterruptedException {
        simulator.faults().add(new Fault(null, null, (int) SLOW_MILLIS, 1, RESOLVE, null, null, null));
        List<String> customers = List.of(uniqueId("cus"), uniqueId("cus"), uniqueId("cus"), uniqueId("cus"));
        for (String code : customers) {
            publish("customer.created", command(code), uniqueId("msg"));
        }
        // All four with the consumer: one in its route (at AvaTax), three prefetched, none ready in the queue.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                camel.getInflightRepository().size("customer-consume") == 1 && queue().getMessageCount() == 0);

        CountDownLatch drained = new CountDownLatch(1);
        long signalled = System.nanoTime();
        drain.stop(drained::countDown);

        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(drained.await(15, TimeUnit.SECONDS)).as("drained within its timeout").isTrue();
        double seconds = (System.nanoTime() - signalled) / 1e9;
        assertThat(seconds).as("drain (s): waited for AvaTax's answer, not longer")
                .isGreaterThan(SLOW_MILLIS / 1000.0 - 2).isLessThan(SLOW_MILLIS / 1000.0 + 3);

        // The first: finished, one resolve call, announced once.
        events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", customers.get(0)));
        assertThat(callsFor(customers.get(0))).filteredOn(call -> RESOLVE.equals(call.path())).hasSize(1);
        // The other three: handed back before the drain ended (so its log line counts them), back in the queue,
        // unstarted, and they stay there (the consumer is gone).
        assertThat(drain.returnedUnstarted()).as("handed back unstarted when the drain ended").isEqualTo(3);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> {
            AMQP.Queue.DeclareOk queue = queue();
            return queue.getMessageCount() == 3 && queue.getConsumerCount() == 0;
        });
        for (String code : customers.subList(1, 4)) {
            assertThat(callsFor(code)).as("AvaTax calls for " + code).isEmpty();
            assertThat(events.named("customer.tax_provider_synced", field("/customer/external_customer_id", code)))
                    .isEmpty();
        }
    }

    private AMQP.Queue.DeclareOk queue() {
        return rabbit.execute(channel -> channel.queueDeclarePassive("tax.customers"));
    }

    /** Every AvaTax call about one customer: its code in the path (customers) or its line2 in the body (resolve). */
    private List<Call> callsFor(String code) {
        return simulator.journal().calls(call -> call.path().contains(code)
                || call.body() != null && call.body().toString().contains("Suite " + code));
    }

    private ObjectNode command(String code) {
        return (ObjectNode) tree("""
                {"customer": {"lago_id": "lago-%s", "external_id": "%s", "name": "Test Customer",
                  "address_line1": "100 Ravine Lane NE", "address_line2": "Suite %s", "city": "Bainbridge Island",
                  "state": "WA", "zipcode": "98110", "country": "US"},
                 "sync": {"create_in_avalara": true}}""".formatted(code, code, code));
    }
}
