package dev.taxbridge.messaging;

import static dev.taxbridge.support.EventCollector.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import dev.taxbridge.support.BridgeIntegrationTest;
import dev.taxbridge.support.SuiteBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How often the bridge works through one command's body, counted from outside its code: every SHA-256
 * digest of exactly those bytes (a security provider in front of the JDK's, counting and delegating), and
 * every JSON parser the bridge's ObjectMapper opens on them (its JsonFactory, counting). The message id is
 * derived once; the body is read once for the log context and parsed once, and a command that parsed is
 * parked without being read again.
 */
@DirtiesContext
@Import(PerCommandWorkIntegrationTest.CountingJson.class)
class PerCommandWorkIntegrationTest extends BridgeIntegrationTest {

    /** The body being counted; every other digest or parse is left alone. */
    private static volatile byte[] watched = new byte[0];
    private static final AtomicInteger DIGESTS = new AtomicInteger();
    private static final AtomicInteger READS = new AtomicInteger();
    private static final Provider COUNTING = new CountingProvider();

    /** A bridge of its own (its ObjectMapper counts), beside the suite's shared one: own vhost and port. */
    @DynamicPropertySource
    static void ownBridge(DynamicPropertyRegistry registry) throws IOException {
        SuiteBroker.ownBridge(registry);
    }

    @TestConfiguration
    static class CountingJson {

        @Bean
        Jackson2ObjectMapperBuilderCustomizer countingJsonFactory() {
            return builder -> builder.factory(new CountingJsonFactory());
        }
    }

    @BeforeAll
    static void countDigests() {
        Security.insertProviderAt(COUNTING, 1);
    }

    @AfterAll
    static void stopCountingDigests() {
        Security.removeProvider(COUNTING.getName());
    }

    private Map<String, Integer> work(byte[] body, Runnable awaitOutcome) {
        watched = body;
        DIGESTS.set(0);
        READS.set(0);
        publish("invoice.finalized", body, null, Map.of());
        awaitOutcome.run();
        return Map.of("sha256", DIGESTS.get(), "reads", READS.get());
    }

    private static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256", "SUN").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCommittedInvoiceWithoutMessageIdIsDigestedOnceReadForItsIdOnceAndParsedOnce() {
        String id = uniqueId("inv");
        byte[] body = json(sampleInvoice(id));

        Map<String, Integer> work = work(body, () -> events.awaitOne("invoice.taxes_committed",
                field("/invoice/lago_id", id)));

        assertThat(work).as("SHA-256 of the body, and JSON parsers on it (the log context's id, the parse)")
                .isEqualTo(Map.of("sha256", 1, "reads", 2));
    }

    /** Parked, and its failure event published. */
    private Runnable parked(byte[] body) {
        return () -> {
            String messageId = sha256(body);
            deadLetters.awaitParked("tax.invoices.dlq", messageId);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events.all().stream().anyMatch(event ->
                    event.name().equals("invoice.tax_provider_error")
                            && messageId.equals(String.valueOf(event.properties().getHeaders().get("x-source-message-id")))));
        };
    }

    @Test
    void aCommandThatParsedIsParkedWithoutReadingItsBodyAgain() {
        // No mapping on "strict": parked as unmapped_item, after the parse.
        byte[] body = json(sampleInvoice(uniqueId("inv")).put("connection", "strict"));

        Map<String, Integer> work = work(body, parked(body));

        assertThat(work).isEqualTo(Map.of("sha256", 1, "reads", 2));
    }

    @Test
    void aBodyThatDoesNotParseIsReadLenientlyForItsFailureEvents() {
        byte[] body = ("{\"invoice\": {\"lago_id\": \"" + uniqueId("inv") + "\", \"fees\": 5")
                .getBytes(StandardCharsets.UTF_8);

        Map<String, Integer> work = work(body, parked(body));

        assertThat(work).as("the log context's id, the failed parse, the lenient read for the events")
                .isEqualTo(Map.of("sha256", 1, "reads", 3));
    }

    /** Counts the parsers opened on the watched body. */
    static final class CountingJsonFactory extends JsonFactory {

        CountingJsonFactory() {
        }

        private CountingJsonFactory(JsonFactory source, ObjectCodec codec) {
            super(source, codec);
        }

        @Override
        public JsonFactory copy() {
            return new CountingJsonFactory(this, null);
        }

        @Override
        public JsonParser createParser(byte[] data) throws IOException {
            count(data, 0, data.length);
            return super.createParser(data);
        }

        @Override
        public JsonParser createParser(byte[] data, int offset, int length) throws IOException {
            count(data, offset, length);
            return super.createParser(data, offset, length);
        }

        private static void count(byte[] data, int offset, int length) {
            byte[] body = watched;
            if (length == body.length && Arrays.equals(data, offset, offset + length, body, 0, body.length)) {
                READS.incrementAndGet();
            }
        }
    }

    /** SHA-256 as the JDK computes it, counting the digests of the watched body. */
    static final class CountingProvider extends Provider {

        CountingProvider() {
            super("CountingSha256", "1", "counts SHA-256 digests of one body");
            putService(new Service(this, "MessageDigest", "SHA-256", CountingSha256.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new CountingSha256();
                }
            });
        }
    }

    static final class CountingSha256 extends MessageDigestSpi {

        private final MessageDigest sha256;
        private final ByteArrayOutputStream input = new ByteArrayOutputStream();

        CountingSha256() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256", "SUN");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void engineUpdate(byte input) {
            sha256.update(input);
            this.input.write(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int length) {
            sha256.update(input, offset, length);
            this.input.write(input, offset, length);
        }

        @Override
        protected byte[] engineDigest() {
            if (Arrays.equals(input.toByteArray(), watched)) {
                DIGESTS.incrementAndGet();
            }
            input.reset();
            return sha256.digest();
        }

        @Override
        protected void engineReset() {
            sha256.reset();
            input.reset();
        }
    }
}
