package dev.taxbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.AddressResolutionModel;
import dev.taxbridge.avatax.AvataxModels.CustomerModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxProperties;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.TestConnections;
import dev.taxbridge.customer.CustomerModels.AddressCheck;
import dev.taxbridge.customer.CustomerModels.CustomerSyncCommand;
import dev.taxbridge.customer.CustomerSync;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.invoice.InvoiceEvents;
import dev.taxbridge.invoice.InvoiceTransactions;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.lifecycle.EarlierReturns;
import dev.taxbridge.lifecycle.LifecycleEvents;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.FeeCommand;
import dev.taxbridge.lifecycle.LifecycleModels.ReversalCommand;
import dev.taxbridge.messaging.CommandReader;
import dev.taxbridge.messaging.FailureEvents;
import dev.taxbridge.messaging.FailureEvents.FailedCommand;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.support.LagoFixtures;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every outcome and failure event body, byte for byte, as the bridge's own ObjectMapper (application.yml's
 * {@code spring.jackson.*}) writes it: field order, absent and null fields, numbers. The schemas say which
 * fields an event may have; this says exactly what one is, so a change in how events are built cannot change
 * a byte of what subscribers receive unnoticed.
 */
class EventBodiesTest {

    private static final String IDS = "1a901a90-1a90-1a90-1a90-";
    private static final String INVOICE = IDS + "1a901a90a001";
    private static final String FEE_1 = IDS + "1a901a90e001";
    private static final String FEE_2 = IDS + "1a901a90e002";

    private static ObjectMapper mapper;
    private static CommandReader reader;
    private static ConnectionRegistry connections;
    private static AvataxConnection lagoUs;

