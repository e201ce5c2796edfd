package dev.taxbridge.avatax;

import dev.taxbridge.logging.LogMasking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Removes every configured secret (license keys, the Basic credentials built from them, webhook
 * secrets, the admin token) from text that leaves the bridge: AvaTax may echo what it was sent in an
 * error message, and that text goes into DLQ headers, events and webhooks.
 */
@Component
public class SecretRedactor {

    static final String MASK = "******";

    private final List<String> secrets;

    public SecretRedactor(AvataxProperties avatax, Environment environment) {
        List<String> found = new ArrayList<>();
        avatax.connections().values().forEach(settings -> {
            add(found, settings.licenseKey());
            if (settings.licenseKey() != null) {
                String pair = (settings.accountId() == null ? "" : settings.accountId()) + ":" + settings.licenseKey();
                add(found, Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
        });
        add(found, environment.getProperty("tax.admin.token"));
        add(found, environment.getProperty("tax.estimates.http.token"));
        for (int i = 0; environment.containsProperty("tax.webhooks.endpoints[" + i + "].url"); i++) {
            add(found, environment.getProperty("tax.webhooks.endpoints[" + i + "].secret"));
        }
        // Longest first, so a secret that contains another is masked whole.
        found.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(found);
        // The logging layer masks them too, in every line of every logger.
        LogMasking.register(this.secrets);
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    private static void add(List<String> secrets, String secret) {
        // Very short values would mask ordinary words; real keys are long.
        if (secret != null && secret.length() >= 6 && !secrets.contains(secret)) {
            secrets.add(secret);
        }
    }
}
