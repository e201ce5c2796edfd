package dev.taxbridge.route;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.lifecycle.AdvanceCharges;
import dev.taxbridge.lifecycle.CreditNoteTransactions;
import dev.taxbridge.lifecycle.EarlierReturns;
import dev.taxbridge.lifecycle.InvoiceReversals;
import dev.taxbridge.lifecycle.LifecycleEvents;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.FeeCommand;
import dev.taxbridge.lifecycle.LifecycleModels.ReversalCommand;
import dev.taxbridge.lifecycle.PayInAdvanceFees;
import dev.taxbridge.lifecycle.RecordedDocumentReads;
import dev.taxbridge.lifecycle.RecordedDocuments;
import dev.taxbridge.messaging.CommandContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.support.ExpressionAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of routes/lifecycle.camel.yaml ({@code process: {ref: ...}}, and the {@code ref} predicates of its
 * choices): each hands the command from its {@link CommandContext}, and what the route has read so far, to a
 * rule bean and puts the answer back. What a route reads along the way (the committed documents, the earlier
 * returns) is kept in the exchange properties {@value #RECORDED_DOCUMENTS} and {@value #EARLIER_RETURNS};
 * the AvaTax call goes to {@link AvataxCallStep#CALL}.
 */
@Configuration(proxyBeanMethods = false)
public class LifecycleSteps {

    /** The committed documents a command answers ({@link RecordedDocuments}), read by read-recorded-documents. */
    static final String RECORDED_DOCUMENTS = "recordedDocuments";
    /** The returns recorded against the invoice before this command ({@link EarlierReturns}). */
    static final String EARLIER_RETURNS = "earlierReturns";

    // --- invoice.voided, invoice.disputed ----------------------------------------------------------

    @Bean
    Processor voidParse(InvoiceReversals reversals) {
        return exchange -> parsed(exchange, reversals.parseVoid(context(exchange).body()));
    }

    @Bean
    Processor disputeParse(InvoiceReversals reversals) {
        return exchange -> parsed(exchange, reversals.parseDispute(context(exchange).body()));
    }

    @Bean
    Predicate disputeLost(InvoiceReversals reversals) {
        return exchange -> reversals.lost(reversal(exchange));
    }

    /** A dispute won or still open: nothing to reverse, said once in the log. */
    @Bean
    Processor disputeNotLost() {
        Logger log = LoggerFactory.getLogger("invoice-dispute");
        return exchange -> log.info("Dispute {} is not lost: no tax to reverse", context(exchange).messageId());
    }

    /** The connection the invoice's documents are on: every call of the command goes through it. */
    @Bean
    Processor reversalConnection(InvoiceReversals reversals) {
        return exchange -> exchange.setProperty(AvataxCallStep.CONNECTION, reversals.connection(reversal(exchange)));
    }

    @Bean
    Processor reversalTake(InvoiceReversals reversals) {
        return exchange -> reversals.take(reversal(exchange), exchange.getExchangeId());
    }

    @Bean
    Processor reversalRelease(InvoiceReversals reversals) {
        return exchange -> reversals.release(reversal(exchange), exchange.getExchangeId());
    }

    /** An advance_charges invoice: its fees' own documents hold its tax. */
    @Bean
    Predicate reversalOfFeeDocuments(InvoiceReversals reversals) {
        return exchange -> reversals.recordedByItsFees(reversal(exchange));
    }

    @Bean
    Processor reversalFeeDocuments(InvoiceReversals reversals) {
        return exchange -> exchange.setProperty(RECORDED_DOCUMENTS, reversals.feeDocuments(reversal(exchange)));
    }

    @Bean
    Processor reversalFeeReturnsLookup(InvoiceReversals reversals) {
        return exchange -> call(exchange, reversals.feeReturnsLookup(reversal(exchange), documents(exchange)));
    }

    @Bean
    Processor reversalEarlierReturnsLookup(InvoiceReversals reversals) {
        return exchange -> call(exchange, reversals.earlierReturnsLookup(reversal(exchange)));
    }

    /** The earlier returns, from the answer to either returns lookup. */
    @Bean
    Processor reversalEarlierReturns(InvoiceReversals reversals) {
        return exchange -> exchange.setProperty(EARLIER_RETURNS, reversals.earlier(reversal(exchange), listed(exchange)));
    }

    /** Credit notes returned part of the invoice before: only what they left is given back. */
    @Bean
    Predicate creditedBefore() {
        return exchange -> earlierReturns(exchange).any();
    }

    @Bean
    Processor reversalOriginalLookup(InvoiceReversals reversals) {
        return exchange -> call(exchange, reversals.originalLookup(reversal(exchange)));
    }

    @Bean
    Processor reversalVoidCall(InvoiceReversals reversals) {
        return exchange -> call(exchange, reversals.voidCall(reversal(exchange)));
    }

    @Bean
    Processor reversalNotRecordedYet(InvoiceReversals reversals) {
        return exchange -> reversals.notRecordedYet(reversal(exchange));
    }

    /** The return of what is left of the SalesInvoice the answer holds. */
    @Bean
    Processor reversalReturnCall(InvoiceReversals reversals) {
        return exchange -> call(exchange, reversals.returnCall(reversal(exchange), answer(exchange),
                earlierReturns(exchange)));
    }

    /** The return of what is left of the fees' own documents. */
    @Bean
    Processor reversalOfFeesReturnCall(InvoiceReversals reversals) {
        return exchange -> call(exchange, reversals.returnCall(reversal(exchange), documents(exchange).original(),
                earlierReturns(exchange)));
    }

    @Bean
    Processor reversalVoidedEvent(LifecycleEvents events) {
        return exchange -> exchange.getMessage().setBody(events.voided(reversal(exchange), connection(exchange),
                answer(exchange), context(exchange).messageId(), earlierReturns(exchange)));
    }

    // --- credit_note.created ----------------------------------------------------------------------

    @Bean
    Processor creditNoteParse(CreditNoteTransactions notes) {
        return exchange -> parsed(exchange, notes.parse(context(exchange).body()));
    }

    @Bean
    Processor creditNoteTake(CreditNoteTransactions notes) {
        return exchange -> notes.take(creditNote(exchange), exchange.getExchangeId());
    }

    @Bean
    Processor creditNoteRelease(CreditNoteTransactions notes) {
        return exchange -> notes.release(creditNote(exchange), exchange.getExchangeId());
    }

    @Bean
    Processor creditNoteOriginals(CreditNoteTransactions notes) {
        return exchange -> exchange.setProperty(RECORDED_DOCUMENTS, notes.originals(creditNote(exchange)));
    }

    @Bean
    Processor creditNoteEarlierReturnsLookup(CreditNoteTransactions notes) {
        return exchange -> call(exchange, notes.earlierReturnsLookup(creditNote(exchange), documents(exchange)));
    }

    @Bean
    Processor creditNoteReturnCall(CreditNoteTransactions notes) {
        return exchange -> call(exchange, notes.returnCall(creditNote(exchange), documents(exchange), listed(exchange)));
    }

    @Bean
    Processor creditNoteCommittedEvent(LifecycleEvents events) {
        return exchange -> exchange.getMessage().setBody(events.creditNoteCommitted(creditNote(exchange),
                connection(exchange), answer(exchange), context(exchange).messageId(), documents(exchange).notReported()));
    }

    // --- invoice.finalized of an advance_charges invoice ------------------------------------------

    @Bean
    Processor advanceChargesDocuments(AdvanceCharges advanceCharges) {
        return exchange -> exchange.setProperty(RECORDED_DOCUMENTS,
                advanceCharges.documents(context(exchange).command(InvoiceCommand.class)));
    }

    @Bean
    Processor advanceChargesCommittedEvent(AdvanceCharges advanceCharges) {
        return exchange -> exchange.getMessage().setBody(advanceCharges.committed(
                context(exchange).command(InvoiceCommand.class), documents(exchange), context(exchange).messageId()));
    }

    // --- fee.pay_in_advance ---------------------------------------------------------------------

    @Bean
    Processor feeParse(PayInAdvanceFees fees) {
        return exchange -> parsed(exchange, fees.parse(context(exchange).body()));
    }

    @Bean
    Processor feeCall(PayInAdvanceFees fees) {
        return exchange -> {
            FeeCommand fee = fee(exchange);
            AvataxConnection connection = fees.connection(fee);
            exchange.setProperty(AvataxCallStep.CONNECTION, connection);
            call(exchange, fees.call(fee));
        };
    }

    @Bean
    Processor feeCalculatedEvent(LifecycleEvents events) {
        return exchange -> exchange.getMessage().setBody(events.feeCalculated(fee(exchange), connection(exchange),
                answer(exchange), context(exchange).messageId()));
    }

    // --- read-recorded-documents ----------------------------------------------------------------

    /** The documents' connection is the command's from here on. */
    @Bean
    Processor recordedDocumentsConnection() {
        return exchange -> exchange.setProperty(AvataxCallStep.CONNECTION, documents(exchange).connection());
    }

    /** How many documents the loop reads. */
    @Bean
    Expression recordedDocumentCount() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return documents(exchange).size();
            }
        };
    }

    @Bean
    Processor recordedDocumentLookup(RecordedDocumentReads reads) {
        return exchange -> call(exchange, reads.lookup(documents(exchange), loopIndex(exchange)));
    }

    @Bean
    Processor recordedDocumentNotRecordedYet(RecordedDocumentReads reads) {
        return exchange -> reads.notRecordedYet(documents(exchange), loopIndex(exchange));
    }

    @Bean
    Processor recordedDocumentFound(RecordedDocumentReads reads) {
        return exchange -> reads.found(documents(exchange), answer(exchange));
    }

    // ---------------------------------------------------------------------------------------------

    private static CommandContext context(Exchange exchange) {
        return CommandEnvelope.context(exchange);
    }

    private static AvataxConnection connection(Exchange exchange) {
        return exchange.getProperty(AvataxCallStep.CONNECTION, AvataxConnection.class);
    }

    private static void parsed(Exchange exchange, Object command) {
        context(exchange).command(command);
    }

    private static ReversalCommand reversal(Exchange exchange) {
        return context(exchange).command(ReversalCommand.class);
    }

    private static CreditNoteCommand creditNote(Exchange exchange) {
        return context(exchange).command(CreditNoteCommand.class);
    }

    private static FeeCommand fee(Exchange exchange) {
        return context(exchange).command(FeeCommand.class);
    }

    private static RecordedDocuments documents(Exchange exchange) {
        return exchange.getProperty(RECORDED_DOCUMENTS, RecordedDocuments.class);
    }

    private static EarlierReturns earlierReturns(Exchange exchange) {
        return exchange.getProperty(EARLIER_RETURNS, EarlierReturns.class);
    }

    private static void call(Exchange exchange, AvataxCall<?> call) {
        exchange.setProperty(AvataxCallStep.CALL, call);
    }

    private static AvataxCall<?> call(Exchange exchange) {
        return exchange.getProperty(AvataxCallStep.CALL, AvataxCall.class);
    }

    /** AvaTax's answer to the last call (null when there was none to make). */
    private static TransactionModel answer(Exchange exchange) {
        return exchange.getMessage().getBody(TransactionModel.class);
    }

    @SuppressWarnings("unchecked")
    private static FetchResult<TransactionModel> listed(Exchange exchange) {
        return (FetchResult<TransactionModel>) exchange.getMessage().getBody();
    }

    private static int loopIndex(Exchange exchange) {
        return exchange.getProperty(Exchange.LOOP_INDEX, Integer.class);
    }
}
