package dev.taxbridge.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Lago's own bodies (src/test/resources/lago/), with every id moved to a fresh prefix of the same length,
 * so ids stay UUIDs, cross references stay consistent and the suite can run twice on the same broker.
 */
public final class LagoFixtures {

    private static final String FIXTURE_ID_PREFIX = "1a901a90-1a90-1a90-1a90-";

    private LagoFixtures() {
    }

    public static ObjectNode lago(ObjectMapper mapper, String fixture, String idPrefix) {
        try (InputStream in = LagoFixtures.class.getResourceAsStream("/lago/" + fixture)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (ObjectNode) mapper.readTree(json.replace(FIXTURE_ID_PREFIX, idPrefix));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String freshIds() {
        return UUID.randomUUID().toString().substring(0, FIXTURE_ID_PREFIX.length());
    }
}
