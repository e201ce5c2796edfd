package dev.taxbridge.route;

import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.estimate.Estimate;
import dev.taxbridge.estimate.EstimateModels.EstimateReply;
import dev.taxbridge.estimate.EstimateRequests;
import dev.taxbridge.estimate.Estimates;
import dev.taxbridge.messaging.CommandContext;
import org.apache.camel.Processor;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of routes/estimates.camel.yaml ({@code process: {ref: ...}}): the request is read from its
 * {@link CommandContext} into an {@link Estimate}, the context's command; the reply goes to the exchange
 * property {@value EstimateReplies#REPLY}, where the failure path and the HTTP caller find it too.
 */
@Configuration(proxyBeanMethods = false)
public class EstimateSteps {

    /** A request nobody can receive the answer of is refused (and announced) before AvaTax is asked. */
    @Bean
    Processor estimateRequiresReplyTo(EstimateRequests requests) {
        return exchange -> requests.requireReplyTo(
                CommandEnvelope.context(exchange).header(SpringRabbitMQConstants.REPLY_TO));
    }

    @Bean
    Processor currentUsageParse(EstimateRequests requests) {
        return exchange -> {
            CommandContext context = CommandEnvelope.context(exchange);
            context.command(requests.currentUsage(context.body()));
        };
    }

    @Bean
    Processor oneOffInvoiceParse(EstimateRequests requests) {
        return exchange -> {
            CommandContext context = CommandEnvelope.context(exchange);
            context.command(requests.oneOffInvoice(context.body()));
        };
    }

    /** The SalesOrder of a one-off invoice, or none when no fee is taxable. */
    @Bean
    Processor oneOffInvoiceCall(Estimates estimates) {
        return exchange -> {
            Estimate estimate = CommandEnvelope.context(exchange).command(Estimate.class);
            exchange.setProperty(AvataxCallStep.CONNECTION, estimates.connection(estimate));
            exchange.setProperty(AvataxCallStep.CALL, estimates.avataxCall(estimate));
        };
    }

    @Bean
    Processor oneOffInvoiceReply(Estimates estimates) {
        return exchange -> exchange.setProperty(EstimateReplies.REPLY, estimates.oneOffInvoice(
                CommandEnvelope.context(exchange).command(Estimate.class),
                exchange.getMessage().getBody(TransactionModel.class)));
    }

    /** A failed estimate: its error reply goes to {@value EstimateReplies#REPLY}, its failure events to the body. */
    @Bean
    Processor estimateFailed(EstimateReplies replies) {
        return exchange -> exchange.getMessage().setBody(replies.failed(exchange));
    }

    /** The reply as JSON. */
    @Bean
    Processor estimateRender(EstimateReplies replies) {
        return exchange -> exchange.getMessage().setBody(replies.render(
                exchange.getProperty(EstimateReplies.REPLY, EstimateReply.class)));
    }
}
