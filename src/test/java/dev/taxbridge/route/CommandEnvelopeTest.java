package dev.taxbridge.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.messaging.CommandContext;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Opening a command: what its context keeps, once, and what the route sees of the inbound message after. */
class CommandEnvelopeTest {

    private final CommandEnvelope envelope = new CommandEnvelope(10);
    private final byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    private Exchange consumed(Map<String, Object> headers) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
        return exchange;
    }

    @Test
    void theContextKeepsWhatAParkedCopyCarriesAgainAndTheRouteSeesNoInboundHeader() {
        Date sent = new Date(1_700_000_000_000L);
        Exchange exchange = consumed(Map.of("CamelSpringRabbitmqRoutingKey", "invoice.finalized",
                "CamelSpringRabbitmqExchangeName", "tax.commands", "CamelSpringRabbitmqMessageId", "msg-1",
                "CamelSpringRabbitmqTimestamp", sent, "CamelSpringRabbitmqDeliveryTag", 7L,
                "CamelSpringRabbitmqContentType", "application/json", "x-tenant", "t-1", "CamelHttpUri", "http://x"));

        CommandContext context = envelope.open(exchange);

        assertThat(CommandEnvelope.context(exchange)).isSameAs(context);
        assertThat(context.headers()).containsOnly(Map.entry("CamelSpringRabbitmqMessageId", "msg-1"),
                Map.entry("CamelSpringRabbitmqTimestamp", sent),
                Map.entry("CamelSpringRabbitmqContentType", "application/json"), Map.entry("x-tenant", "t-1"));
        assertThat(context.routingKey()).isEqualTo("invoice.finalized");
        assertThat(context.exchange()).isEqualTo("tax.commands");
        assertThat(context.messageId()).isEqualTo("msg-1");
        assertThat(context.queue()).as("not consumed by a spring-rabbitmq route").isNull();
        assertThat(context.receivedAt()).isPositive();
        assertThat(context.body()).isEqualTo(body);
        assertThat(exchange.getMessage().getHeaders()).as("nothing inbound goes further").isEmpty();
        assertThat(exchange.getMessage().getBody()).isEqualTo(body);
    }

    @Test
    void withoutTheProducersIdTheIdIsTheBodysSha256() {
        CommandContext context = envelope.open(consumed(Map.of("CamelSpringRabbitmqMessageId", " ")));

        assertThat(context.messageId()).isEqualTo(CommandEnvelope.derivedId(body)).startsWith("sha256:");
    }

    @Test
    void aCommandOverTheLimitIsOpenedAndThenRefused() {
        CommandContext context = envelope.open(consumed(Map.of()));
        new CommandEnvelope(body.length).admit(context);

        assertThatThrownBy(() -> new CommandEnvelope(body.length - 1).admit(context))
                .isInstanceOf(TaxBridgeException.class).hasMessageContaining("over the limit");
    }

    @Test
    void aNewAttemptStartsWithoutTheEarlierParse() {
        CommandContext context = envelope.open(consumed(Map.of()));
        context.command("parsed");

        context.newAttempt();

        assertThat(context.command()).isNull();
    }
}
