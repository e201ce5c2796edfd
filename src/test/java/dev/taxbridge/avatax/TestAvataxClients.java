package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.taxbridge.messaging.Continuations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

/** The bridge's AvaTax clients built by hand, for tests that need no Spring context. */
public final class TestAvataxClients {

    private TestAvataxClients() {
    }

    /** Clients of {@code properties}' connections; each listener hears every call. */
    public static AvataxClients of(AvataxProperties properties, AvataxCallListener... listeners) {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        SecretRedactor redactor = new SecretRedactor(properties, new MockEnvironment());
        FailureClassifier classifier = new FailureClassifier(redactor);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        for (int i = 0; i < listeners.length; i++) {
            beans.addBean("listener" + i, listeners[i]);
        }
        return new AvataxClients(new ConnectionRegistry(properties),
                new AvataxHttpClients(properties, new AvataxHttpSettings(2000, 2000, 5000, 16)),
                new AvataxCircuits(classifier, new SimpleMeterRegistry(), properties, 5, Duration.ofSeconds(30)),
                new AvataxErrors(mapper, redactor), classifier, mapper, properties,
                new Continuations(new DefaultCamelContext(), 4), beans.getBeanProvider(AvataxCallListener.class),
                new StaticListableBeanFactory().getBeanProvider(org.springframework.boot.info.BuildProperties.class));
    }
}
