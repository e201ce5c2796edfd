package dev.taxbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of docs/schemas (draft 2020-12) as the tests use them: validation of what the bridge
 * publishes and of command fixtures, and the two sides of "a field declared is a field written": the
 * fields a schema declares and the fields an instance holds, both as paths ({@code invoice.fees[].lago_id}).
 */
public final class ContractSchemas {

    public static final Path ROOT = Path.of("docs", "schemas");

    private static final ContractSchemas INSTANCE = new ContractSchemas();

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    public static ContractSchemas get() {
        return INSTANCE;
    }

    /** The schema of an event: {@code events/<name>.json}. */
    public static String eventSchema(String eventName) {
        return "events/" + eventName + ".json";
    }

    public static String commandSchema(String routingKey) {
        return "commands/" + routingKey + ".json";
    }

    /** A schema file, or a definition in one ({@code lago.json#/$defs/customer}). */
    public boolean exists(String schema) {
        return Files.isRegularFile(ROOT.resolve(schema.split("#", 2)[0]));
    }

    /** What is wrong with the instance, one line per violation; empty when it matches. */
    public List<String> violations(String schema, JsonNode instance) {
        if (!exists(schema)) {
            return List.of("no schema " + ROOT.resolve(schema));
        }
        JsonSchema compiled = schemas.computeIfAbsent(schema, s -> {
            String[] parts = s.split("#", 2);
            String uri = ROOT.resolve(parts[0]).toAbsolutePath().toUri() + (parts.length == 2 ? "#" + parts[1] : "");
            return factory.getSchema(SchemaLocation.of(uri), config);
        });
        List<String> found = new ArrayList<>();
        for (ValidationMessage message : compiled.validate(instance)) {
            found.add(message.getMessage());
        }
        return found;
    }

    /** Every field path the schema declares (properties, through $ref, items, allOf/anyOf/oneOf, if/then/else). */
    public Set<String> declaredFields(String schema) {
        Set<String> paths = new TreeSet<>();
        Path file = ROOT.resolve(schema).normalize();
        walkSchema(file, read(file), "", paths, 0);
        return paths;
    }

    /** Every field path the instance holds; array elements are {@code []}. */
    public static Set<String> writtenFields(JsonNode instance) {
        Set<String> paths = new TreeSet<>();
        walkInstance(instance, "", paths);
        return paths;
    }

    private void walkSchema(Path file, JsonNode node, String prefix, Set<String> paths, int depth) {
        if (node == null || !node.isObject() || depth > 40) {
            return;
        }
        JsonNode ref = node.get("$ref");
        if (ref != null) {
            String[] parts = ref.asText().split("#", 2);
            Path target = parts[0].isEmpty() ? file : file.resolveSibling(parts[0]).normalize();
            JsonNode resolved = read(target);
            if (parts.length == 2 && !parts[1].isEmpty()) {
                resolved = resolved.at(parts[1]);
            }
            walkSchema(target, resolved, prefix, paths, depth + 1);
        }
        JsonNode properties = node.get("properties");
        if (properties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
                paths.add(path);
                walkSchema(file, property.getValue(), path, paths, depth + 1);
            }
        }
        walkSchema(file, node.get("items"), prefix + "[]", paths, depth + 1);
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode branches = node.get(combinator);
            if (branches != null) {
                branches.forEach(branch -> walkSchema(file, branch, prefix, paths, depth + 1));
            }
        }
        walkSchema(file, node.get("then"), prefix, paths, depth + 1);
        walkSchema(file, node.get("else"), prefix, paths, depth + 1);
    }

    private static void walkInstance(JsonNode node, String prefix, Set<String> paths) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                walkInstance(field.getValue(), path, paths);
            });
        } else if (node.isArray()) {
            node.forEach(element -> walkInstance(element, prefix + "[]", paths));
        }
    }

    private JsonNode read(Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AMQP headers as JSON: long strings as text, numbers as numbers. */
    public ObjectNode headers(Map<String, Object> headers) {
        ObjectNode json = mapper.createObjectNode();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (value == null) {
                    json.putNull(name);
                } else if (value instanceof Number || value instanceof Boolean) {
                    json.set(name, mapper.valueToTree(value));
                } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
                    json.put(name, String.valueOf(value));
                } else {
                    json.put(name, value.toString());
                }
            });
        }
        return json;
    }
}
