package dev.taxbridge.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.FailureClassifier;
import dev.taxbridge.avatax.SecretRedactor;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.estimate.Estimate;
import dev.taxbridge.estimate.EstimateModels.EstimateReply;
import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.messaging.FailureEvents;
import dev.taxbridge.messaging.FailureEvents.FailedCommand;
import dev.taxbridge.messaging.OutcomeEvent;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns a failed estimate into its error reply ({@code status: error}, {@code error_code}, message)
 * and the failure events that announce it (SPEC section 3, stage {@code estimate}), and renders
 * replies as JSON. Messages are redacted: no secret reaches a reply, an event or the log.
 */
@Component
public class EstimateReplies {

    /** The exchange property holding the reply, so the failure path can publish events first and reply after. */
    public static final String REPLY = "estimateReply";

    private static final Logger LOG = LoggerFactory.getLogger(EstimateReplies.class);

    private final FailureClassifier classifier;
    private final SecretRedactor redactor;
    private final ObjectMapper mapper;
    private final ConnectionRegistry connections;
    private final int maxAttempts;

    public EstimateReplies(FailureClassifier classifier, SecretRedactor redactor, ObjectMapper mapper,
            ConnectionRegistry connections, @Value("${tax.estimates.retry.max-attempts:2}") int maxAttempts) {
        this.classifier = classifier;
        this.maxAttempts = maxAttempts;
        this.redactor = redactor;
        this.mapper = mapper;
        this.connections = connections;
    }

    /**
     * The estimate retry predicate: another attempt while fewer than {@code tax.estimates.retry.max-attempts}
     * were made (counted by {@link Attempts} at the start of {@code estimate-command}).
     */
    public boolean attemptsLeft(Exchange exchange) {
        return Attempts.of(exchange) < maxAttempts;
    }

    /** Puts the error reply in {@link #REPLY} and returns the failure events to publish. */
    public List<OutcomeEvent> failed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        TaxBridgeException classified = classifier.classify(caught == null ? new IllegalStateException("unknown") : caught);
        TaxBridgeException failure = new TaxBridgeException(classified.errorCode(),
                redactor.redact(classified.getMessage()), classified.providerCode(), classified.retryAfter(),
                classified.retryable());
        CommandContext context = CommandEnvelope.context(exchange);
        String routingKey = context.routingKey();
        String messageId = context.messageId();
        JsonNode body = FailureEvents.readLeniently(mapper, context.body());
        int attempts = Math.max(1, Attempts.of(exchange));
        LOG.warn("Estimate {} ({}) failed after {} attempt(s): {}: {}", messageId, routingKey, attempts,
                failure.errorCode().code(), failure.getMessage());
        exchange.setProperty(REPLY, EstimateReply.failed(failure));
        return FailureEvents.eventsFor(new FailedCommand(routingKey, body, connections.codeNamedBy(body), failure,
                messageId));
    }

    /** The reply as JSON bytes (the consumer sends it to reply_to with the request's correlation id). */
    public byte[] render(EstimateReply reply) throws JsonProcessingException {
        return mapper.writeValueAsBytes(reply);
    }
}
