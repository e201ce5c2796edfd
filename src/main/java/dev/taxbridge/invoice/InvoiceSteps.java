package dev.taxbridge.invoice;

import dev.taxbridge.avatax.AvataxCallStep;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.messaging.CommandEnvelope;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of routes/invoices.camel.yaml ({@code process: {ref: ...}}): each hands the exchange's parts
 * to a rule bean and puts its answer back. Plain calls, so the hot path has no bean-language parsing, no
 * exchange copy and no reflection per message; the rule beans themselves know nothing of Camel.
 */
@Configuration(proxyBeanMethods = false)
public class InvoiceSteps {

    /** Exchange property: the parsed command. */
    public static final String COMMAND = "command";

    /** Exchange property: the invoice's Lago {@code invoice_type} (the route takes advance_charges apart). */
    public static final String INVOICE_TYPE = "invoiceType";

    @Bean
    Processor invoiceParse(InvoiceTransactions transactions) {
        return exchange -> {
            InvoiceCommand command = transactions.parse(exchange.getMessage().getBody(byte[].class));
            exchange.setProperty(COMMAND, command);
            exchange.setProperty(INVOICE_TYPE, command.invoice().invoiceType());
        };
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
        return exchange.getProperty(COMMAND, InvoiceCommand.class);
    }

    static AvataxConnection connection(Exchange exchange) {
        return exchange.getProperty(AvataxCallStep.CONNECTION, AvataxConnection.class);
    }

    static TransactionModel answer(Exchange exchange) {
        return exchange.getMessage().getBody(TransactionModel.class);
    }

    static String messageId(Exchange exchange) {
        return exchange.getProperty(CommandEnvelope.MESSAGE_ID, String.class);
    }
}
