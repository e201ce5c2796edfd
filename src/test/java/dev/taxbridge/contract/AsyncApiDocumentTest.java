package dev.taxbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.support.ContractSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml is valid for AsyncAPI's own parser (@asyncapi/parser, run by Node.js from
 * tools/asyncapi, installed there by the build): the spec's rules, every $ref resolved, every payload and
 * header schema a valid schema. And it is the whole contract: every schema of a message refers from it.
 */
class AsyncApiDocumentTest {

    private static final Path DOCUMENT = Path.of("docs", "asyncapi.yaml");
    private static final Path VALIDATOR = Path.of("tools", "asyncapi", "validate.mjs");

    @Test
    void asyncApisOwnParserAcceptsTheDocument() throws Exception {
        assertThat(Path.of("tools", "asyncapi", "node_modules", "@asyncapi", "parser"))
                .as("AsyncAPI's parser is installed by the build (mvn runs `npm ci` in tools/asyncapi when "
                        + "node_modules is missing)").isDirectory();
        Process node = new ProcessBuilder("node", VALIDATOR.toString(), DOCUMENT.toString())
                .redirectErrorStream(true).start();
        String output;
        try (var in = node.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("the parser finished").isTrue();
        assertThat(node.exitValue()).as("AsyncAPI's parser on %s:%n%s", DOCUMENT, output).isZero();
        assertThat(output).contains("valid: ");
    }

    @Test
    void everyMessageSchemaIsReferredToByTheDocument() throws IOException {
        String document = Files.readString(DOCUMENT);
        List<String> schemas;
        try (Stream<Path> files = Files.walk(ContractSchemas.ROOT)) {
            schemas = files.filter(Files::isRegularFile)
                    .map(file -> ContractSchemas.ROOT.relativize(file).toString().replace('\\', '/'))
                    .filter(file -> file.contains("/"))
                    .toList();
        }
        assertThat(schemas).isNotEmpty().allSatisfy(schema ->
                assertThat(document).as("docs/asyncapi.yaml refers to %s", schema).contains("schemas/" + schema));
    }
}
