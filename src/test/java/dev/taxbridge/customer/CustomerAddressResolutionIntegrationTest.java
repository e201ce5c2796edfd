package dev.taxbridge.customer;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.taxbridge.messaging.OutcomeEvent;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.simulator.SimulatorJournal.Call;
import dev.taxbridge.support.AvataxWireNames;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.EventCollector.Event;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Customer sync resolves the customer's address with AvaTax ({@code addresses/resolve}) in each mode: the
 * default connection warns, {@code addrrequire} requires, {@code addroff} does not resolve; each with an
 * address the simulator places, one it cannot place and AvaTax unreachable for the resolve call. Every
 * customer has a line2 of its own, so its resolve calls are told apart in the simulator's journal.
 */
class CustomerAddressResolutionIntegrationTest extends BridgeIntegrationTest {

    private static final String RESOLVE = "/api/v2/addresses/resolve";
    private static final long DEFAULT_COMPANY_ID = 7010001;

    // --- warn (the default connection) ---

    @Test
    void warnWithAResolvableAddressSyncsTheCustomerWithTheResolution() {
        String code = uniqueId("cus");
        publish("customer.created", command(code, null, "100 Ravine Lane NE"), uniqueId("msg"));

        Event synced = events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", code));

        List<Call> resolves = resolves(code);
        assertThat(resolves).hasSize(1);
        assertThat(resolves.get(0).body()).isEqualTo(tree("""
                {"line1": "100 Ravine Lane NE", "line2": "%s", "city": "Bainbridge Island", "region": "WA",
                 "country": "US", "postalCode": "98110"}""".formatted(line2(code))));
        assertThat(AvataxWireNames.unknownFields(resolves.get(0).body(), "AddressValidationInfo")).isEmpty();
        JsonNode resolution = synced.body().at("/customer/address_resolution");
        assertThat(resolution.get("quality").asText()).isEqualTo("Rooftop");
        assertThat(resolution.at("/validated/line1").asText()).isEqualTo("100 RAVINE LANE NE");
        assertThat(resolution.at("/validated/postal_code").asText()).matches("98110-\\d{4}");
        assertThat(resolution.at("/validated/region").asText()).isEqualTo("WA");
        assertThat(resolution.at("/validated/country").asText()).isEqualTo("US");
        assertThat(resolution.at("/validated/latitude").isNumber()).isTrue();
        assertThat(resolution.get("messages")).isEmpty();
        assertThat(synced.body().at("/customer/avalara/action").asText()).isEqualTo("created");
        assertThat(events.named("customer.address_unresolved", field("/customer/external_customer_id", code)))
                .isEmpty();
    }

