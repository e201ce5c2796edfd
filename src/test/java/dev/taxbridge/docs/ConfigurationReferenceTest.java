package dev.taxbridge.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Name;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/configuration.md is the one reference of the bridge's settings ({@code tax.*}, {@code avatax.*}),
 * held to the code: the {@code @ConfigurationProperties} records (through the metadata
 * spring-boot-configuration-processor writes, their map and list values walked by reflection), every
 * {@code ${tax.…}} / {@code ${avatax.…}} placeholder and property name in the Java sources, and every
 * {@code {{tax.…}}} placeholder in the routes. A setting the code reads and the page leaves out, a
 * setting the page names and the code does not read, and a default the page states differently from
 * the one the bridge starts with (the packaged application.yml, else the code's own) all fail.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final String PREFIXES = "(?:tax|avatax)\\.";
    private static final Pattern JAVA_PLACEHOLDER =
            Pattern.compile("\\$\\{(" + PREFIXES + "[a-z0-9.\\-]+)(?::([^}]*))?}");
    private static final Pattern JAVA_NAME = Pattern.compile(
            "(?:getProperty|containsProperty)\\(\"(" + PREFIXES + "[a-z0-9.\\-]+)\"(?:,\\s*\\w+\\.class,\\s*([^)]+))?\\)"
                    + "|@ConditionalOnProperty\\(name\\s*=\\s*\"(" + PREFIXES + "[a-z0-9.\\-]+)\""
                    + "(?:,\\s*havingValue\\s*=\\s*\"([^\"]*)\",\\s*matchIfMissing\\s*=\\s*true)?");
    private static final Pattern ROUTE_PLACEHOLDER =
            Pattern.compile("\\{\\{(" + PREFIXES + "[a-z0-9.\\-]+)(?::([^}]*))?}}");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(" + PREFIXES + "[^`]+)`\\s*\\|([^|]*)\\|.*$");
    private static final Pattern KEY = Pattern.compile("<[^>]*>");

    /** Normalised name → the default the bridge starts with (null: none). */
    private static Map<String, String> code;
    /** Normalised name → the default the page states (null: none given). */
    private static Map<String, String> page;
    private static List<String> pageNamesTwice;

    @BeforeAll
    static void read() throws Exception {
        code = settingsInCode();
        page = new TreeMap<>();
        pageNamesTwice = new ArrayList<>();
        for (String line : Files.readAllLines(REFERENCE, StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String shown = literal(row.group(2));
            for (String name : expandBraces(row.group(1))) {
                if (page.containsKey(normalise(name))) {
                    pageNamesTwice.add(name);
                }
                page.put(normalise(name), shown);
            }
        }
    }

    @Test
    void everySettingTheCodeReadsIsDocumented() {
        assertThat(code).as("settings found in the code").hasSizeGreaterThan(50);
        assertThat(new TreeSet<>(page.keySet()))
                .as("docs/configuration.md rows (`<name>` = a map key, `[i]` = a list index)")
                .containsAll(code.keySet());
    }

    @Test
    void everyDocumentedSettingIsReadByTheCode() {
        assertThat(new TreeSet<>(code.keySet())).as("settings the code reads").containsAll(page.keySet());
    }

    @Test
    void eachSettingHasOneRow() {
        assertThat(pageNamesTwice).as("settings with more than one row").isEmpty();
    }

    @Test
    void documentedDefaultsAreTheBridgesDefaults() {
        Map<String, String> wrong = new TreeMap<>();
        code.forEach((name, value) -> {
            if (value != null && page.containsKey(name) && !value.equals(page.get(name))) {
                wrong.put(name, "code `" + value + "`, page " + (page.get(name) == null ? "none" : "`" + page.get(name) + "`"));
            }
        });
        assertThat(wrong).as("defaults that differ").isEmpty();
    }

    @Test
    void otherPagesLinkToTheReferenceInsteadOfTablingSettings() throws IOException {
        List<String> rows = new ArrayList<>();
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md") && !p.equals(REFERENCE)).forEach(pages::add);
        }
        for (Path other : pages) {
            for (String line : Files.readAllLines(other, StandardCharsets.UTF_8)) {
                Matcher row = ROW.matcher(line);
                if (row.matches() && expandBraces(row.group(1)).stream().map(ConfigurationReferenceTest::normalise)
                        .anyMatch(code::containsKey)) {
                    rows.add(other + ": " + line);
                }
            }
        }
        assertThat(rows).as("settings tables outside docs/configuration.md").isEmpty();
    }

    private static Map<String, String> settingsInCode() throws Exception {
        Map<String, String> found = new TreeMap<>();
        Map<String, Object> packaged = packagedDefaults();
        for (JsonNode property : bridgeMetadata()) {
            String name = property.path("name").asText();
            Class<?> source = Class.forName(property.path("sourceType").asText());
            String component = name.substring(name.lastIndexOf('.') + 1);
            RecordComponent rc = componentNamed(source, component);
            Map<String, String> leaves = new LinkedHashMap<>();
            expand(name, rc.getGenericType(), leaves);
            JsonNode defaultValue = property.get("defaultValue");
            if (defaultValue != null && leaves.containsKey(name)) {
                leaves.put(name, text(defaultValue));
            }
            leaves.forEach((leaf, value) -> add(found, normalise(leaf), value));
        }
        // The bridge's sources and the simulator's source set (its conditions read avatax.simulator.*).
        List<Path> sources = new ArrayList<>(files(Path.of("src/main/java"), ".java"));
        sources.addAll(files(Path.of("src/simulator/java"), ".java"));
        for (Path java : sources) {
            String source = Files.readString(java, StandardCharsets.UTF_8);
            Matcher placeholder = JAVA_PLACEHOLDER.matcher(source);
            while (placeholder.find()) {
                add(found, placeholder.group(1), orNull(placeholder.group(2)));
            }
            Matcher name = JAVA_NAME.matcher(source);
            while (name.find()) {
                // A condition that matches when the setting is missing has its havingValue as default.
                String property = name.group(1) != null ? name.group(1) : name.group(3);
                add(found, property, orNull(name.group(1) != null ? name.group(2) : name.group(4)));
            }
        }
        List<Path> routes = new ArrayList<>(files(Path.of("src/main/resources"), ".camel.yaml"));
        routes.addAll(files(Path.of("routes"), ".camel.yaml"));
        assertThat(routes).as("route files").isNotEmpty();
        for (Path route : routes) {
            Matcher placeholder = ROUTE_PLACEHOLDER.matcher(Files.readString(route, StandardCharsets.UTF_8));
            while (placeholder.find()) {
                add(found, placeholder.group(1), orNull(placeholder.group(2)));
            }
        }
        // What the bridge starts with: the packaged application.yml wins over a default in the code.
        for (Map.Entry<String, String> setting : found.entrySet()) {
            Object value = packaged.get(setting.getKey());
            if (value != null) {
                setting.setValue(text(value));
            }
        }
        return found;
    }

    /** The metadata of the bridge's own @ConfigurationProperties (not the libraries'). */
    private static List<JsonNode> bridgeMetadata() throws IOException {
        List<JsonNode> properties = new ArrayList<>();
        Enumeration<URL> files = ConfigurationReferenceTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        for (URL url : Collections.list(files)) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                    if (property.path("sourceType").asText().startsWith("dev.taxbridge.")) {
                        properties.add(property);
                    }
                }
            }
        }
        assertThat(properties).as("the configuration processor's metadata of the bridge").isNotEmpty();
        return properties;
    }

    /** Walks map values ({@code .<>}), list elements ({@code [i]}) and nested records down to their leaves. */
    private static void expand(String name, Type type, Map<String, String> leaves) {
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            Type[] arguments = generic.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw)) {
                expand(name + ".<>", arguments[1], leaves);
                return;
            }
            if (Collection.class.isAssignableFrom(raw) && arguments[0] instanceof Class<?> element && element.isRecord()) {
                expand(name + "[i]", element, leaves);
                return;
            }
        }
        if (type instanceof Class<?> record && record.isRecord() && record.getName().startsWith("dev.taxbridge.")) {
            for (RecordComponent component : record.getRecordComponents()) {
                expand(name + "." + propertyName(component), component.getGenericType(), leaves);
            }
            return;
        }
        leaves.put(name, null);
    }

    private static RecordComponent componentNamed(Class<?> record, String property) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (propertyName(component).equals(property)) {
                return component;
            }
        }
        throw new AssertionError(record.getName() + " has no component bound to " + property);
    }

    /** The kebab-case name a component binds to: its {@code @Name}, else its Java name. */
    private static String propertyName(RecordComponent component) {
        Class<?> record = component.getDeclaringRecord();
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Name name;
        try {
            name = record.getDeclaredConstructor(types).getParameters()[Arrays.stream(components).map(RecordComponent::getName).toList()
                    .indexOf(component.getName())]
                    .getAnnotation(Name.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        String java = name != null ? name.value() : component.getName();
        return java.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The packaged application.yml files, in Spring Boot's order: classpath config/ overrides the root. */
    private static Map<String, Object> packagedDefaults() throws IOException {
        Map<String, Object> flat = new TreeMap<>();
        int read = 0;
        for (Path yml : List.of(Path.of("src/main/resources/application.yml"),
                Path.of("src/main/resources/config/application.yml"))) {
            if (Files.exists(yml)) {
                try (InputStream in = Files.newInputStream(yml)) {
                    flatten("", new Yaml().load(in), flat);
                }
                read++;
            }
        }
        assertThat(read).as("packaged application.yml files").isPositive();
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, inner, flat));
        } else {
            flat.put(prefix, value);
        }
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** {@code a.{b, c.{d, e}}.f} → a.b.f, a.c.d.f, a.c.e.f. */
    static List<String> expandBraces(String name) {
        int open = name.indexOf('{');
        if (open < 0) {
            return List.of(name.trim());
        }
        int depth = 0;
        int close = -1;
        List<Integer> commas = new ArrayList<>();
        for (int i = open; i < name.length() && close < 0; i++) {
            char c = name.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                close = i;
            } else if (c == ',' && depth == 1) {
                commas.add(i);
            }
        }
        List<String> names = new ArrayList<>();
        int from = open + 1;
        commas.add(close);
        for (int comma : commas) {
            String choice = name.substring(from, comma).trim();
            names.addAll(expandBraces(name.substring(0, open) + choice + name.substring(close + 1)));
            from = comma + 1;
        }
        return names;
    }

    /** Map keys are written {@code <anything>} on the page; compared as {@code <>}. */
    private static String normalise(String name) {
        return KEY.matcher(name.trim()).replaceAll("<>");
    }

    /** The first `code` span of a cell: the default the page states; none when the cell has none. */
    private static String literal(String cell) {
        Matcher code = Pattern.compile("`([^`]*)`").matcher(cell);
        return code.find() ? code.group(1) : null;
    }

    private static String text(Object value) {
        if (value instanceof JsonNode node) {
            if (node.isArray()) {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(item.asText()));
                return String.join(", ", items);
            }
            return text(node.asText());
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        // The processor writes a list default as one string, "[a, b]".
        return String.valueOf(value).replaceAll("^\\[(.*)]$", "$1");
    }

    private static String orNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Records a setting; a default found in one place fills a gap left by another. */
    private static void add(Map<String, String> found, String name, String defaultValue) {
        if (found.get(name) == null) {
            found.put(name, defaultValue);
        }
    }
}
