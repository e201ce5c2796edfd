package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class ConsumerWindowTest {

    @Test
    void halfAsManyCommandsAgainAsCallsSpreadOverTheConsumers() {
        assertThat(ConsumerWindow.prefetch(64, 2)).isEqualTo(48);
        assertThat(ConsumerWindow.prefetch(64, 1)).isEqualTo(96);
        assertThat(ConsumerWindow.prefetch(128, 4)).isEqualTo(48);
        assertThat(ConsumerWindow.prefetch(10, 4)).as("15 commands over 4 consumers").isEqualTo(4);
        assertThat(ConsumerWindow.prefetch(1, 8)).isEqualTo(1);
    }

    @Test
    void followsTheCallsInFlightUnlessThePrefetchIsSet() {
        MockEnvironment derived = new MockEnvironment().withProperty("avatax.http.max-connections", "96")
                .withProperty("tax.consumers.invoices.concurrency", "3");
        new ConsumerWindow().postProcessEnvironment(derived, new SpringApplication());
        assertThat(derived.getProperty(ConsumerWindow.PREFETCH)).as("144 commands over 3 consumers").isEqualTo("48");

        MockEnvironment set = new MockEnvironment().withProperty(ConsumerWindow.PREFETCH, "7");
        new ConsumerWindow().postProcessEnvironment(set, new SpringApplication());
        assertThat(set.getProperty(ConsumerWindow.PREFETCH)).isEqualTo("7");
    }
}
