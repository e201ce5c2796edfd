package dev.taxbridge.invoice;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import dev.taxbridge.support.LagoFixtures;
import org.junit.jupiter.api.Test;

/**
 * One bridge, two Lago organizations: Lago's {@code invoice.created} webhook body (src/test/resources/lago/)
 * goes to the AvaTax connection of the {@code organization_id} in its envelope
 * ({@code tax.organizations.<id>.connection} in bridge-test.properties), over the real broker.
 */
class OrganizationConnectionsIntegrationTest extends BridgeIntegrationTest {

    private static final String ORGANIZATION_A = "7e3c1d10-0000-4000-8000-00000000000a";
    private static final String ORGANIZATION_B = "7e3c1d10-0000-4000-8000-00000000000b";

    @Test
    void eachOrganizationsInvoiceCreatedWebhookIsCommittedInItsOwnConnectionsCompany() {
        String invoiceA = commit(webhook("invoice.created.json", ORGANIZATION_A), "lago_us");
        String invoiceB = commit(webhook("invoice.created.json", ORGANIZATION_B), "lago_eu");

        assertThat(simulator.documents().get("DEVGUIDE", invoiceA, "SalesInvoice")).as("lago_us's company").isNotNull();
        assertThat(simulator.documents().get("DEFAULT", invoiceA, "SalesInvoice")).isNull();
        assertThat(simulator.documents().get("DEFAULT", invoiceB, "SalesInvoice")).as("lago_eu's company").isNotNull();
        assertThat(simulator.documents().get("DEVGUIDE", invoiceB, "SalesInvoice")).isNull();
        JsonNode linesB = simulator.journal().forDocument(invoiceB).get(0).body().at("/createTransactionModel/lines");
        assertThat(linesB.findValuesAsText("itemCode")).as("lago_eu's mappings")
                .containsOnly("LAGO_EU_FALLBACK");
    }

    @Test
    void theOrganizationsCreditNoteWebhookIsReturnedInTheSameCompanyAsItsInvoice() {
        String ids = LagoFixtures.freshIds();
        ObjectNode invoice = LagoFixtures.lago(mapper, "invoice.created.json", ids);
        invoice.put("organization_id", ORGANIZATION_A);
        String invoiceId = commit(invoice, "lago_us");
        ObjectNode creditNote = LagoFixtures.lago(mapper, "credit_note.created.json", ids);
        creditNote.put("organization_id", ORGANIZATION_A);
        String noteId = creditNote.at("/credit_note/lago_id").asText();

        publish("credit_note.created", creditNote, uniqueId("org-cn"));

        Event event = events.awaitOne("credit_note.taxes_committed", field("/credit_note/lago_id", noteId));
        assertThat(event.body().get("connection").asText()).isEqualTo("lago_us");
        assertThat(simulator.documents().get("DEVGUIDE", "cn_" + noteId, "ReturnInvoice")).as("lago_us's company")
                .isNotNull();
        assertThat(simulator.journal().forDocument(invoiceId)).as("the original read from lago_us")
                .anySatisfy(call -> assertThat(call.path()).contains("/companies/DEVGUIDE/"));
    }

    @Test
    void anOrganizationWithoutAConnectionOfItsOwnGoesToTheDefaultConnection() {
        String invoice = commit(webhook("invoice.created.json", "7e3c1d10-0000-4000-8000-0000000000ff"), "default");

        assertThat(simulator.documents().get("DEFAULT", invoice, "SalesInvoice")).isNotNull();
    }

    @Test
    void theCustomersAvalaraIntegrationWinsOverTheOrganization() {
        // Lago's REST invoice: its customer has an avalara integration_customers entry with integration_code lago_us.
        ObjectNode rest = LagoFixtures.lago(mapper, "invoice.rest.json", LagoFixtures.freshIds());
        rest.put("organization_id", ORGANIZATION_B);

        String invoice = commit(rest, "lago_us");

        assertThat(simulator.documents().get("DEVGUIDE", invoice, "SalesInvoice")).isNotNull();
    }

    @Test
    void anExplicitConnectionWinsOverTheOrganization() {
        ObjectNode webhook = webhook("invoice.created.json", ORGANIZATION_A);
        webhook.put("connection", "lago_eu");

        commit(webhook, "lago_eu");
    }

    private ObjectNode webhook(String fixture, String organizationId) {
        ObjectNode webhook = LagoFixtures.lago(mapper, fixture, LagoFixtures.freshIds());
        webhook.put("organization_id", organizationId);
        return webhook;
    }

    /** Publishes as {@code invoice.finalized}, awaits the committed event, checks its connection; the invoice id. */
    private String commit(ObjectNode body, String expectedConnection) {
        String invoiceId = body.at("/invoice/lago_id").asText();
        publish("invoice.finalized", body, uniqueId("org"));
        Event committed = events.awaitOne("invoice.taxes_committed", field("/invoice/lago_id", invoiceId));
        assertThat(committed.body().get("connection").asText()).isEqualTo(expectedConnection);
        return invoiceId;
    }
}
