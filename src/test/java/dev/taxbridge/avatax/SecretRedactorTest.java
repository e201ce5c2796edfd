package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.avatax.AvataxProperties.ConnectionSettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SecretRedactorTest {

    private static AvataxProperties connections(Map<String, ConnectionSettings> connections) {
        return new AvataxProperties("default", connections, "avatax-bridge");
    }

    private static ConnectionSettings settings(String accountId, String licenseKey) {
        return new ConnectionSettings("https://sandbox-rest.avatax.com", accountId, licenseKey, "DEFAULT");
    }

    @Test
    void licenseKeysOfEveryConnectionAreMasked() {
        SecretRedactor redactor = new SecretRedactor(connections(Map.of(
                "us", settings("1100", "US-LICENSE-KEY-0001"),
                "eu", settings("2200", "EU-LICENSE-KEY-0002"))), new MockEnvironment());

        assertThat(redactor.redact("keys US-LICENSE-KEY-0001 and EU-LICENSE-KEY-0002, twice US-LICENSE-KEY-0001"))
                .isEqualTo("keys ****** and ******, twice ******");
    }

    @Test
    void basicCredentialsOfAccountAndLicenseKeyAreMasked() {
        SecretRedactor redactor = new SecretRedactor(connections(Map.of("us", settings("1100", "US-LICENSE-KEY"))),
                new MockEnvironment());
        String basic = Base64.getEncoder().encodeToString("1100:US-LICENSE-KEY".getBytes(StandardCharsets.UTF_8));

        assertThat(redactor.redact("Authorization: Basic " + basic)).isEqualTo("Authorization: Basic ******");
    }

    @Test
    void adminTokenAndWebhookSecretsAreMasked() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("tax.admin.token", "admin-token-123")
                .withProperty("tax.webhooks.endpoints[0].url", "https://a.example/hook")
                .withProperty("tax.webhooks.endpoints[0].secret", "whsec_first_secret")
                .withProperty("tax.webhooks.endpoints[1].url", "https://b.example/hook")
                .withProperty("tax.webhooks.endpoints[1].secret", "whsec_second_secret");
        SecretRedactor redactor = new SecretRedactor(connections(Map.of()), environment);

        assertThat(redactor.redact("admin-token-123 whsec_first_secret whsec_second_secret"))
                .isEqualTo("****** ****** ******");
    }

    @Test
    void secretContainingAnotherSecretIsMaskedWhole() {
        SecretRedactor redactor = new SecretRedactor(connections(Map.of(
                "short", settings(null, "ABCDEFGH"),
                "long", settings(null, "ABCDEFGH-EXTENDED"))), new MockEnvironment());

        assertThat(redactor.redact("key ABCDEFGH-EXTENDED")).isEqualTo("key ******");
        assertThat(redactor.redact("key ABCDEFGH")).isEqualTo("key ******");
    }

    @Test
    void valuesShorterThanSixCharactersAreNotTreatedAsSecrets() {
        SecretRedactor redactor = new SecretRedactor(connections(Map.of("tiny", settings("1", "abc"))),
                new MockEnvironment().withProperty("tax.admin.token", "tok"));

        assertThat(redactor.redact("abc tok abcdef")).isEqualTo("abc tok abcdef");
    }

    @Test
    void connectionWithoutLicenseKeyAddsNothing() {
        SecretRedactor redactor = new SecretRedactor(connections(Map.of("local", settings("1100", null))),
                new MockEnvironment());

        assertThat(redactor.redact("account 1100 failed")).isEqualTo("account 1100 failed");
    }

    @Test
    void nullAndEmptyTextBecomeEmpty() {
        SecretRedactor redactor = new SecretRedactor(connections(Map.of()), new MockEnvironment());

        assertThat(redactor.redact(null)).isEmpty();
        assertThat(redactor.redact("")).isEmpty();
    }
}
