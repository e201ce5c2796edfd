package dev.taxbridge.messaging;

import static dev.taxbridge.messaging.Topology.COMMANDS_EXCHANGE;
import static dev.taxbridge.messaging.Topology.CUSTOMERS;
import static dev.taxbridge.messaging.Topology.ESTIMATES;
import static dev.taxbridge.messaging.Topology.EVENTS_EXCHANGE;
import static dev.taxbridge.messaging.Topology.INVOICES;
import static dev.taxbridge.messaging.Topology.RESUME_EXCHANGE;
import static dev.taxbridge.messaging.Topology.WAIT_EXCHANGE;
import static dev.taxbridge.messaging.Topology.WEBHOOKS;
import static dev.taxbridge.messaging.Topology.dlq;

import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares SPEC section 1's topology, durable, through Spring AMQP's RabbitAdmin (which declares it
 * on every (re)connection), so a fresh broker needs no manual set-up. The Camel endpoints declare
 * nothing themselves: their auto-declare makes non-durable queues (CAMEL-24173) and ignores some
 * queue arguments.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerTopology {

    @Bean
    Declarables taxTopology(TopologyProperties properties) {
        TopicExchange commands = new TopicExchange(COMMANDS_EXCHANGE, true, false);
        TopicExchange events = new TopicExchange(EVENTS_EXCHANGE, true, false);
        TopicExchange wait = new TopicExchange(WAIT_EXCHANGE, true, false);
        TopicExchange resume = new TopicExchange(RESUME_EXCHANGE, true, false);
        List<Declarable> all = new ArrayList<>(List.of(commands, events, wait, resume));

        int replicas = properties.replicas();
        Queue invoices = workQueue(INVOICES, properties.deliveryLimit(), replicas);
        Queue customers = workQueue(CUSTOMERS, properties.deliveryLimit(), replicas);
        Queue estimates = QueueBuilder.durable(ESTIMATES).build();
        Queue webhooks = workQueue(WEBHOOKS, properties.deliveryLimit(), replicas);
        all.addAll(List.of(invoices, customers, estimates, webhooks,
                parkingQueue(INVOICES, replicas), parkingQueue(CUSTOMERS, replicas), parkingQueue(WEBHOOKS, replicas)));

        Queue invoicesWait = waitingQueue(INVOICES, replicas);
        Queue customersWait = waitingQueue(CUSTOMERS, replicas);
        all.addAll(List.of(invoicesWait, customersWait));
        for (String key : List.of("invoice.#", "credit_note.#", "fee.#")) {
            all.add(bind(invoices, commands, key));
            all.add(bind(invoicesWait, wait, key));
            all.add(bind(invoices, resume, key));
        }
        all.add(bind(customers, commands, "customer.#"));
        all.add(bind(customersWait, wait, "customer.#"));
        all.add(bind(customers, resume, "customer.#"));
        all.add(bind(estimates, commands, "estimate.#"));
        for (String key : properties.webhookEvents()) {
            all.add(bind(webhooks, events, key));
        }
        return new Declarables(all);
    }

    /** A quorum work queue whose poison messages (delivery limit reached) the broker moves to its DLQ. */
    static Queue workQueue(String name, int deliveryLimit, int replicas) {
        return replicated(QueueBuilder.durable(name)
                .quorum()
                .deliveryLimit(deliveryLimit)
                .deadLetterExchange("")
                .deadLetterRoutingKey(dlq(name)), replicas)
                .build();
    }

    /**
     * Where a command waits out an AvaTax outage (route.Deferrals): nobody consumes it; each message
     * expires after its own TTL and the broker dead-letters it, with its routing key, through
     * tax.resume back into its work queue. At-least-once dead-lettering (RabbitMQ 3.10+): the broker
     * keeps the message until its work queue has confirmed it, and then needs reject-publish overflow.
     */
    static Queue waitingQueue(String workQueue, int replicas) {
        return replicated(QueueBuilder.durable(Topology.waitQueue(workQueue))
                .quorum()
                .deadLetterExchange(RESUME_EXCHANGE)
                .withArgument("x-dead-letter-strategy", "at-least-once")
                .overflow(QueueBuilder.Overflow.rejectPublish), replicas)
                .build();
    }

    static Queue parkingQueue(String workQueue, int replicas) {
        return replicated(QueueBuilder.durable(dlq(workQueue)).quorum(), replicas).build();
    }

    /**
     * A replica of the queue on {@code replicas} nodes of a cluster (tax.topology.replicas); RabbitMQ
     * places no more than it has nodes. 0: the argument left out.
     */
    private static QueueBuilder replicated(QueueBuilder queue, int replicas) {
        return replicas > 0 ? queue.withArgument("x-quorum-initial-group-size", replicas) : queue;
    }

    private static Binding bind(Queue queue, TopicExchange exchange, String key) {
        return BindingBuilder.bind(queue).to(exchange).with(key);
    }
}
