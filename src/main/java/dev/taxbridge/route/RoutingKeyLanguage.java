package dev.taxbridge.route;

import dev.taxbridge.messaging.CommandContext;
import java.util.Arrays;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.spi.Language;
import org.apache.camel.support.ExpressionAdapter;
import org.springframework.stereotype.Component;

/**
 * The dispatch of a command route on its {@link CommandContext#routingKey()}, written in the route's
 * {@code choice}: {@code language: {language: routingKey, expression: invoice.draft}} is true for that routing
 * key, {@code expression: "customer.created,customer.updated"} for either. Each predicate is made once, when
 * the route starts; a message costs a lookup in a set, not the simple language's OGNL (which builds a bean
 * expression per evaluation) nor a property of its own.
 */
@Component("routingKey")
public class RoutingKeyLanguage implements Language {

    @Override
    public Predicate createPredicate(String routingKeys) {
        Set<String> keys = Set.copyOf(Arrays.stream(routingKeys.split(",")).map(String::trim).toList());
        return exchange -> {
            CommandContext context = CommandEnvelope.context(exchange);
            return context != null && context.routingKey() != null && keys.contains(context.routingKey());
        };
    }

    /** The command's routing key, whatever the expression says. */
    @Override
    public Expression createExpression(String ignored) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                CommandContext context = CommandEnvelope.context(exchange);
                return context == null ? null : context.routingKey();
            }
        };
    }
}
