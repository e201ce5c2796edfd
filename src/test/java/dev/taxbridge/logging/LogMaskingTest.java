package dev.taxbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogMaskingTest {

    @Test
    void masksRegisteredSecretsAndWhateverHasTheShapeOfACredential() {
        LogMasking.register(List.of("registered-secret-9f3c1"));
        assertThat(LogMasking.mask("key=registered-secret-9f3c1 end")).isEqualTo("key=****** end");
        assertThat(LogMasking.mask("http-outgoing-0 >> Authorization: Basic MTEwMDAwMDAwMTpzb21lLWtleQ=="))
                .isEqualTo("http-outgoing-0 >> Authorization: Basic ******");
        assertThat(LogMasking.mask("Authorization: Bearer abcdefghijklmnop.qrs"))
                .isEqualTo("Authorization: Bearer ******");
        assertThat(LogMasking.mask("secret whsec_dGVzdC1vbmx5LXNlY3JldA==")).isEqualTo("secret whsec_******");
    }

    @Test
    void aLaterRegistrationDoesNotUnmaskAnEarlierOne() {
        LogMasking.register(List.of("first-secret-77aa01"));
        LogMasking.register(List.of("second-secret-77aa02"));
        assertThat(LogMasking.mask("first-secret-77aa01 second-secret-77aa02")).isEqualTo("****** ******");
    }

    @Test
    void leavesProseAlone() {
        assertThat(LogMasking.mask("missing or wrong Bearer token; Basic credentials computed once"))
                .isEqualTo("missing or wrong Bearer token; Basic credentials computed once");
        assertThat(LogMasking.mask(null)).isNull();
    }
}
