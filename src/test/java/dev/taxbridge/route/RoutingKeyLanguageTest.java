package dev.taxbridge.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.messaging.CommandContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingKeyLanguageTest {

    private static Exchange command(String routingKey) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        CommandEnvelope.attach(exchange, new CommandContext(new byte[0], null, routingKey, null, null, "m", null));
        return exchange;
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "invoice.draft | invoice.draft | true",
            "invoice.draft | invoice.finalized | false",
            "customer.created, customer.updated | customer.updated | true",
            "customer.created,customer.updated | customer.created | true",
            "customer.created,customer.updated | customer | false",
            "invoice.draft | null | false"})
    void aRoutingKeyMatchesTheKeysItIsListedIn(String expression, String routingKey, boolean matches) {
        Predicate predicate = new RoutingKeyLanguage().createPredicate(expression);

        assertThat(predicate.matches(command(routingKey))).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource("invoice.draft")
    void anExchangeWithoutACommandMatchesNothing(String expression) {
        assertThat(new RoutingKeyLanguage().createPredicate(expression)
                .matches(new DefaultExchange(new DefaultCamelContext()))).isFalse();
    }
}
