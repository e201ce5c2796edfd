package dev.taxbridge.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One style of step across the routes: every step and predicate is a bean named by {@code ref}; no route calls
 * a bean method through the bean language or reads a property's property through the simple language's OGNL,
 * both of which bind by reflection on every message.
 */
class RouteStyleTest {

    private static final Pattern BEAN_LANGUAGE = Pattern.compile("^\\s*-?\\s*(bean|method):");
    private static final Pattern OGNL = Pattern.compile("\\$\\{(exchangeProperty|header|body|variable)[.\\[][^}]*[.(]");

    @Test
    void noRouteUsesTheBeanLanguageOrOgnl() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
                List<String> lines = Files.readAllLines(route);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.stripLeading().startsWith("#")) {
                        continue;
                    }
                    if (BEAN_LANGUAGE.matcher(line).find() || OGNL.matcher(line).find()) {
                        found.add(route.getFileName() + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(found).as("bean-language calls and OGNL in routes/").isEmpty();
    }
}
