package dev.taxbridge.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads the Lago bodies of src/test/resources/lago/ with their ids made fresh: every id there starts
 * with {@link #ID_PREFIX}, replaced by a random prefix, so cross references stay consistent and a test
 * can run twice on the same broker.
 */
public final class LagoFixtures {

    public static final String ID_PREFIX = "1a901a90-1a90-1a90-1a90-";

    private LagoFixtures() {
    }

    public static String freshIds() {
        return UUID.randomUUID().toString().substring(0, ID_PREFIX.length());
    }

    public static ObjectNode read(ObjectMapper mapper, String fixture, String idPrefix) {
        try (InputStream in = LagoFixtures.class.getResourceAsStream("/lago/" + fixture)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (ObjectNode) mapper.readTree(json.replace(ID_PREFIX, idPrefix));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
