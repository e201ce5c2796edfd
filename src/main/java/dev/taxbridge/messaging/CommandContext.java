package dev.taxbridge.messaging;

import java.util.Map;

/**
 * One consumed command, in the one exchange property {@value #PROPERTY}: what arrived, read once when the
 * command is opened ({@code route.CommandEnvelope.open}, which also attaches it to the exchange; plain Java
 * here, no Camel), and the command as parsed by the current attempt. Every step that needs the command's
 * bytes, headers, routing key or ids reads them here instead of working them out again: the message id is
 * derived once, the headers are copied once, the body is parsed once per attempt.
 *
 * <p>Not shared between threads at once: the exchange carries it from step to step, across the hand-overs
 * of the asynchronous steps.
 */
public final class CommandContext {

    /** The exchange property that holds the context. */
    public static final String PROPERTY = "taxCommand";

    private final byte[] body;
    private final Map<String, Object> headers;
    private final String routingKey;
    private final String exchange;
    private final String queue;
    private final String messageId;
    private final Long receivedAt;
    private String lagoId;
    private Object command;

    /**
     * @param body       the bytes the producer sent, parked and deferred as they are
     * @param headers    the producer's AMQP properties and application headers that a parked or deferred copy
     *                   carries again (see {@code CommandEnvelope}); empty when the command did not come over AMQP
     * @param routingKey the command's routing key (its kind)
     * @param exchange   the exchange it was published to, or null
     * @param queue      the work queue it was consumed from, or null
     * @param messageId  the producer's message id, else the one derived from the body
     * @param receivedAt when the bridge took it (epoch ms), or null when it did not come from a queue
     */
    public CommandContext(byte[] body, Map<String, Object> headers, String routingKey, String exchange, String queue,
            String messageId, Long receivedAt) {
        this.body = body == null ? new byte[0] : body;
        this.headers = headers == null ? Map.of() : headers;
        this.routingKey = routingKey;
        this.exchange = exchange;
        this.queue = queue;
        this.messageId = messageId;
        this.receivedAt = receivedAt;
    }

    public byte[] body() {
        return body;
    }

    /** The original headers by their Camel names ({@code CamelSpringRabbitmq*} for AMQP properties); never null. */
    public Map<String, Object> headers() {
        return headers;
    }

    /** An original header as text, or null. */
    public String header(String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }

    public String routingKey() {
        return routingKey;
    }

    public String exchange() {
        return exchange;
    }

    public String queue() {
        return queue;
    }

    public String messageId() {
        return messageId;
    }

    public Long receivedAt() {
        return receivedAt;
    }

    /** The Lago object id of the log context, read once from the body (null when there is none). */
    public String lagoId() {
        return lagoId;
    }

    public void lagoId(String lagoId) {
        this.lagoId = lagoId;
    }

    /** The command as this attempt parsed it, or null before it is parsed (or when it did not parse). */
    public Object command() {
        return command;
    }

    /** The parsed command, of the type the step expects. */
    public <T> T command(Class<T> type) {
        return type.cast(command);
    }

    public void command(Object parsed) {
        this.command = parsed;
    }

    /** A new attempt starts from the bytes: nothing of an earlier attempt's parse is kept. */
    public void newAttempt() {
        this.command = null;
    }

    /** Short: Camel and log lines may print it, and the body carries customer data. */
    @Override
    public String toString() {
        return "CommandContext[" + routingKey + " " + messageId + "]";
    }
}