    @Test
    void warnWithAnUnresolvableAddressSyncsTheCustomerAndAnnouncesIt() {
        String code = uniqueId("cus");
        String messageId = uniqueId("msg");
        publish("customer.created", command(code, null, "Ravine Lane NE"), messageId);

        Event synced = events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", code));
        Event unresolved = events.awaitOne("customer.address_unresolved",
                field("/customer/external_customer_id", code));

        assertThat(resolves(code)).hasSize(1);
        JsonNode resolution = synced.body().at("/customer/address_resolution");
        assertThat(resolution).isEqualTo(tree("""
                {"quality": "NotCoded",
                 "validated": {"line1": "Ravine Lane NE", "line2": "%s", "city": "Bainbridge Island", "region": "WA",
                               "postal_code": "98110", "country": "US", "latitude": null, "longitude": null},
                 "messages": [{"summary": "Address cannot be geocoded.",
                   "details": "AddressNotGeocoded: the address could not be placed, so its tax jurisdictions cannot be determined.",
                   "severity": "Error", "refers_to": "Address"}]}""".formatted(line2(code))));
        assertThat(simulator.customers().get(DEFAULT_COMPANY_ID, code)).as("synced all the same").isNotNull();
        String eventId = OutcomeEvent.eventId(messageId, "customer.address_unresolved");
        assertThat(unresolved.body().get("event_id").asText()).isEqualTo(eventId);
        ObjectNode sameBody = ((ObjectNode) synced.body().deepCopy()).put("event_id", eventId);
        assertThat(unresolved.body()).as("the synced event's body").isEqualTo(sameBody);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> webhooks.deliveries(eventId).stream().anyMatch(d -> d.answered() == 200));
        assertThat(tree(webhooks.deliveries(eventId).get(0).body()).get("webhook_type").asText())
                .isEqualTo("customer.address_unresolved");
    }

    @Test
    void warnWithAvataxUnreachableRetriesTheResolveAndParksTheCommandWithoutWritingTheCustomer() {
        String code = uniqueId("cus");
        String messageId = uniqueId("msg");
        simulator.faults().add(new Fault(503, null, null, null, RESOLVE, null, null, null));
        publish("customer.created", command(code, null, "100 Ravine Lane NE"), messageId);

        Event failure = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", code));

        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("provider_unavailable");
        GetResponse parked = deadLetters.awaitParked("tax.customers.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("provider_unavailable");
        assertThat(resolves(code)).as("tax.retry.max-attempts").extracting(Call::status).containsExactly(503, 503, 503);
        assertThat(simulator.journal().forDocument(code)).as("nothing read or written").isEmpty();
    }

    @Test
    void aResolveThatFailsOnceIsRetriedAndTheCustomerSynced() {
        String code = uniqueId("cus");
        simulator.faults().add(new Fault(503, null, null, 1, RESOLVE, null, null, null));
        publish("customer.created", command(code, null, "100 Ravine Lane NE"), uniqueId("msg"));

        Event synced = events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", code));

        assertThat(resolves(code)).extracting(Call::status).containsExactly(503, 200);
        assertThat(synced.body().at("/customer/address_resolution/quality").asText()).isEqualTo("Rooftop");
    }

    // --- require ---

    @Test
    void requireWithAResolvableAddressSyncsTheCustomer() {
        String code = uniqueId("cus");
        publish("customer.created", command(code, "addrrequire", "100 Ravine Lane NE"), uniqueId("msg"));

        Event synced = events.awaitOne("customer.tax_provider_synced", field("/customer/external_customer_id", code));

        assertThat(resolves(code)).hasSize(1);
        assertThat(synced.body().get("connection").asText()).isEqualTo("addrrequire");
        assertThat(synced.body().at("/customer/address_resolution/quality").asText()).isEqualTo("Rooftop");
        assertThat(simulator.customers().get(DEFAULT_COMPANY_ID, code)).isNotNull();
    }

    @Test
    void requireWithAnUnresolvableAddressParksTheCommandAsInvalidAddressBeforeWritingAnything() {
        String code = uniqueId("cus");
        String messageId = uniqueId("msg");
        publish("customer.created", command(code, "addrrequire", "Ravine Lane NE"), messageId);

        Event failure = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", code));

        assertThat(failure.body().get("tax_provider_code").asText()).isEqualTo("addrrequire");
        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("invalid_address");
        assertThat(failure.body().at("/provider_error/message").asText())
                .isEqualTo("AvaTax cannot place the address of customer '" + code
                        + "' (resolution quality NotCoded: Address cannot be geocoded.)");
        GetResponse parked = deadLetters.awaitParked("tax.customers.dlq", messageId);
        assertThat(parked.getProps().getHeaders().get("x-error-code").toString()).isEqualTo("invalid_address");
        assertThat(resolves(code)).as("refused at once, not retried").hasSize(1);
        assertThat(simulator.journal().forDocument(code)).as("nothing read or written").isEmpty();
        assertThat(events.named("customer.tax_provider_synced", field("/customer/external_customer_id", code)))
                .isEmpty();
    }

    @Test
    void requireWithAvataxUnreachableParksTheCommandAsUnavailable() {
        String code = uniqueId("cus");
        String messageId = uniqueId("msg");
        simulator.faults().add(new Fault(503, null, null, null, RESOLVE, null, null, null));
        publish("customer.created", command(code, "addrrequire", "100 Ravine Lane NE"), messageId);

        Event failure = events.awaitOne("customer.tax_provider_error", field("/external_customer_id", code));

        assertThat(failure.body().at("/provider_error/error_code").asText()).isEqualTo("provider_unavailable");
        deadLetters.awaitParked("tax.customers.dlq", messageId);
        assertThat(resolves(code)).extracting(Call::status).containsExactly(503, 503, 503);
        assertThat(simulator.customers().get(DEFAULT_COMPANY_ID, code)).isNull();
    }

    // --- off ---

    @Test
    void offSyncsEveryCustomerWithoutResolvingEvenWhenAvataxCouldNotResolveIt() {
        simulator.faults().add(new Fault(503, null, null, null, RESOLVE, null, null, null));
        String placed = uniqueId("cus");
        String unplaced = uniqueId("cus");
        publish("customer.created", command(placed, "addroff", "100 Ravine Lane NE"), uniqueId("msg"));
        publish("customer.created", command(unplaced, "addroff", "Ravine Lane NE"), uniqueId("msg"));

        for (String code : List.of(placed, unplaced)) {
            Event synced = events.awaitOne("customer.tax_provider_synced",
                    field("/customer/external_customer_id", code));
            assertThat(synced.body().at("/customer/avalara/action").asText()).isEqualTo("created");
            assertThat(synced.body().get("customer").has("address_resolution")).isFalse();
            assertThat(resolves(code)).as("no resolve call").isEmpty();
            assertThat(simulator.customers().get(DEFAULT_COMPANY_ID, code)).isNotNull();
        }
        assertThat(events.named("customer.address_unresolved", field("/customer/external_customer_id", unplaced)))
                .isEmpty();
    }

    /** The resolve calls of one customer's address (its line2 is its own). */
    private List<Call> resolves(String code) {
        return simulator.journal().calls(call -> RESOLVE.equals(call.path()) && call.body() != null
                && line2(code).equals(call.body().path("line2").asText()));
    }

    private static String line2(String code) {
        return "Suite " + code;
    }

    private ObjectNode command(String code, String connection, String line1) {
        ObjectNode command = (ObjectNode) tree("""
                {"customer": {"lago_id": "lago-%s", "external_id": "%s", "name": "Test Customer",
                  "address_line1": "%s", "address_line2": "%s", "city": "Bainbridge Island", "state": "WA",
                  "zipcode": "98110", "country": "US"},
                 "sync": {"create_in_avalara": true}}""".formatted(code, code, line1, line2(code)));
        if (connection != null) {
            command.put("connection", connection);
        }
        return command;
    }
}
