package dev.taxbridge.route;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.estimate.EstimateModels;
import dev.taxbridge.estimate.EstimateModels.EstimateReply;
import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.web.BearerToken;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/estimates/current_usage} and {@code /v1/estimates/one_off_invoice}: the estimates
 * for callers without AMQP, through the same routes and usage-tax cache as {@code tax.estimates}.
 * The body is the request's, the answer the same reply JSON; its HTTP status follows the error code.
 * Callers must send {@code Authorization: Bearer <tax.estimates.http.token>}. Without a token every
 * call is refused (403): an open endpoint lets anybody who reaches the port spend AvaTax transactions
 * and trigger failure webhooks. {@code tax.estimates.http.open=true} opens it without a token, for a
 * port that is private by other means; {@code tax.estimates.http.enabled=false} removes it.
 */
@RestController
@ConditionalOnProperty(name = "tax.estimates.http.enabled", havingValue = "true", matchIfMissing = true)
public class EstimateHttpController {

    private final ProducerTemplate producer;
    private final int maxBytes;
    private final byte[] token;
    private final boolean open;

    public EstimateHttpController(ProducerTemplate producer, @Value("${tax.messages.max-bytes:1048576}") int maxBytes,
            @Value("${tax.estimates.http.token:}") String token, @Value("${tax.estimates.http.open:false}") boolean open) {
        this.producer = producer;
        this.maxBytes = maxBytes;
        this.token = token.isBlank() ? null : token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.open = open;
    }

    @PostMapping(path = "/v1/estimates/{kind}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> estimate(@PathVariable String kind, @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (token == null && !open) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        if (token != null && !BearerToken.matches(token, authorization)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        String routingKey = "estimate." + kind;
        if (!EstimateModels.CURRENT_USAGE.equals(routingKey) && !EstimateModels.ONE_OFF_INVOICE.equals(routingKey)) {
            return ResponseEntity.notFound().build();
        }
        if (body != null && body.length > maxBytes) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).build();
        }
        Exchange result = producer.send("direct:estimate-http", ExchangePattern.InOut, exchange ->
                CommandEnvelope.attach(exchange,
                        new CommandContext(body, null, routingKey, null, null, "http-" + UUID.randomUUID(), null)));
        if (result.getException() != null) {
            // Only a broker failure while announcing a failure gets here.
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        EstimateReply reply = result.getProperty(EstimateReplies.REPLY, EstimateReply.class);
        return ResponseEntity.status(status(reply)).contentType(MediaType.APPLICATION_JSON)
                .body(result.getMessage().getBody(byte[].class));
    }

    static HttpStatus status(EstimateReply reply) {
        if (reply == null || reply.succeeded()) {
            return HttpStatus.OK;
        }
        ErrorCode code = ErrorCode.valueOf(reply.error().errorCode().toUpperCase(java.util.Locale.ROOT));
        return switch (code) {
            case INVALID_MESSAGE -> HttpStatus.BAD_REQUEST;
            case UNMAPPED_ITEM, MISSING_ADDRESS, INVALID_ADDRESS -> HttpStatus.UNPROCESSABLE_ENTITY;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case PROVIDER_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            // AvaTax refused the call, or the connection is misconfigured.
            default -> HttpStatus.BAD_GATEWAY;
        };
    }
}
