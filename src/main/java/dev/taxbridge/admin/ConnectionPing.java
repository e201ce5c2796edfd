package dev.taxbridge.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.avatax.AvataxClient;
import dev.taxbridge.avatax.AvataxErrors;
import dev.taxbridge.avatax.AvataxModels.PingResultModel;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.error.TaxBridgeException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** AvaTax's {@code utilities/ping} through one connection's client, circuit and audit trail included. */
@Component
public class ConnectionPing {

    private final ConnectionRegistry connections;

    public ConnectionPing(ConnectionRegistry connections) {
        this.connections = connections;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String connection, boolean reachable, boolean authenticated, String version,
            String errorCode, String message) {
    }

    public Result ping(String code) {
        AvataxClient client;
        try {
            client = connections.client(code);
        } catch (TaxBridgeException unknown) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, unknown.getMessage());
        }
        PingResultModel answer;
        try {
            answer = AvataxClient.await(client.ping());
        } catch (TaxBridgeException failure) {
            // Reachable only when AvaTax answered (even with an error): a failure inside the bridge or an
            // open circuit says nothing about AvaTax.
            boolean reachable = failure instanceof AvataxErrors.ErrorAnswer;
            return new Result(code, reachable, false, null, failure.errorCode().code(), failure.getMessage());
        }
        return new Result(code, true, answer != null && Boolean.TRUE.equals(answer.authenticated()),
                answer == null ? null : answer.version(), null, null);
    }
}
