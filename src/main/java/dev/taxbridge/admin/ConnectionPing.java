package dev.taxbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.audit.AvataxCallRecorder;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxHttp;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.FailureClassifier;
import dev.taxbridge.error.TaxBridgeException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** AvaTax's {@code utilities/ping} through one connection, over the same route as every AvaTax call. */
@Component
public class ConnectionPing {

    private final ProducerTemplate producer;
    private final ConnectionRegistry connections;
    private final FailureClassifier failures;

    public ConnectionPing(ProducerTemplate producer, ConnectionRegistry connections, FailureClassifier failures) {
        this.producer = producer;
        this.connections = connections;
        this.failures = failures;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String connection, boolean reachable, boolean authenticated, String version,
            String errorCode, String message) {
    }

    public Result ping(String code) {
        AvataxCall call;
        try {
            call = AvataxEndpoints.ping(connections.byCode(code));
        } catch (TaxBridgeException unknown) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, unknown.getMessage());
        }
        Exchange result = producer.request("direct:avatax-call", exchange -> exchange.setProperty(AvataxHttp.CALL, call));
        if (result.getException() != null) {
            TaxBridgeException failure = failures.classify(result.getException());
            // Reachable only when AvaTax answered (even with an error): a failure inside the bridge (e.g.
            // its routes not started yet) says nothing about AvaTax.
            boolean reachable = result.getProperty(AvataxCallRecorder.ANSWERED) != null;
            return new Result(code, reachable, false, null, failure.errorCode().code(), failure.getMessage());
        }
        JsonNode answer = result.getMessage().getBody(JsonNode.class);
        return new Result(code, true, answer.path("authenticated").asBoolean(false),
                answer.path("version").asText(null), null, null);
    }
}
