package dev.taxbridge.route;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.ops.OperationsMetrics;
import dev.taxbridge.ops.OperationsMetrics.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The step after a command is opened, in every command consumer. Puts the command's {@code message_id} and
 * {@code lago_id} (the customer's {@code external_id} for customer commands) in the logging MDC, so every line
 * written while the command is handled carries them ({@code connection} is added by the AvaTax call), and
 * counts the command's outcome in {@code tax_commands_total} when the consumer route is done: parked
 * (with its error code), ok, or back to its queue after a broker failure. Retries of transient
 * failures are counted by the retry layer itself ({@code commandRetried}).
 */
@Component
public class CommandOutcomes {

    public static final String MESSAGE_ID = "message_id";
    public static final String LAGO_ID = "lago_id";
    public static final String CONNECTION = "connection";

    private final ObjectMapper mapper;
    private final OperationsMetrics metrics;

    public CommandOutcomes(ObjectMapper mapper, OperationsMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    /** Runs before the command is admitted, so a command refused there (too big) is counted as well. */
    public void track(Exchange exchange) {
        enter(exchange);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                TaxBridgeException parked = done.getProperty(DeadLetters.PARKED_FAILURE, TaxBridgeException.class);
                String command = CommandEnvelope.context(done).routingKey();
                if (parked != null) {
                    metrics.command(command, Outcome.PARKED, parked.errorCode().code());
                } else {
                    metrics.command(command, Outcome.OK, null);
                }
                clear();
            }

            @Override
            public void onFailure(Exchange failed) {
                // Not handled: only a broker failure gets here, after its delayed tries; the requeue advice
                // sends the command back to its queue, so it will be tried again from there.
                metrics.command(CommandEnvelope.context(failed).routingKey(), Outcome.RETRIED,
                        OperationsMetrics.BROKER_FAILURE);
                clear();
            }
        });
    }

    /** The log context only, for commands that are answered rather than parked (estimates). */
    public void logContext(Exchange exchange) {
        enter(exchange);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                clear();
            }
        });
    }

    /** The command's ids from its context: the message id as opened, the Lago object id read here, once. */
    private void enter(Exchange exchange) {
        CommandContext context = CommandEnvelope.context(exchange);
        MDC.put(MESSAGE_ID, context.messageId());
        context.lagoId(objectId(mapper.getFactory(), context.body()));
        putOrRemove(LAGO_ID, context.lagoId());
        MDC.remove(CONNECTION);
    }

    private static void clear() {
        MDC.remove(MESSAGE_ID);
        MDC.remove(LAGO_ID);
        MDC.remove(CONNECTION);
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /**
     * The Lago object's id, read leniently: a command that does not parse is still logged with its message
     * id. Streamed, stopping at the id: parsing the whole body into a tree a second time showed in the
     * profile of every command.
     */
    public static String objectId(com.fasterxml.jackson.core.JsonFactory json, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String externalId = null;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT && OBJECTS.contains(field)) {
                    String id = field("lago_id", parser, true);
                    if (id != null) {
                        return id;
                    }
                } else if (value == JsonToken.START_OBJECT && "customer".equals(field)) {
                    externalId = field("external_id", parser, false);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (java.io.IOException notJson) {
            return externalId;
        }
        // Customer commands and estimates: the customer's external id.
        return externalId;
    }

    private static final java.util.Set<String> OBJECTS = java.util.Set.of("invoice", "credit_note", "fee");

    /**
     * A text field of the object the parser is in. With {@code stop} the parser is left where it was found
     * (the caller is done); otherwise the rest of the object is skipped, so reading can go on after it.
     */
    private static String field(String name, JsonParser parser, boolean stop) throws java.io.IOException {
        String found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (found == null && value == JsonToken.VALUE_STRING && name.equals(field)) {
                found = parser.getText();
                if (stop) {
                    return found;
                }
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }
}
