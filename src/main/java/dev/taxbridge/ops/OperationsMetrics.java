package dev.taxbridge.ops;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The bridge's own meters (Prometheus names in docs/operations.md). Each meter is registered once, the
 * first time its tag combination occurs, and kept in a map keyed by a record: the hot path does a hash
 * lookup, no string building and no registry search.
 */
@Component
public class OperationsMetrics implements AvataxCallListener {

    /** Outcome tag of {@code tax_commands_total}. */
    public enum Outcome {
        OK, PARKED, RETRIED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The error_code tag of a command that did not fail. */
    static final String NO_ERROR = "none";
    /** The error_code tag of a command whose outcome the broker refused: it goes back to its queue. */
    public static final String BROKER_FAILURE = "broker_failure";

    /** Routing keys are producer input: anything else is counted as "unknown", so the tag stays bounded. */
    private static final Set<String> COMMANDS = Set.of("invoice.draft", "invoice.finalized", "invoice.voided",
            "invoice.disputed", "credit_note.created", "fee.pay_in_advance", "customer.created", "customer.updated");

    private record CommandKey(String command, Outcome outcome, String errorCode) {
    }

    private record CallKey(String connection, String endpoint, String status) {
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<CommandKey, Counter> commands = new ConcurrentHashMap<>();
    private final ConcurrentMap<CallKey, Timer> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> webhooks;
    private final Map<String, Counter> audit;

    public OperationsMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.webhooks = Map.of("delivered", webhookCounter("delivered"), "retried", webhookCounter("retried"),
                "parked", webhookCounter("parked"));
        this.audit = Map.of("confirmed", auditCounter("confirmed"), "nacked", auditCounter("nacked"),
                "unroutable", auditCounter("unroutable"), "failed", auditCounter("failed"),
                "dropped", auditCounter("dropped"));
    }

    /** {@code tax_commands_total{command, outcome, error_code}}. */
    public void command(String routingKey, Outcome outcome, String errorCode) {
        String command = routingKey != null && COMMANDS.contains(routingKey) ? routingKey : "unknown";
        CommandKey key = new CommandKey(command, outcome, errorCode == null ? NO_ERROR : errorCode);
        commands.computeIfAbsent(key, k -> Counter.builder("tax.commands")
                .description("Commands handled, by outcome (ok, parked, retried) and error code")
                .tag("command", k.command()).tag("outcome", k.outcome().tag()).tag("error_code", k.errorCode())
                .register(registry)).increment();
    }

    /** Every AvaTax call an {@code AvataxClient} makes is timed here. */
    @Override
    public void finished(AvataxConnection connection, AvataxCall<?> call, AvataxCallListener.Result result) {
        avataxCall(connection.code(), call.operation(), result.outcome(), result.nanos());
    }

    /**
     * {@code avatax_requests_seconds{connection, endpoint, status}}: status is AvaTax's HTTP status, or
     * the bridge's error code when no answer came (timeout, provider_unavailable).
     */
    public void avataxCall(String connection, String endpoint, String status, long nanos) {
        calls.computeIfAbsent(new CallKey(connection, endpoint, status), k -> Timer.builder("avatax.requests")
                .description("AvaTax REST calls: time from request to answer (rate-limit wait excluded)")
                .tag("connection", k.connection()).tag("endpoint", k.endpoint()).tag("status", k.status())
                .publishPercentileHistogram()
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code tax_webhook_deliveries_total{outcome}}: delivered, retried or parked, per receiver. */
    public void webhook(String outcome) {
        webhooks.get(outcome).increment();
    }

    /**
     * {@code tax_audit_records_total{outcome}}: the broker confirmed a record, refused it (nacked), could not
     * route it (the stream is gone), it could not be sent (failed), or it found no room while the broker was
     * away (dropped).
     */
    public void auditRecord(String outcome) {
        auditRecord(outcome, 1);
    }

    public void auditRecord(String outcome, int records) {
        audit.get(outcome).increment(records);
    }

    private Counter webhookCounter(String outcome) {
        return Counter.builder("tax.webhook.deliveries").description("Webhook deliveries per receiver, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter auditCounter(String outcome) {
        return Counter.builder("tax.audit.records").description("AvaTax calls appended to the tax.audit stream")
                .tag("outcome", outcome).register(registry);
    }
}
