package dev.taxbridge.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.taxbridge.route.EstimateHttpController;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The HTTP estimate endpoint is closed unless a token is configured or it is opened explicitly: an
 * open endpoint lets anybody who reaches the port spend AvaTax transactions. The controller is built
 * by Spring with its real property defaults; the Camel side is not needed to see who is let in.
 */
class EstimateHttpDefaultsTest {

    private final ProducerTemplate producer = mock(ProducerTemplate.class);

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withBean(ProducerTemplate.class, () -> producer)
                .withUserConfiguration(EstimateHttpController.class);
    }

    @Test
    void withoutATokenEveryCallerIsRefused() {
        runner().run(context -> {
            EstimateHttpController controller = context.getBean(EstimateHttpController.class);
            assertThat(controller.estimate("current_usage", "{}".getBytes(), null).getStatusCode().value())
                    .isEqualTo(403);
            assertThat(controller.estimate("current_usage", "{}".getBytes(), "Bearer anything-at-all")
                    .getStatusCode().value()).isEqualTo(403);
            verifyNoInteractions(producer);
        });
    }

    @Test
    void withATokenOnlyItsBearerIsServed() {
        when(producer.send(anyString(), any(ExchangePattern.class), any(Processor.class)))
                .thenReturn(new DefaultExchange(new DefaultCamelContext()));
        runner().withPropertyValues("tax.estimates.http.token=estimates-token-for-this-test").run(context -> {
            EstimateHttpController controller = context.getBean(EstimateHttpController.class);
            assertThat(controller.estimate("current_usage", "{}".getBytes(), null).getStatusCode().value())
                    .isEqualTo(401);
            assertThat(controller.estimate("current_usage", "{}".getBytes(), "Bearer estimates-token-for-this-test")
                    .getStatusCode().value()).isEqualTo(200);
        });
    }

    @Test
    void openedExplicitlyItServesWithoutAToken() {
        when(producer.send(anyString(), any(ExchangePattern.class), any(Processor.class)))
                .thenReturn(new DefaultExchange(new DefaultCamelContext()));
        runner().withPropertyValues("tax.estimates.http.open=true").run(context ->
                assertThat(context.getBean(EstimateHttpController.class).estimate("current_usage", "{}".getBytes(), null)
                        .getStatusCode().value()).isEqualTo(200));
    }
}
