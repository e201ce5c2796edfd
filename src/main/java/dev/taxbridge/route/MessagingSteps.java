package dev.taxbridge.route;

import dev.taxbridge.messaging.CommandContext;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command and event steps every route shares ({@code process: {ref: ...}}), as plain calls: no
 * bean-language parsing, exchange copy or reflection per message.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingSteps {

    /**
     * The first step of a blocking consumer (routes/consumers.camel.yaml, {@code acknowledge}): nothing to
     * do, its listener container acknowledges when the listener returns. Asynchronous consumers use
     * {@link AcknowledgeOnOutcome} instead.
     */
    @Bean
    Processor acknowledgedByContainer() {
        return exchange -> {
            // the container acknowledges
        };
    }

    /**
     * Removes every header but Camel's redelivery ones (its error handler reads them): a webhook delivery's
     * retry sends none of the receiver's earlier answer back to it. A prefix test, not YAML's
     * {@code removeHeaders}, which matches each header against a wildcard and a regex.
     */
    @Bean
    Processor clearHeaders() {
        return exchange -> exchange.getMessage().getHeaders().keySet().removeIf(name -> !name.startsWith(REDELIVERY));
    }

    private static final String REDELIVERY = "CamelRedelivery";

    /**
     * Opens a consumed command into its {@link CommandContext} and removes the inbound headers (the one place
     * they are removed on the command's way: nothing inbound reaches AvaTax, an event or a webhook).
     */
    @Bean
    Processor openCommand(CommandEnvelope envelope) {
        return envelope::open;
    }

    /** Refuses a command over the size limit; after the outcome counter, so the refusal is counted. */
    @Bean
    Processor admitCommand(CommandEnvelope envelope) {
        return exchange -> envelope.admit(CommandEnvelope.context(exchange));
    }

    /** The first step of every retried route: one more attempt ({@link Attempts}). */
    @Bean
    Processor countAttempt() {
        return Attempts::count;
    }

    /**
     * The first step of a command route, where a retry starts over: counts the attempt and puts back the
     * bytes the producer sent, so every attempt reads the command as it arrived (an earlier attempt's parse
     * is dropped).
     */
    @Bean
    Processor startAttempt() {
        return exchange -> {
            Attempts.count(exchange);
            CommandContext context = CommandEnvelope.context(exchange);
            context.newAttempt();
            exchange.getMessage().setBody(context.body());
        };
    }

    @Bean
    Processor unknownRoutingKey(CommandEnvelope envelope) {
        return exchange -> envelope.unknownRoutingKey(CommandEnvelope.context(exchange).routingKey());
    }
}
