package dev.taxbridge.route;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import org.apache.camel.support.ExpressionAdapter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of routes/webhooks.camel.yaml ({@code process: {ref: ...}}, and the {@code ref} expression of its
 * split), as plain calls to {@link Webhooks}.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookSteps {

    /** The webhook's body, built once per event from its context: every receiver and retry sends it. */
    @Bean
    Processor webhookBody(Webhooks webhooks) {
        return exchange -> exchange.setProperty(Webhooks.BODY, webhooks.body(exchange));
    }

    /** The receivers, one delivery each. */
    @Bean
    Expression webhookTargets(Webhooks webhooks) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return webhooks.targets();
            }
        };
    }

    /** The receiver of this split branch. */
    @Bean
    Processor webhookTarget() {
        return exchange -> exchange.setProperty(Webhooks.ENDPOINT, exchange.getMessage().getBody(Webhooks.Target.class));
    }

    @Bean
    Processor webhookSign(Webhooks webhooks) {
        return exchange -> exchange.getMessage().setBody(webhooks.sign(exchange));
    }

    @Bean
    Processor webhookCheckDelivered(Webhooks webhooks) {
        return webhooks::checkDelivered;
    }
}
