package dev.taxbridge.lago;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.taxbridge.customer.CustomerModels.CustomerSyncCommand;
import dev.taxbridge.estimate.EstimateModels.CurrentUsageRequest;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.FeeCommand;
import dev.taxbridge.lifecycle.LifecycleModels.ReversalCommand;
import dev.taxbridge.messaging.CommandReader;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Every command that takes a Lago body reads the organization_id of Lago's webhook envelope. */
class OrganizationIdTest {

    private static final String ORGANIZATION = "1a901a90-1a90-1a90-1a90-1a901a90f001";
    private final CommandReader reader = new CommandReader(JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());

    @Test
    void invoiceCreditNoteFeeAndCustomerWebhookBodiesCarryTheirOrganization() throws IOException {
        assertThat(reader.read(fixture("invoice.created.json"), InvoiceCommand.class).organizationId())
                .isEqualTo(ORGANIZATION);
        assertThat(reader.read(fixture("invoice.created.json"), ReversalCommand.class).organizationId())
                .isEqualTo(ORGANIZATION);
        assertThat(reader.read(fixture("credit_note.created.json"), CreditNoteCommand.class).organizationId())
                .isEqualTo(ORGANIZATION);
        assertThat(reader.read(fixture("fee.created.json"), FeeCommand.class).organizationId())
                .isEqualTo(ORGANIZATION);
        assertThat(reader.read(fixture("customer.created.json"), CustomerSyncCommand.class).organizationId())
                .isEqualTo(ORGANIZATION);
        assertThat(reader.read("{\"organization_id\": \"o-1\"}".getBytes(), CurrentUsageRequest.class)
                .organizationId()).isEqualTo("o-1");
    }

    @Test
    void lagosRestBodiesHaveNone() throws IOException {
        InvoiceCommand rest = reader.read(fixture("invoice.rest.json"), InvoiceCommand.class);

        assertThat(rest.organizationId()).isNull();
        assertThat(rest.invoice().lagoId()).isNotBlank();
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OrganizationIdTest.class.getResourceAsStream("/lago/" + name)) {
            return in.readAllBytes();
        }
    }
}
