package dev.taxbridge.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class ConsumerWindowTest {

    @Test
    void aQuarterMoreCommandsThanCallsSpreadOverTheConsumers() {
        assertThat(ConsumerWindow.prefetch(64, 2)).isEqualTo(40);
        assertThat(ConsumerWindow.prefetch(64, 1)).isEqualTo(80);
        assertThat(ConsumerWindow.prefetch(128, 4)).isEqualTo(40);
        assertThat(ConsumerWindow.prefetch(10, 3)).as("13 commands over 3 consumers").isEqualTo(5);
        assertThat(ConsumerWindow.prefetch(1, 8)).isEqualTo(1);
    }

    @Test
    void followsTheCallsInFlightUnlessThePrefetchIsSet() {
        MockEnvironment derived = new MockEnvironment().withProperty("avatax.http.max-connections", "96")
                .withProperty("tax.consumers.invoices.concurrency", "3");
        new ConsumerWindow().postProcessEnvironment(derived, new SpringApplication());
        assertThat(derived.getProperty(ConsumerWindow.PREFETCH)).isEqualTo("40");

        MockEnvironment set = new MockEnvironment().withProperty(ConsumerWindow.PREFETCH, "7");
        new ConsumerWindow().postProcessEnvironment(set, new SpringApplication());
        assertThat(set.getProperty(ConsumerWindow.PREFETCH)).isEqualTo("7");
    }
}
