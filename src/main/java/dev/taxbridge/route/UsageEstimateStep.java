package dev.taxbridge.route;

import dev.taxbridge.estimate.Estimate;
import dev.taxbridge.estimate.EstimateModels;
import dev.taxbridge.estimate.Estimates;
import dev.taxbridge.messaging.CommandContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * Camel's side of a current-usage estimate, the {@code estimate-current-usage} route
 * ({@code process: {ref: usageEstimateStep}}): the {@link Estimate}, the command of the exchange's
 * {@link CommandContext}, goes to {@link Estimates#currentUsage}, and the step returns without waiting, so the estimates consumer
 * takes its next request while AvaTax answers this one. The reply goes to the property {@value #REPLY}, a
 * failure to the exchange's exception; a thread of {@link Continuations} carries the route on from there,
 * with the request's log context.
 */
@Component
public class UsageEstimateStep extends AsyncProcessorSupport {

    static final String REPLY = EstimateReplies.REPLY;

    private final Estimates estimates;
    private final Continuations continuations;

    public UsageEstimateStep(Estimates estimates, Continuations continuations) {
        this.estimates = estimates;
        this.continuations = continuations;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<EstimateModels.EstimateReply> reply;
        try {
            reply = estimates.currentUsage(CommandEnvelope.context(exchange).command(Estimate.class));
        } catch (RuntimeException refused) {
            // An asynchronous step ends through its callback, whatever happens: never throw from here.
            exchange.setException(refused);
            callback.done(true);
            return true;
        }
        if (reply.isDone() && !reply.isCompletedExceptionally()) {
            // A cache hit or no taxable fee: answered on this thread, nothing to hand over.
            exchange.setProperty(REPLY, reply.getNow(null));
            callback.done(true);
            return true;
        }
        Map<String, String> logContext = Continuations.logContext();
        reply.whenComplete((answer, failure) -> continuations.resume(logContext, exchange, callback, () -> {
            if (failure != null) {
                throw failure instanceof CompletionException wrapped && wrapped.getCause() instanceof Exception cause
                        ? cause : failure instanceof Exception exception ? exception : new IllegalStateException(failure);
            }
            exchange.setProperty(REPLY, answer);
        }));
        Continuations.handedOver(logContext);
        return false;
    }
}
