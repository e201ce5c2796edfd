package dev.taxbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.support.ContractSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command fixture validates against the schema of each routing key it is published with, and every
 * Lago object fixture against its Lago definition (docs/schemas/lago.json): the schemas producers read
 * accept what Lago emits. A new JSON file under the fixture folders must be listed here.
 */
class CommandFixturesTest {

    private static final Path TEST_RESOURCES = Path.of("src", "test", "resources");
    private static final Path SAMPLES = Path.of("src", "main", "resources", "samples");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A fixture (its part at {@code pointer}, {@code ""} for all of it) and the schema it must match. */
    record Case(Path file, String pointer, String schema) {
        @Override
        public String toString() {
            return file + (pointer.isEmpty() ? "" : " " + pointer) + " → " + schema;
        }
    }

    /** Files under the fixture folders that are not Lago's or a producer's bodies. */
    private static final Set<Path> NOT_COMMANDS = Set.of(
            TEST_RESOURCES.resolve("avatax/sdk-model-fields.json"),
            TEST_RESOURCES.resolve("bench/createoradjust-5-lines.json"),
            TEST_RESOURCES.resolve("contract/cases.json"));

    static List<Case> cases() throws IOException {
        Path lago = TEST_RESOURCES.resolve("lago");
        List<Case> cases = new java.util.ArrayList<>(List.of(
                command(lago.resolve("invoice.created.json"), "invoice.draft"),
                command(lago.resolve("invoice.created.json"), "invoice.finalized"),
                command(lago.resolve("invoice.created.json"), "invoice.voided"),
                command(lago.resolve("invoice.created.json"), "estimate.one_off_invoice"),
                command(lago.resolve("invoice.rest.json"), "invoice.draft"),
                command(lago.resolve("invoice.rest.json"), "invoice.finalized"),
                command(lago.resolve("credit_note.created.json"), "credit_note.created"),
                new Case(lago.resolve("fee.created.json"), "/fee", "lago.json#/$defs/pay_in_advance_fee"),
                new Case(lago.resolve("customer.created.json"), "/customer", "lago.json#/$defs/customer"),
                new Case(lago.resolve("customer_usage.json"), "/customer_usage", "lago.json#/$defs/customer_usage"),
                command(TEST_RESOURCES.resolve("bench/invoice-5-fees.json"), "invoice.finalized"),
                command(SAMPLES.resolve("invoice-2.2.1.json"), "invoice.draft"),
                command(SAMPLES.resolve("invoice-2.2.1.json"), "invoice.finalized"),
                command(SAMPLES.resolve("invoice-2.2.1.json"), "estimate.one_off_invoice")));
        Path realWorld = lago.resolve("customers.real-world.json");
        MAPPER.readTree(realWorld.toFile()).fieldNames().forEachRemaining(name ->
                cases.add(new Case(realWorld, "/" + name, "lago.json#/$defs/customer")));
        return cases;
    }

    private static Case command(Path file, String routingKey) {
        return new Case(file, "", ContractSchemas.commandSchema(routingKey));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixtureMatchesItsSchema(Case fixture) throws IOException {
        JsonNode body = MAPPER.readTree(fixture.file().toFile()).at(fixture.pointer());
        assertThat(body.isMissingNode()).as("%s has %s", fixture.file(), fixture.pointer()).isFalse();
        assertThat(ContractSchemas.get().violations(fixture.schema(), body)).as(fixture.toString()).isEmpty();
    }

    /** The commands the tests compose from Lago's webhooks: the fee or the customer with what the bridge adds. */
    @Test
    void composedCommandsMatchTheirSchemas() throws IOException {
        Path lago = TEST_RESOURCES.resolve("lago");
        ObjectNode fee = (ObjectNode) MAPPER.readTree(lago.resolve("fee.created.json").toFile());
        fee.set("customer", MAPPER.readTree(lago.resolve("invoice.created.json").toFile()).at("/invoice/customer"));
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("fee.pay_in_advance"), fee)).isEmpty();

