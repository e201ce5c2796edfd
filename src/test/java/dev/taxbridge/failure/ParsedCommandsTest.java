package dev.taxbridge.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.avatax.AvataxProperties;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.TestConnections;
import dev.taxbridge.avatax.OrganizationProperties;
import dev.taxbridge.customer.CustomerModels.CustomerSyncCommand;
import dev.taxbridge.customer.CustomerSync;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.FeeCommand;
import dev.taxbridge.lifecycle.LifecycleModels.ReversalCommand;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.messaging.FailureEvents;
import dev.taxbridge.messaging.FailureEvents.FailedCommand;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.support.LagoFixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A parked command that had parsed is not read again: its failure events and {@code x-connection} come from
 * {@link ParsedCommands#outline}. For every kind of command, and the shapes that decide what those name
 * (explicit, unknown and organization connections, typed and untyped Avalara links, a lost dispute in Lago's
 * own webhook shape, a credit note with its invoice), the outline gives the events and connection that reading
 * the body gives, byte for byte.
 */
class ParsedCommandsTest {

    /** As application.yml configures the bridge's: unknown fields ignored, floats as BigDecimal. */
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final CommandReader READER = new CommandReader(MAPPER);
    private static final AvataxProperties.ConnectionSettings SETTINGS = new AvataxProperties.ConnectionSettings(
            "http://127.0.0.1:9", "1", "k", "C");
    private static final ConnectionRegistry CONNECTIONS = TestConnections.registry(new AvataxProperties("default",
            Map.of("default", SETTINGS, "lago_us", SETTINGS, "org_conn", SETTINGS), "test"),
            new OrganizationProperties(Map.of("org-1", new OrganizationProperties.Organization("Org_Conn"))));
    private static final String IDS = "1a901a90-1a90-1a90-1a90-";

    private static ObjectNode lago(String fixture) {
        return LagoFixtures.lago(MAPPER, fixture, IDS);
    }

    private static JsonNode json(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    static Stream<Arguments> commands() throws Exception {
        ObjectNode invoice = lago("invoice.created.json");
        ObjectNode linked = lago("invoice.rest.json");
        ObjectNode explicit = lago("invoice.created.json").put("connection", " Nope ");
        ObjectNode untyped = lago("invoice.created.json");
        ((ObjectNode) untyped.path("invoice").path("customer")).set("integration_customers", json(
                "[null, {\"type\": null, \"integration_code\": \"netsuite\"}, {\"type\": null, \"integration_code\": \"lago_us\"}]"));
        ObjectNode blankLink = lago("invoice.created.json").put("organization_id", "org-1");
        ((ObjectNode) blankLink.path("invoice").path("customer")).set("integration_customers", json(
                "[{\"integration_type\": \"Avalara\", \"integration_code\": \" \"}]"));
        ObjectNode disputeLost = (ObjectNode) json("{\"organization_id\": \"org-1\", \"payment_dispute_lost\": {\"invoice\": "
                + invoice.path("invoice") + "}}");
        ObjectNode creditNote = lago("credit_note.created.json");
        creditNote.set("invoice", linked.path("invoice"));
        ObjectNode fee = lago("fee.created.json");
        fee.set("customer", linked.path("invoice").path("customer"));
        ObjectNode customer = lago("customer.created.json").put("organization_id", "unknown-org");
        customer.set("sync", json("{\"create_in_avalara\": true}"));
        ObjectNode untypedCustomer = lago("customer.created.json");
        ((ObjectNode) untypedCustomer.path("customer")).set("integration_customers", json(
                "[{\"type\": null, \"integration_code\": \"lago_us\", \"external_customer_id\": \"AVA-9\"}]"));
        untypedCustomer.set("sync", json("{\"create_in_avalara\": false}"));
        return Stream.of(
                Arguments.of("invoice.finalized", invoice, InvoiceCommand.class),
                Arguments.of("invoice.draft", linked, InvoiceCommand.class),
                Arguments.of("invoice.finalized", explicit, InvoiceCommand.class),
                Arguments.of("invoice.finalized", untyped, InvoiceCommand.class),
                Arguments.of("invoice.finalized", blankLink, InvoiceCommand.class),
                Arguments.of("invoice.voided", linked, ReversalCommand.class),
                Arguments.of("invoice.disputed", disputeLost, ReversalCommand.class),
                Arguments.of("credit_note.created", creditNote, CreditNoteCommand.class),
                Arguments.of("credit_note.created", lago("credit_note.created.json"), CreditNoteCommand.class),
                Arguments.of("fee.pay_in_advance", fee, FeeCommand.class),
                Arguments.of("customer.created", customer, CustomerSyncCommand.class),
                Arguments.of("customer.updated", untypedCustomer, CustomerSyncCommand.class));
    }

    @ParameterizedTest(name = "{0} ({index})")
    @MethodSource("commands")
    void theOutlineOfTheParsedCommandNamesWhatItsBodyNames(String routingKey, ObjectNode command, Class<?> type)
            throws Exception {
        byte[] body = MAPPER.writeValueAsBytes(command);
        Object parsed = type == CustomerSyncCommand.class ? new CustomerSync(READER, CONNECTIONS).parse(body)
                : READER.read(body, type);
        JsonNode read = FailureEvents.readLeniently(MAPPER, body);

        JsonNode outline = ParsedCommands.outline(parsed);

        assertThat(outline).as("an outline of a parsed %s", type.getSimpleName()).isNotNull();
        assertThat(CONNECTIONS.codeNamedBy(outline)).isEqualTo(CONNECTIONS.codeNamedBy(read));
        for (ErrorCode code : List.of(ErrorCode.PROVIDER_ERROR, ErrorCode.CONNECTION_NOT_FOUND)) {
            TaxBridgeException failure = new TaxBridgeException(code, "failed", "Code", null);
            assertThat(events(routingKey, outline, failure)).isEqualTo(events(routingKey, read, failure))
                    .contains("\"external_customer_id\"").contains("\"tax_provider_code\":\"" + CONNECTIONS.codeNamedBy(read) + "\"");
        }
    }

    private static String events(String routingKey, JsonNode body, TaxBridgeException failure) throws Exception {
        StringBuilder all = new StringBuilder();
        for (OutcomeEvent event : FailureEvents.eventsFor(new FailedCommand(routingKey, body,
                CONNECTIONS.codeNamedBy(body), failure, "msg-1"))) {
            all.append(event.name()).append(' ').append(MAPPER.writeValueAsString(event.body())).append('\n');
        }
        return all.toString();
    }

    @ParameterizedTest
    @MethodSource("notParsed")
    void aCommandThatDidNotParseHasNoOutline(Object parsed) {
        assertThat(ParsedCommands.outline(parsed)).isNull();
    }

    static Stream<Arguments> notParsed() {
        return Stream.of(Arguments.of((Object) null), Arguments.of("an estimate or anything else"));
    }
}
