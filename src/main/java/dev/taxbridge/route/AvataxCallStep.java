package dev.taxbridge.route;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxClient;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.ConnectionRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * Camel's side of an AvaTax call, the {@code avatax-call} route ({@code process: {ref: avataxCallStep}}):
 * the {@link AvataxCall} a command's bean put in the exchange property {@value #CALL} goes to the
 * {@link AvataxClient} of the command's connection (exchange property {@value #CONNECTION}, set when the
 * route chose it), and the step returns without waiting. The typed answer becomes the
 * body (null for no call or an empty answer), a failure the exchange's exception, classified; a thread of
 * {@link Continuations} carries the route on from there with the command's log context.
 */
@Component
public class AvataxCallStep extends AsyncProcessorSupport {

    /** The exchange property a command's bean puts its {@link AvataxCall} in. */
    public static final String CALL = "avataxCall";

    /** The exchange property that holds the command's {@link AvataxConnection}, which its calls go through. */
    public static final String CONNECTION = "avataxConnection";

    private final ConnectionRegistry connections;
    private final Continuations continuations;

    public AvataxCallStep(ConnectionRegistry connections, Continuations continuations) {
        this.connections = connections;
        this.continuations = continuations;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        AvataxCall<?> call = exchange.getProperty(CALL, AvataxCall.class);
        CompletableFuture<?> answer;
        try {
            if (call == null) {
                exchange.getMessage().setBody(null);
                callback.done(true);
                return true;
            }
            AvataxConnection connection = exchange.getProperty(CONNECTION, AvataxConnection.class);
            if (connection == null) {
                throw new IllegalStateException("an AvaTax call without its connection (exchange property "
                        + CONNECTION + "): " + call);
            }
            answer = connections.client(connection.code()).send(call);
        } catch (RuntimeException refused) {
            // An asynchronous step ends through its callback, whatever happens: never throw from here.
            exchange.setException(refused);
            callback.done(true);
            return true;
        }
        Map<String, String> logContext = Continuations.logContext();
        answer.whenComplete((body, failure) -> continuations.resume(logContext, exchange, callback, () -> {
            if (failure != null) {
                throw failure instanceof CompletionException wrapped && wrapped.getCause() instanceof Exception cause
                        ? cause : failure instanceof Exception exception ? exception : new IllegalStateException(failure);
            }
            exchange.getMessage().setBody(body);
        }));
        // The command's log context goes on with its answer; this thread takes up the next one.
        Continuations.handedOver(logContext);
        return false;
    }
}