        ObjectNode customer = (ObjectNode) MAPPER.readTree(lago.resolve("customer.created.json").toFile());
        customer.putObject("sync").put("create_in_avalara", true);
        for (String key : List.of("customer.created", "customer.updated")) {
            assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema(key), customer)).as(key).isEmpty();
        }

        ObjectNode usage = (ObjectNode) MAPPER.readTree(lago.resolve("customer_usage.json").toFile());
        usage.set("customer", customer.get("customer"));
        usage.put("external_subscription_id", "sub-1");
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("estimate.current_usage"), usage))
                .isEmpty();

        ObjectNode disputed = (ObjectNode) MAPPER.readTree(lago.resolve("invoice.created.json").toFile());
        disputed.putObject("dispute").put("status", "lost");
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("invoice.disputed"), disputed))
                .isEmpty();
        ObjectNode lost = MAPPER.createObjectNode();
        lost.putObject("payment_dispute_lost").set("invoice", disputed.get("invoice"));
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("invoice.disputed"), lost)).isEmpty();
    }

    /**
     * What the bridge reads of Lago's types, statuses and metadata, as Lago sends them: an advance_charges
     * invoice, a deleted draft to void, a fee Lago invoices, a credit note with its statuses, a customer with
     * its metadata. Lenient schemas, but typed: a value of the wrong type is refused.
     */
    @Test
    void lagosTypesStatusesAndMetadataMatchTheirSchemas() throws IOException {
        Path lago = TEST_RESOURCES.resolve("lago");
        ObjectNode advance = (ObjectNode) MAPPER.readTree(lago.resolve("invoice.created.json").toFile());
        ((ObjectNode) advance.get("invoice")).put("invoice_type", "advance_charges").put("status", "finalized");
        ((ObjectNode) advance.at("/invoice/fees/0")).put("pay_in_advance", true).put("invoiceable", false);
        ((ObjectNode) advance.at("/invoice/customer")).putArray("metadata").addObject().put("lago_id", "m-1")
                .put("key", "avalara_entity_use_code").put("value", "E").put("display_in_invoice", false)
                .put("created_at", "2026-01-05T09:00:00Z");
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("invoice.finalized"), advance))
                .isEmpty();
        ObjectNode deleted = advance.deepCopy();
        ((ObjectNode) deleted.get("invoice")).put("status", "deleted");
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("invoice.voided"), deleted)).isEmpty();

        ObjectNode fee = (ObjectNode) MAPPER.readTree(lago.resolve("fee.created.json").toFile());
        ((ObjectNode) fee.get("fee")).put("invoiceable", true).put("lago_invoice_id", "inv-1");
        fee.set("customer", advance.at("/invoice/customer"));
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("fee.pay_in_advance"), fee)).isEmpty();

        ObjectNode note = (ObjectNode) MAPPER.readTree(lago.resolve("credit_note.created.json").toFile());
        ((ObjectNode) note.get("credit_note")).put("status", "finalized").put("credit_status", "consumed");
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("credit_note.created"), note))
                .isEmpty();

        ((ObjectNode) fee.get("fee")).put("invoiceable", "yes");
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("fee.pay_in_advance"), fee))
                .anySatisfy(v -> assertThat(v).contains("invoiceable"));
        ((ObjectNode) advance.at("/invoice/customer/metadata/0")).put("key", 7);
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("invoice.finalized"), advance))
                .anySatisfy(v -> assertThat(v).contains("metadata"));
        ((ObjectNode) note.get("credit_note")).putObject("status");
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("credit_note.created"), note))
                .anySatisfy(v -> assertThat(v).contains("status"));
    }

    /** The schemas are not vacuous: what the bridge refuses as invalid_message, they refuse too. */
    @Test
    void aCommandMissingWhatTheBridgeRequiresIsRefusedByItsSchema() throws IOException {
        ObjectNode invoice = (ObjectNode) MAPPER.readTree(SAMPLES.resolve("invoice-2.2.1.json").toFile());
        ((ObjectNode) invoice.get("invoice")).remove("lago_id");
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("invoice.finalized"), invoice))
                .anySatisfy(v -> assertThat(v).contains("lago_id"));

        ObjectNode negative = (ObjectNode) MAPPER.readTree(SAMPLES.resolve("invoice-2.2.1.json").toFile());
        ((ObjectNode) negative.at("/invoice/fees/0")).put("amount_cents", -1);
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("invoice.finalized"), negative))
                .anySatisfy(v -> assertThat(v).contains("amount_cents"));

        ObjectNode customer = (ObjectNode) MAPPER.readTree(TEST_RESOURCES.resolve("lago/customer.created.json").toFile());
        assertThat(ContractSchemas.get().violations(ContractSchemas.commandSchema("customer.created"), customer))
                .as("sync is required").anySatisfy(v -> assertThat(v).contains("sync"));
        ((ObjectNode) customer.get("customer")).remove("external_id");
        assertThat(ContractSchemas.get().violations("lago.json#/$defs/customer", customer.get("customer")))
                .as("a definition is checked as well as a whole schema").anySatisfy(v -> assertThat(v).contains("external_id"));
    }

    @Test
    void everyJsonFixtureIsListed() throws IOException {
        Set<Path> listed = new java.util.HashSet<>(NOT_COMMANDS);
        cases().forEach(c -> listed.add(c.file()));
        try (Stream<Path> files = Stream.concat(Files.walk(TEST_RESOURCES), Files.walk(SAMPLES))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).toList())
                    .as("a JSON fixture with no schema to match: list it in CommandFixturesTest")
                    .allSatisfy(file -> assertThat(listed).contains(file));
        }
    }

    @Test
    void everyRoutingKeyTheBridgeServesHasACommandSchema() {
        for (String key : Map.of("invoice.draft", 0, "invoice.finalized", 0, "invoice.voided", 0, "invoice.disputed", 0,
                "credit_note.created", 0, "fee.pay_in_advance", 0, "customer.created", 0, "customer.updated", 0,
                "estimate.current_usage", 0, "estimate.one_off_invoice", 0).keySet()) {
            assertThat(ContractSchemas.get().exists(ContractSchemas.commandSchema(key))).as(key).isTrue();
        }
    }
}
