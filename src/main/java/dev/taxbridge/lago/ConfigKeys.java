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

    static String fold(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "");
    }
}
