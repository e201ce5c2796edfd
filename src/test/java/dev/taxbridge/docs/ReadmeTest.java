package dev.taxbridge.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README stays an entry page (one screen or two: what it is, the two commands, a first command,
 * where to go next) and every relative link of the README and docs/ leads somewhere: to a file that
 * exists and, with a {@code #fragment}, to a heading of it.
 */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final int MAX_LINES = 120;
    private static final int MAX_PROSE_LINE = 200;
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void readmeIsShort() throws IOException {
        assertThat(Files.readAllLines(README, StandardCharsets.UTF_8)).as("README.md lines").hasSizeLessThanOrEqualTo(MAX_LINES);
    }

    @Test
    void readmeProseLinesAreShort() throws IOException {
        List<String> longLines = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && !line.startsWith("|") && line.length() > MAX_PROSE_LINE) {
                longLines.add(line);
            }
        }
        assertThat(longLines).as("README.md prose lines over " + MAX_PROSE_LINE + " characters").isEmpty();
    }

    @Test
    void readmeTestCommandIsTheOneCiRuns() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(readme).contains("**Run the tests**").contains("```\nmvn -B verify\n```")
                .contains("```\nmvn -B -q spring-boot:run -Dspring-boot.run.profiles=local\n```");
        List<String> ci = Files.readAllLines(Path.of(".ci/run"), StandardCharsets.UTF_8);
        assertThat(ci.get(ci.size() - 1)).isEqualTo("mvn -B verify");
    }

    @Test
    void relativeLinksLeadToFilesAndHeadingsThatExist() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
