package dev.taxbridge.logging;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What the logging layer masks in every line, whoever logs it (the bridge, Camel, Spring, the HTTP
 * client's header and wire logs): the configured secrets, registered by
 * the bridge's SecretRedactor as soon as it knows them, and whatever has the shape of
 * a credential ({@code Authorization: Basic …}, {@code Bearer …}, {@code whsec_…}) even before that
 * or when it is not one of ours. Secrets are also redacted where the bridge writes text out (DLQ
 * headers, events, webhooks); this is the layer that catches what the code did not think of.
 */
public final class LogMasking {

    public static final String MASK = "******";

    /** As they appear in an Authorization header; 12 characters or more, so prose ("Bearer token") stays. */
    private static final Pattern CREDENTIALS = Pattern.compile(
            "\\b(Basic|Bearer)(\\s+)[A-Za-z0-9+/=._~-]{12,}|whsec_[A-Za-z0-9+/=]+");

    private static final Set<String> registered = ConcurrentHashMap.newKeySet();
    private static volatile List<String> secrets = List.of();

    private LogMasking() {
    }

    /**
     * Adds secrets to mask from now on; what was registered before stays masked (a second application
     * context in the same JVM, a test's redactor, must not unmask the first one's).
     */
    public static synchronized void register(List<String> configured) {
        registered.addAll(configured);
        // Longest first, so a secret that contains another is masked whole.
        secrets = registered.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public static String mask(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        // The shapes first: a registered secret inside one (a webhook secret's key part) would break it.
        String result = CREDENTIALS.matcher(line).replaceAll(match -> match.group(1) == null ? "whsec_" + MASK
                : java.util.regex.Matcher.quoteReplacement(match.group(1) + match.group(2) + MASK));
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