    @BeforeAll
    static void theBridgesObjectMapper() {
        new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> mapper = context.getBean(ObjectMapper.class));
        reader = new CommandReader(mapper);
        AvataxProperties.ConnectionSettings settings = new AvataxProperties.ConnectionSettings("http://127.0.0.1:9",
                "1", "k", "LAGO_US");
        connections = TestConnections.registry(new AvataxProperties("default",
                Map.of("default", settings, "lago_us", settings), "test"));
        lagoUs = connections.byCode("lago_us");
    }

    private static byte[] fixture(String name) throws IOException {
        return mapper.writeValueAsBytes(LagoFixtures.lago(mapper, name, IDS));
    }

    private static String json(OutcomeEvent event) throws IOException {
        return mapper.writeValueAsString(event.body());
    }

    private static TransactionModel document(String json) throws IOException {
        return mapper.readValue(json.replace('\'', '"'), TransactionModel.class);
    }

    /** The invoice's two fees in one document: two jurisdictions on the first, an exemption on the second. */
    private static TransactionModel salesInvoice(String type, String code, String sign) throws IOException {
        return document("{'id': 101, 'code': '" + code + "', 'companyId': 7, 'date': '2026-11-01', 'status': 'Committed',"
                + " 'type': '" + type + "', 'currencyCode': 'USD', 'totalTax': " + sign + "9.01, 'lines': ["
                + "{'lineNumber': '" + FEE_1 + "', 'lineAmount': " + sign + "92.42, 'tax': " + sign + "9.01,"
                + " 'taxCalculated': " + sign + "9.0105, 'taxableAmount': " + sign + "92.42, 'exemptAmount': 0, 'details': ["
                + "{'jurisName': 'WASHINGTON', 'jurisType': 'STA', 'rate': 0.065, 'tax': " + sign + "6.01,"
                + " 'taxCalculated': " + sign + "6.0073, 'taxableAmount': " + sign + "92.42, 'taxName': 'WA STATE TAX'},"
                + "{'jurisName': 'SEATTLE', 'jurisType': 'CIT', 'rate': 0.0325, 'tax': " + sign + "3.00,"
                + " 'taxCalculated': " + sign + "3.0032, 'taxableAmount': " + sign + "92.42, 'taxName': 'WA CITY TAX'}]},"
                + "{'lineNumber': '" + FEE_2 + "', 'lineAmount': " + sign + "29.58, 'tax': 0, 'taxCalculated': 0,"
                + " 'taxableAmount': 0, 'exemptAmount': " + sign + "29.58, 'entityUseCode': 'E', 'exemptNo': 'EX-1', 'details': ["
                + "{'jurisName': 'WASHINGTON', 'jurisType': 'STA', 'rate': 0.065, 'tax': 0, 'taxCalculated': 0,"
                + " 'taxableAmount': 0, 'exemptAmount': " + sign + "29.58, 'taxName': 'WA STATE TAX'}]}]}");
    }

    @Test
    void invoiceTaxesCommittedAndEstimated() throws IOException {
        InvoiceCommand command = reader.read(fixture("invoice.created.json"), InvoiceCommand.class);
        InvoiceEvents events = new InvoiceEvents(new InvoiceTransactions(reader, connections, null, null, null));
        TransactionModel answer = salesInvoice("SalesInvoice", INVOICE, "");

        OutcomeEvent committed = events.committed(command, lagoUs, answer, "msg-1");

        assertThat(committed.name()).isEqualTo("invoice.taxes_committed");
        assertThat(committed.eventId()).isEqualTo(OutcomeEvent.eventId("msg-1", "invoice.taxes_committed"));
        assertThat(committed.sourceMessageId()).isEqualTo("msg-1");
        assertThat(json(committed)).isEqualTo("{\"event_id\":\"" + committed.eventId() + "\",\"connection\":\"lago_us\","
                + "\"invoice\":{\"lago_id\":\"" + INVOICE + "\",\"number\":\"ACM-2026-0012\",\"currency\":\"USD\","
                + "\"taxes_amount_cents\":901,\"fees\":[{\"lago_id\":\"" + FEE_1 + "\",\"amount_cents\":9242,"
                + "\"taxes_amount_cents\":901,\"taxes_rate\":9.75,\"exempt_amount_cents\":0,\"tax_breakdown\":["
                + "{\"name\":\"WA STATE TAX\",\"rate\":6.5,\"amount_cents\":601,\"type\":\"sta\"},"
                + "{\"name\":\"WA CITY TAX\",\"rate\":3.25,\"amount_cents\":300,\"type\":\"cit\"}]},"
                + "{\"lago_id\":\"" + FEE_2 + "\",\"amount_cents\":2957,\"taxes_amount_cents\":0,\"taxes_rate\":0,"
                + "\"exempt_amount_cents\":2958,\"tax_breakdown\":[{\"name\":\"WA STATE TAX\",\"rate\":0,"
                + "\"amount_cents\":0,\"type\":\"sta\"}],\"exemption\":{\"entity_use_code\":\"E\",\"exemption_no\":\"EX-1\","
                + "\"certificate_id\":null}}],\"avalara\":{\"transaction_code\":\"" + INVOICE + "\",\"transaction_id\":101,"
                + "\"document_type\":\"SalesInvoice\",\"status\":\"Committed\"},\"applied_taxes\":["
                + "{\"tax_name\":\"WA STATE TAX\",\"tax_code\":\"wa_state_tax\",\"tax_rate\":6.5,\"tax_description\":\"sta\","
                + "\"amount_cents\":601,\"amount_currency\":\"USD\",\"fees_amount_cents\":9242},"
                + "{\"tax_name\":\"WA CITY TAX\",\"tax_code\":\"wa_city_tax\",\"tax_rate\":3.25,\"tax_description\":\"cit\","
                + "\"amount_cents\":300,\"amount_currency\":\"USD\",\"fees_amount_cents\":9242},"
                + "{\"tax_name\":\"WA STATE TAX\",\"tax_code\":\"wa_state_tax\",\"tax_rate\":0,\"tax_description\":\"sta\","
                + "\"amount_cents\":0,\"amount_currency\":\"USD\",\"fees_amount_cents\":2957}]}}");

        OutcomeEvent estimated = events.estimated(command, connections.byCode("default"), null, "msg-2");
        assertThat(json(estimated)).isEqualTo("{\"event_id\":\"" + estimated.eventId() + "\",\"connection\":\"default\","
                + "\"invoice\":{\"lago_id\":\"" + INVOICE + "\",\"number\":\"ACM-2026-0012\",\"currency\":\"USD\","
                + "\"taxes_amount_cents\":0,\"fees\":[{\"lago_id\":\"" + FEE_1 + "\",\"amount_cents\":9242,"
                + "\"taxes_amount_cents\":0,\"taxes_rate\":0,\"exempt_amount_cents\":0,\"tax_breakdown\":[]},"
                + "{\"lago_id\":\"" + FEE_2 + "\",\"amount_cents\":2957,\"taxes_amount_cents\":0,\"taxes_rate\":0,"
                + "\"exempt_amount_cents\":0,\"tax_breakdown\":[]}],\"applied_taxes\":[]}}");

        OutcomeEvent elsewhere = events.committedElsewhere(command, List.of(
                salesInvoice("SalesInvoice", "fee_" + FEE_1, "")), "msg-3");
        assertThat(json(elsewhere)).startsWith("{\"event_id\":\"" + elsewhere.eventId() + "\",\"connection\":\"default\","
                + "\"invoice\":{\"lago_id\":\"" + INVOICE + "\",\"number\":\"ACM-2026-0012\",\"currency\":\"USD\","
                + "\"taxes_amount_cents\":901,\"fees\":[")
                .contains("\"documents\":[{\"transaction_code\":\"fee_" + FEE_1 + "\",\"transaction_id\":101,"
                        + "\"document_type\":\"SalesInvoice\",\"status\":\"Committed\"}],\"applied_taxes\":[")
                .doesNotContain("\"avalara\"");
    }

    @Test
    void lifecycleEvents() throws IOException {
        LifecycleEvents events = new LifecycleEvents();
        ReversalCommand reversal = reader.read(fixture("invoice.created.json"), ReversalCommand.class);
        TransactionModel returned = salesInvoice("ReturnInvoice", "void_" + INVOICE, "-");

        OutcomeEvent voided = events.voided(reversal, lagoUs, returned, "msg-4", null);
        assertThat(json(voided)).isEqualTo("{\"event_id\":\"" + voided.eventId() + "\",\"connection\":\"lago_us\","
                + "\"invoice\":{\"lago_id\":\"" + INVOICE + "\",\"number\":\"ACM-2026-0012\",\"currency\":\"USD\","
                + "\"reversal\":\"returned\",\"taxes_amount_cents\":901,\"fees\":[{\"lago_id\":\"" + FEE_1 + "\","
                + "\"amount_cents\":9242,\"taxes_amount_cents\":901,\"taxes_rate\":9.75,\"exempt_amount_cents\":0,"
                + "\"tax_breakdown\":[{\"name\":\"WA STATE TAX\",\"rate\":6.5,\"amount_cents\":601,\"type\":\"sta\"},"
                + "{\"name\":\"WA CITY TAX\",\"rate\":3.25,\"amount_cents\":300,\"type\":\"cit\"}]},{\"lago_id\":\""
                + FEE_2 + "\",\"amount_cents\":2958,\"taxes_amount_cents\":0,\"taxes_rate\":0,\"exempt_amount_cents\":2958,"
                + "\"tax_breakdown\":[{\"name\":\"WA STATE TAX\",\"rate\":0,\"amount_cents\":0,\"type\":\"sta\"}],"
                + "\"exemption\":{\"entity_use_code\":\"E\",\"exemption_no\":\"EX-1\",\"certificate_id\":null}}],"
                + "\"avalara\":{\"transaction_code\":\"void_" + INVOICE + "\",\"transaction_id\":101,"
                + "\"document_type\":\"ReturnInvoice\",\"status\":\"Committed\"},\"applied_taxes\":["
                + "{\"tax_name\":\"WA STATE TAX\",\"tax_code\":\"wa_state_tax\",\"tax_rate\":6.5,\"tax_description\":\"sta\","
                + "\"amount_cents\":601,\"amount_currency\":\"USD\",\"fees_amount_cents\":9242},"
                + "{\"tax_name\":\"WA CITY TAX\",\"tax_code\":\"wa_city_tax\",\"tax_rate\":3.25,\"tax_description\":\"cit\","
                + "\"amount_cents\":300,\"amount_currency\":\"USD\",\"fees_amount_cents\":9242},"
                + "{\"tax_name\":\"WA STATE TAX\",\"tax_code\":\"wa_state_tax\",\"tax_rate\":0,\"tax_description\":\"sta\","
                + "\"amount_cents\":0,\"amount_currency\":\"USD\",\"fees_amount_cents\":2958}]}}");

        OutcomeEvent nothing = events.voided(reversal, connections.byCode("default"), null, "msg-5", EarlierReturns.NONE);
        assertThat(json(nothing)).isEqualTo("{\"event_id\":\"" + nothing.eventId() + "\",\"connection\":\"default\","
                + "\"invoice\":{\"lago_id\":\"" + INVOICE + "\",\"number\":\"ACM-2026-0012\",\"currency\":\"USD\","
                + "\"reversal\":\"nothing_recorded\",\"taxes_amount_cents\":0,\"fees\":[],\"applied_taxes\":[]}}");

        CreditNoteCommand note = reader.read(fixture("credit_note.created.json"), CreditNoteCommand.class);
        OutcomeEvent credited = events.creditNoteCommitted(note, connections.byCode("default"), null, "msg-6", "invoice_voided");
        assertThat(json(credited)).isEqualTo("{\"event_id\":\"" + credited.eventId() + "\",\"connection\":\"default\","
                + "\"credit_note\":{\"lago_id\":\"" + IDS + "1a901a90cc01\",\"number\":\"ACM-2026-0012-CN001\","
                + "\"invoice_lago_id\":\"" + INVOICE + "\",\"invoice_number\":\"ACM-2026-0012\",\"currency\":\"USD\","
                + "\"not_reported\":\"invoice_voided\",\"taxes_amount_cents\":0,\"fees\":[{\"lago_id\":\"" + FEE_2 + "\","
                + "\"amount_cents\":2958,\"taxes_amount_cents\":0,\"taxes_rate\":0,\"exempt_amount_cents\":0,"
                + "\"tax_breakdown\":[]},{\"lago_id\":\"" + FEE_1 + "\",\"amount_cents\":4621,\"taxes_amount_cents\":0,"
                + "\"taxes_rate\":0,\"exempt_amount_cents\":0,\"tax_breakdown\":[]}],\"applied_taxes\":[]}}");

        FeeCommand fee = reader.read(fixture("fee.created.json"), FeeCommand.class);
        OutcomeEvent calculated = events.feeCalculated(fee, lagoUs, document("{'id': 5, 'code': 'fee_x', 'type':"
                + " 'SalesOrder', 'status': 'Temporary', 'currencyCode': 'USD', 'totalTax': 1.00, 'lines': [{'lineNumber':"
                + " 'f1', 'lineAmount': 10, 'tax': 1.00, 'taxCalculated': 1.00, 'details': [{'jurisType': 'STA',"
                + " 'jurisName': 'WASHINGTON', 'rate': 0.1, 'tax': 1.00, 'taxCalculated': 1.00}]}]}"), "msg-7");
        assertThat(json(calculated)).isEqualTo("{\"event_id\":\"" + calculated.eventId() + "\",\"connection\":\"lago_us\","
                + "\"fee\":{\"lago_id\":\"" + IDS + "1a901a90e021\",\"currency\":\"USD\",\"taxes_amount_cents\":100,"
                + "\"fees\":[{\"lago_id\":\"f1\",\"amount_cents\":1000,\"taxes_amount_cents\":100,\"taxes_rate\":10,"
                + "\"exempt_amount_cents\":0,\"tax_breakdown\":[{\"name\":\"WASHINGTON\",\"rate\":10,\"amount_cents\":100,"
                + "\"type\":\"sta\"}]}],\"avalara\":{\"transaction_code\":\"fee_x\",\"transaction_id\":5,"
                + "\"document_type\":\"SalesOrder\",\"status\":\"Temporary\"},\"applied_taxes\":[{\"tax_name\":\"WASHINGTON\","
                + "\"tax_code\":\"washington\",\"tax_rate\":10,\"tax_description\":\"sta\",\"amount_cents\":100,"
                + "\"amount_currency\":\"USD\",\"fees_amount_cents\":1000}]}}");
    }

    @Test
    void customerSyncedAndAddressUnresolved() throws IOException {
        CustomerSync sync = new CustomerSync(reader, connections);
        CustomerSyncCommand command = sync.parse(("{\"customer\": {\"lago_id\": \"c-1\", \"external_id\": \"ext-1\","
                + " \"integration_customers\": [{\"type\": \"avalara\", \"integration_code\": \"lago_us\"}]},"
                + " \"sync\": {\"create_in_avalara\": true}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AddressCheck unresolved = AddressCheck.of(mapper.readValue("{\"resolutionQuality\": \"NotCoded\","
                + " \"validatedAddresses\": [{\"line1\": \"1 Nowhere\", \"city\": \"X\", \"country\": \"US\"}],"
                + " \"messages\": [{\"summary\": \"unknown\", \"severity\": \"Error\"}]}", AddressResolutionModel.class));
        CustomerModel written = new CustomerModel(44L, 7L, "ext-1", "N", "1 Nowhere", null, "X", "WA", null, "US");

        OutcomeEvent synced = sync.synced(command, AvataxEndpoints.createCustomers(7, List.of(written)), 7,
                null, List.of(written), unresolved, "msg-8");
        String customer = "\"connection\":\"lago_us\",\"customer\":{\"lago_customer_id\":\"c-1\","
                + "\"external_customer_id\":\"ext-1\",\"tax_provider\":\"avalara\",\"tax_provider_code\":\"lago_us\","
                + "\"avalara_customer_id\":\"ext-1\",\"avalara\":{\"company_id\":7,\"customer_id\":44,"
                + "\"customer_code\":\"ext-1\",\"action\":\"created\"},\"address_resolution\":{\"quality\":\"NotCoded\","
                + "\"validated\":{\"line1\":\"1 Nowhere\",\"line2\":null,\"city\":\"X\",\"region\":null,\"postal_code\":null,"
                + "\"country\":\"US\",\"latitude\":null,\"longitude\":null},\"messages\":[{\"summary\":\"unknown\","
                + "\"details\":null,\"severity\":\"Error\",\"refers_to\":null}]}}}";
        assertThat(json(synced)).isEqualTo("{\"event_id\":\"" + synced.eventId() + "\"," + customer);

        OutcomeEvent addressUnresolved = sync.addressUnresolved(synced, unresolved);
        assertThat(addressUnresolved.name()).isEqualTo("customer.address_unresolved");
        assertThat(addressUnresolved.eventId()).isEqualTo(OutcomeEvent.eventId("msg-8", "customer.address_unresolved"));
        assertThat(json(addressUnresolved)).isEqualTo("{\"event_id\":\"" + addressUnresolved.eventId() + "\"," + customer);

        OutcomeEvent linked = sync.synced(new CustomerSyncCommand(null, command.customer(),
                new dev.taxbridge.customer.CustomerModels.Sync(false, "AVA-1")), null, 7, null, null, null, "msg-9");
        assertThat(json(linked)).isEqualTo("{\"event_id\":\"" + linked.eventId() + "\",\"connection\":\"lago_us\","
                + "\"customer\":{\"lago_customer_id\":\"c-1\",\"external_customer_id\":\"ext-1\",\"tax_provider\":\"avalara\","
                + "\"tax_provider_code\":\"lago_us\",\"avalara_customer_id\":\"AVA-1\",\"avalara\":{\"company_id\":7,"
                + "\"customer_code\":\"AVA-1\",\"action\":\"linked\"}}}");
    }

    private static List<OutcomeEvent> failed(String routingKey, String body, TaxBridgeException failure)
            throws IOException {
        JsonNode json = FailureEvents.readLeniently(mapper, body == null ? null : body.getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        return FailureEvents.eventsFor(new FailedCommand(routingKey, json, connections.codeNamedBy(json), failure,
                "msg-f"));
    }

    private static String jsonOf(List<OutcomeEvent> events) throws IOException {
        StringBuilder all = new StringBuilder();
        for (OutcomeEvent event : events) {
            all.append(event.name()).append(' ').append(json(event).replace(event.eventId(), "<id>")).append('\n');
        }
        return all.toString();
    }

    @Test
    void failureEvents() throws IOException {
        TaxBridgeException refused = new TaxBridgeException(ErrorCode.PROVIDER_ERROR, "AvaTax refused", "BadCode", null);
        assertThat(jsonOf(failed("invoice.finalized", new String(fixture("invoice.created.json"),
                java.nio.charset.StandardCharsets.UTF_8), refused))).isEqualTo("invoice.tax_provider_error "
                + "{\"event_id\":\"<id>\",\"lago_id\":\"" + INVOICE + "\",\"number\":\"ACM-2026-0012\","
                + "\"lago_customer_id\":\"" + IDS + "1a901a90c001\",\"external_customer_id\":\"cust_bainbridge_77\","
                + "\"tax_provider\":\"avalara\",\"tax_provider_code\":\"default\",\"stage\":\"finalize\","
                + "\"provider_error\":{\"message\":\"AvaTax refused\",\"error_code\":\"provider_error\","
                + "\"provider_code\":\"BadCode\"}}\n");

        TaxBridgeException noConnection = new TaxBridgeException(ErrorCode.CONNECTION_NOT_FOUND, "no 'nope'");
        assertThat(jsonOf(failed("credit_note.created", "{\"connection\": \"nope\", \"credit_note\": {\"lago_id\": \"cn\","
                + " \"customer\": {\"external_id\": \"e\"}}}", noConnection))).isEqualTo("credit_note.tax_provider_error "
                + "{\"event_id\":\"<id>\",\"lago_id\":\"cn\",\"external_customer_id\":\"e\",\"tax_provider\":\"avalara\","
                + "\"tax_provider_code\":\"nope\",\"stage\":\"credit_note\",\"provider_error\":{\"message\":\"no 'nope'\","
                + "\"error_code\":\"connection_not_found\"}}\n"
                + "integration.provider_error {\"event_id\":\"<id>\",\"provider\":\"avalara\",\"provider_code\":\"nope\","
                + "\"provider_error\":{\"message\":\"no 'nope'\",\"error_code\":\"connection_not_found\"}}\n");

        TaxBridgeException invalid = new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "not JSON");
        assertThat(jsonOf(failed("fee.pay_in_advance", "{not json", invalid))).isEqualTo("fee.tax_provider_error "
                + "{\"event_id\":\"<id>\",\"tax_provider\":\"avalara\",\"tax_provider_code\":\"default\","
                + "\"stage\":\"pay_in_advance\",\"provider_error\":{\"message\":\"not JSON\",\"error_code\":\"invalid_message\"}}\n");
        assertThat(jsonOf(failed("customer.updated", "{\"customer\": {\"lago_id\": 5, \"external_id\": \"x\"}}", invalid)))
                .isEqualTo("customer.tax_provider_error {\"event_id\":\"<id>\",\"lago_customer_id\":\"5\","
                        + "\"external_customer_id\":\"x\",\"tax_provider\":\"avalara\",\"tax_provider_code\":\"default\","
                        + "\"provider_error\":{\"message\":\"not JSON\",\"error_code\":\"invalid_message\"}}\n");
        assertThat(jsonOf(failed("estimate.current_usage", "{\"customer\": {\"external_id\": \"x\"}}", invalid)))
                .isEqualTo("customer.tax_provider_error {\"event_id\":\"<id>\",\"external_customer_id\":\"x\","
                        + "\"tax_provider\":\"avalara\",\"tax_provider_code\":\"default\",\"stage\":\"estimate\","
                        + "\"provider_error\":{\"message\":\"not JSON\",\"error_code\":\"invalid_message\"}}\n");
        assertThat(jsonOf(failed("nothing.known", null, invalid))).isEqualTo("integration.provider_error "
                + "{\"event_id\":\"<id>\",\"provider\":\"avalara\",\"provider_code\":\"default\",\"provider_error\":"
                + "{\"message\":\"not JSON\",\"error_code\":\"invalid_message\"}}\n");
    }
}
