package dev.taxbridge.lago;

import java.util.Locale;
import java.util.Map;

/**
 * Looks up map keys that came from Spring Boot configuration. Spring drops characters other than
 * letters, digits, '-' and '.' from map keys written without brackets ({@code api_calls} binds as
 * {@code apicalls}) and environment variables arrive lower-cased, so a Lago code is tried as
 * written first, then in that folded form.
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    public static <V> V lookup(Map<String, V> map, String key) {
        if (key == null || map.isEmpty()) {
            return null;
        }
        V exact = map.get(key);
        if (exact != null) {
            return exact;
        }
        String folded = fold(key);
        for (Map.Entry<String, V> entry : map.entrySet()) {
            if (fold(entry.getKey()).equals(folded)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Lower-cased, keeping only {@code a-z}, {@code 0-9}, {@code .} and {@code -} (a loop, no regex: it runs per call). */
    static String fold(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        StringBuilder folded = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
                folded.append(c);
            }
        }
        return folded.toString();
    }
}
