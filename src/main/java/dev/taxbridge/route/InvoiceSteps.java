package dev.taxbridge.route;

import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.invoice.InvoiceEvents;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.lago.LagoStatuses;
import dev.taxbridge.messaging.CommandContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of routes/invoices.camel.yaml ({@code process: {ref: ...}}): each hands the command's
 * {@link CommandContext} and the exchange's parts to a rule bean and puts its answer back. Plain calls, so the
 * hot path has no bean-language parsing, no exchange copy and no reflection per message; the rule beans
 * themselves know nothing of Camel.
 */
@Configuration(proxyBeanMethods = false)
public class InvoiceSteps {

    /** Parses the invoice command into the context, once per attempt. */
    @Bean
    Processor invoiceParse(InvoiceTransactions transactions) {
        return exchange -> {
            CommandContext context = CommandEnvelope.context(exchange);
            context.command(transactions.parse(context.body()));
        };
    }

    /** The {@code choice} of invoice-finalize: an advance_charges invoice records nothing again. */
    @Bean
    Predicate advanceChargesInvoice() {
        return exchange -> LagoStatuses.ADVANCE_CHARGES.equals(command(exchange).invoice().invoiceType());
    }

    /** The invoice's connection (for the call and its event), then the SalesOrder to send on it. */
    @Bean
    Processor invoiceEstimateCall(InvoiceTransactions transactions) {
        return exchange -> {
            InvoiceCommand command = command(exchange);
            AvataxConnection connection = transactions.connection(command);
            exchange.setProperty(AvataxCallStep.CONNECTION, connection);
            exchange.setProperty(AvataxCallStep.CALL, transactions.estimate(command, connection));
        };
    }

    /** A final invoice's connection (for the call and its event), then the SalesInvoice to record on it. */
    @Bean
    Processor invoiceCommitCall(InvoiceTransactions transactions) {
        return exchange -> {
            InvoiceCommand command = command(exchange);
            transactions.requireFinal(command);
            AvataxConnection connection = transactions.connection(command);
            exchange.setProperty(AvataxCallStep.CONNECTION, connection);
            exchange.setProperty(AvataxCallStep.CALL, transactions.commit(command, connection));
        };
    }

    @Bean
    Processor invoiceEstimatedEvent(InvoiceEvents events) {
        return exchange -> exchange.getMessage().setBody(events.estimated(command(exchange), connection(exchange),
                answer(exchange), messageId(exchange)));
    }

    @Bean
    Processor invoiceCommittedEvent(InvoiceEvents events) {
        return exchange -> exchange.getMessage().setBody(events.committed(command(exchange), connection(exchange),
                answer(exchange), messageId(exchange)));
    }

    private static InvoiceCommand command(Exchange exchange) {
        return CommandEnvelope.context(exchange).command(InvoiceCommand.class);
    }

    static AvataxConnection connection(Exchange exchange) {
        return exchange.getProperty(AvataxCallStep.CONNECTION, AvataxConnection.class);
    }

    static TransactionModel answer(Exchange exchange) {
        return exchange.getMessage().getBody(TransactionModel.class);
    }

    static String messageId(Exchange exchange) {
        return CommandEnvelope.context(exchange).messageId();
    }
}
