package dev.taxbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.audit.AuditTrail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Reads the tax.audit stream of the test's vhost as an operator would (AMQP, x-stream-offset first). */
public final class AuditProbe {

    private final AuditTrail trail;

    public AuditProbe(AuditTrail trail) {
        this.trail = trail;
    }

    public List<JsonNode> records(Predicate<JsonNode> filter) {
        List<JsonNode> found = new ArrayList<>();
        try {
            trail.readAll(record -> {
                if (filter.test(record)) {
                    found.add(record);
                }
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** The records of one document, once there are at least {@code count}. */
    public List<JsonNode> awaitForDocument(String code, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> records(r -> code.equals(r.path("document_code").asText())), list -> list.size() >= count);
    }
}
