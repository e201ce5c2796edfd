package dev.taxbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AvaTax's request models as its published SDK names their fields (src/test/resources/avatax/
 * sdk-model-fields.json). AvaTax ignores an unknown field without an error, so a misspelled field would be
 * lost silently: {@link #unknownFields} lists every JSON field of a body that the model does not have.
 */
public final class AvataxWireNames {

    private static final JsonNode SDK = load();

    private AvataxWireNames() {
    }

    /** Paths like {@code createTransactionModel.lines[0].taxCodee} of the fields AvaTax's model lacks. */
    public static List<String> unknownFields(JsonNode body, String model) {
        List<String> unknown = new ArrayList<>();
        walk(body, model, "", unknown);
        return unknown;
    }

    public static Set<String> fieldsOf(String model) {
        JsonNode fields = SDK.path("models").path(model);
        if (!fields.isArray()) {
            throw new IllegalArgumentException("no SDK field list for AvaTax model " + model);
        }
        Set<String> names = new HashSet<>();
        fields.forEach(name -> names.add(name.asText()));
        return names;
    }

    private static void walk(JsonNode node, String model, String path, List<String> unknown) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), model, path + "[" + i + "]", unknown);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Set<String> known = fieldsOf(model);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (!known.contains(field.getKey())) {
                unknown.add(model + ": " + at);
                continue;
            }
            JsonNode nested = SDK.path("nested").path(model + "." + field.getKey());
            if (nested.isTextual()) {
                walk(field.getValue(), nested.asText(), at, unknown);
            }
        }
    }

    private static JsonNode load() {
        try (InputStream in = AvataxWireNames.class.getResourceAsStream("/avatax/sdk-model-fields.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
