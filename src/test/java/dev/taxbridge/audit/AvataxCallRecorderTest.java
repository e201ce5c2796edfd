package dev.taxbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.route.CommandOutcomes;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the recorder takes from a call, without a broker: the log context and the document it names. */
class AvataxCallRecorderTest {

    private final AvataxConnection connection = new AvataxConnection("eu", "http://avatax", "ACME", "Basic x");
    private final AvataxCallRecorder recorder = new AvataxCallRecorder(null, null, null);

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void insideACommandTheConnectionJoinsTheLogContext() {
        MDC.put(CommandOutcomes.MESSAGE_ID, "msg-1");

        recorder.started(connection, AvataxEndpoints.ping());

        assertThat(MDC.get(CommandOutcomes.CONNECTION)).isEqualTo("eu");
    }

    @Test
    void outsideACommandTheCallersThreadIsLeftAsItWas() {
        recorder.started(connection, AvataxEndpoints.ping());

        assertThat(MDC.get(CommandOutcomes.CONNECTION)).isNull();
    }

    @Test
    void theDocumentIsAvataxsAnswerElseTheOneTheRequestNames() {
        AvataxCall<TransactionModel> get = AvataxEndpoints.getTransaction(connection.companyCode(), "inv/1",
                "SalesInvoice");
        TransactionModel answer = new TransactionModel(7L, "inv/1", 1L, LocalDate.parse("2026-12-01"), "Committed",
                "SalesInvoice", "USD", null, null, null, null, null, null, null, null);

        assertThat(AvataxCallRecorder.document(get, answer))
                .isEqualTo(new AvataxCall.Document("inv/1", "SalesInvoice", "2026-12-01"));
        assertThat(AvataxCallRecorder.document(get, null)).as("not answered")
                .isEqualTo(new AvataxCall.Document("inv/1", "SalesInvoice", null));
    }
}
