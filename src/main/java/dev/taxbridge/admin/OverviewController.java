package dev.taxbridge.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.messaging.Topology;
import dev.taxbridge.ops.OperationsTimeline;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/overview} (admin token): the bridge at a glance, as the operator console draws it.
 * Each queue's messages and consumers (asked from the broker now), each connection's circuit, and the
 * last minutes of commands by outcome and AvaTax call times ({@link OperationsTimeline}).
 */
@RestController
public class OverviewController {

    /** The bridge's queues, in the order the console shows them: work, wait, dead letter. */
    static final List<QueueRef> QUEUES = List.of(
            new QueueRef(Topology.INVOICES, "work"), new QueueRef(Topology.CUSTOMERS, "work"),
            new QueueRef(Topology.ESTIMATES, "work"), new QueueRef(Topology.WEBHOOKS, "work"),
            new QueueRef(Topology.waitQueue(Topology.INVOICES), "wait"),
            new QueueRef(Topology.waitQueue(Topology.CUSTOMERS), "wait"),
            new QueueRef(Topology.dlq(Topology.INVOICES), "dead_letter"),
            new QueueRef(Topology.dlq(Topology.CUSTOMERS), "dead_letter"),
            new QueueRef(Topology.dlq(Topology.WEBHOOKS), "dead_letter"));

    record QueueRef(String name, String kind) {
    }

    /** {@code messages} and {@code consumers} are null when the broker could not say. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record QueueState(String name, String kind, Long messages, Long consumers) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConnectionState(String code, String companyCode, String circuit) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Overview(List<QueueState> queues, List<ConnectionState> connections,
            OperationsTimeline.Timeline timeline) {
    }

    private final AdminTokenGuard guard;
    private final AmqpAdmin broker;
    private final ConnectionRegistry connections;
    private final OperationsTimeline timeline;

    public OverviewController(AdminTokenGuard guard, AmqpAdmin broker, ConnectionRegistry connections,
            OperationsTimeline timeline) {
        this.guard = guard;
        this.broker = broker;
        this.connections = connections;
        this.timeline = timeline;
    }

    @GetMapping("/admin/overview")
    public Overview overview(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        guard.check(auth);
        List<QueueState> queues = new ArrayList<>();
        for (QueueRef queue : QUEUES) {
            QueueInformation info = info(queue.name());
            queues.add(new QueueState(queue.name(), queue.kind(), info == null ? null : (long) info.getMessageCount(),
                    info == null ? null : (long) info.getConsumerCount()));
        }
        // In code order, as the registry keeps its clients.
        List<ConnectionState> states = connections.clients().stream()
                .map(client -> new ConnectionState(client.connection().code(), client.connection().companyCode(),
                        client.circuitState().name()))
                .toList();
        return new Overview(queues, states, timeline.timeline());
    }

    private QueueInformation info(String queue) {
        try {
            return broker.getQueueInfo(queue);
        } catch (RuntimeException brokerUnavailable) {
            return null;
        }
    }
}
