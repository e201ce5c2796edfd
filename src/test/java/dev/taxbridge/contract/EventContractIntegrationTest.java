package dev.taxbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.estimate.EstimateClient;
import dev.taxbridge.messaging.TopologyProperties;
import dev.taxbridge.simulator.SimulatorFaults.Fault;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.ContractSchemas;
import dev.taxbridge.support.EventCollector;
import dev.taxbridge.support.LagoFixtures;
import dev.taxbridge.support.WebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The other half of "the schemas are the code": a field a schema declares is a field the bridge writes.
 * The commands of src/test/resources/contract/cases.json are published in order; every event, reply,
 * webhook and event header they produce is validated (the shared check of {@link EventCollector}, of
 * {@link EstimateClient} and of {@link WebhookReceiver}), and every field path each schema declares must
 * occur in at least one of them. Adding a field is a schema edit plus, when no case writes it yet, a case.
 */
class EventContractIntegrationTest extends BridgeIntegrationTest {

    private static final String CASES = "/contract/cases.json";

    @Autowired
    private TopologyProperties topology;

    @Test
    void everyFieldTheSchemasDeclareIsWrittenByTheBridge() throws Exception {
        JsonNode cases = tree(new String(resource(CASES).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .get("cases");
        Map<String, String> groups = new HashMap<>();
        Map<String, List<JsonNode>> written = new TreeMap<>();
        try (EstimateClient estimates = new EstimateClient(connectionFactory, mapper, true)) {
            for (JsonNode testCase : cases) {
                String ids = groups.computeIfAbsent(testCase.path("ids").asText(UUID.randomUUID().toString()),
                        group -> LagoFixtures.freshIds());
                ObjectNode body = body(testCase, ids);
                String messageId = uniqueId("contract");
                JsonNode fault = testCase.get("fault");
                if (fault != null) {
                    String document = fault.get("document_prefix").asText()
                            + body.at(fault.get("document_pointer").asText()).asText();
                    simulator.faults().add(new Fault(fault.get("status").asInt(), null, null, null, null, document,
                            null, null));
                }
                List<String> expected = new ArrayList<>();
                testCase.get("expect").forEach(e -> expected.add(e.asText()));
                Map<String, Long> before = new HashMap<>();
                expected.forEach(e -> before.put(e, count(e, null)));
                String routingKey = testCase.get("routing_key").asText();
                boolean request = testCase.path("request").asBoolean();
                if (request) {
                    JsonNode reply = estimates.request(routingKey, body, messageId).body();
                    written.computeIfAbsent("replies/estimate.json", k -> new ArrayList<>()).add(reply);
                } else {
                    publish(routingKey, body, messageId);
                }
                for (String event : expected.stream().filter(e -> !e.equals("reply")).toList()) {
                    // A request's events carry the id EstimateClient gave the request: counted, not matched.
                    String source = request ? null : messageId;
                    long already = request ? before.get(event) : 0;
                    try {
                        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(event, source) > already);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("case '" + testCase.get("name").asText() + "' produced no " + event, e);
                    }
                }
                simulator.faults().clear();
            }
        }
        for (EventCollector.Event event : events.all()) {
            if (event.properties().getType() != null && !event.name().startsWith(EventCollector.TEST_PROBE)) {
                written.computeIfAbsent(ContractSchemas.eventSchema(event.name()), k -> new ArrayList<>()).add(event.body());
                written.computeIfAbsent("headers/event.json", k -> new ArrayList<>())
                        .add(ContractSchemas.get().headers(event.properties().getHeaders()));
            }
        }
        Set<String> webhookIds = new TreeSet<>();
        events.all().stream().filter(e -> boundToWebhooks(e.name()))
                .forEach(e -> webhookIds.add(e.body().get("event_id").asText()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> webhookIds.stream()
                .allMatch(id -> !WebhookReceiver.get().deliveries(id).isEmpty()));
        for (String id : webhookIds) {
            for (WebhookReceiver.Delivery delivery : WebhookReceiver.get().deliveries(id)) {
                written.computeIfAbsent("webhooks/body.json", k -> new ArrayList<>()).add(tree(delivery.body()));
            }
        }

        Map<String, Set<String>> neverWritten = new LinkedHashMap<>();
        for (String schema : coveredSchemas()) {
            Set<String> declared = ContractSchemas.get().declaredFields(schema);
            Set<String> seen = new TreeSet<>();
            written.getOrDefault(schema, List.of()).forEach(instance -> seen.addAll(ContractSchemas.writtenFields(instance)));
            declared.removeAll(seen);
            if (written.getOrDefault(schema, List.of()).isEmpty()) {
                neverWritten.put(schema, Set.of("(no case produces it at all)"));
            } else if (!declared.isEmpty()) {
                neverWritten.put(schema, declared);
            }
        }
        assertThat(neverWritten).as("fields the schemas declare that no case of %s made the bridge write "
                + "(add a case, or drop the field from the schema)", CASES).isEmpty();
    }

    /** Every event schema, the estimate reply, the webhook body and the events' headers. */
    private static List<String> coveredSchemas() throws IOException {
        List<String> schemas = new ArrayList<>();
        try (Stream<Path> files = Files.list(ContractSchemas.ROOT.resolve("events"))) {
            files.map(f -> "events/" + f.getFileName()).sorted().forEach(schemas::add);
        }
        schemas.addAll(List.of("replies/estimate.json", "webhooks/body.json", "headers/event.json"));
        return schemas;
    }

    /** The event is delivered as a webhook: tax.topology.webhook-events binds it to tax.webhooks (topic patterns). */
    private boolean boundToWebhooks(String event) {
        return topology.webhookEvents().stream().anyMatch(pattern -> event.matches(topicRegex(pattern)));
    }

    /** An AMQP topic pattern as a regex over dot-separated words: {@code *} one word, {@code #} none or more. */
    static String topicRegex(String pattern) {
        String[] words = pattern.split("\\.", -1);
        if (words.length == 1 && words[0].equals("#")) {
            return ".*";
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            boolean afterLeadingHash = i == 1 && words[0].equals("#");
            String separator = i == 0 || afterLeadingHash ? "" : "\\.";
            switch (words[i]) {
                case "#" -> regex.append(i == 0 ? "(?:[^.]+\\.)*" : "(?:\\.[^.]+)*");
                case "*" -> regex.append(separator).append("[^.]+");
                default -> regex.append(separator).append(java.util.regex.Pattern.quote(words[i]));
            }
        }
        return regex.toString();
    }

    @Test
    void topicPatternsMatchAsTheBrokerMatchesThem() {
        assertThat("invoice.tax_provider_error").matches(topicRegex("#.tax_provider_error"));
        assertThat("tax_provider_error").matches(topicRegex("#.tax_provider_error"));
        assertThat("invoice.taxes_committed").doesNotMatch(topicRegex("#.tax_provider_error"));
        assertThat("customer.address_unresolved").matches(topicRegex("customer.address_unresolved"))
                .matches(topicRegex("customer.*")).matches(topicRegex("#")).doesNotMatch(topicRegex("*"));
        assertThat("customerXaddress_unresolved").doesNotMatch(topicRegex("customer.address_unresolved"));
        assertThat("a.b.c.d").matches(topicRegex("a.#.d")).matches(topicRegex("a.#")).doesNotMatch(topicRegex("a.*.d"));
        assertThat("a.d").matches(topicRegex("a.#.d"));
    }

    /** Events of that name (announcing that command's outcome, when {@code source} is given). */
    private long count(String event, String source) {
        return events.all().stream().filter(e -> e.name().equals(event)).filter(e -> source == null
                || source.equals(String.valueOf(e.properties().getHeaders().get("x-source-message-id")))).count();
    }

    /** The case's fixture, its {@code set} values put in first, then its {@code with} parts. */
    private ObjectNode body(JsonNode testCase, String ids) throws IOException {
        ObjectNode body = fixture(testCase.get("fixture").asText(), ids);
        testCase.path("set").fields().forEachRemaining(part ->
                set(body, part.getKey(), part.getValue().isTextual()
                        ? mapper.getNodeFactory().textNode(part.getValue().asText().replace("{ids}", ids))
                        : part.getValue()));
        testCase.path("with").fields().forEachRemaining(part -> {
            try {
                JsonNode from = fixture(part.getValue().get("fixture").asText(), ids)
                        .at(part.getValue().get("pointer").asText());
                set(body, part.getKey(), from);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return body;
    }

    private ObjectNode fixture(String name, String ids) throws IOException {
        if (name.startsWith("lago/")) {
            return LagoFixtures.lago(mapper, name.substring("lago/".length()), ids);
        }
        try (InputStream in = resource("/" + name)) {
            return (ObjectNode) mapper.readTree(in);
        }
    }

    /** Sets the value at a JSON pointer; in an array, {@code /-} appends and an index replaces. */
    private static void set(ObjectNode root, String pointer, JsonNode value) {
        int last = pointer.lastIndexOf('/');
        JsonNode parent = last == 0 ? root : root.at(pointer.substring(0, last));
        String name = pointer.substring(last + 1);
        if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            if (name.equals("-")) {
                array.add(value.deepCopy());
            } else {
                array.set(Integer.parseInt(name), value.deepCopy());
            }
        } else {
            ((ObjectNode) parent).set(name, value.deepCopy());
        }
    }

    private static InputStream resource(String name) {
        InputStream in = EventContractIntegrationTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("no resource " + name);
        }
        return in;
    }
}
