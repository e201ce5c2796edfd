package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.taxbridge.route.Continuations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.mock.env.MockEnvironment;

/** The bridge's connection registry and its AvaTax clients built by hand, for tests that need no Spring context. */
public final class TestConnections {

    /** The continuation threads every test registry shares. */
    private static final Continuations COMPLETIONS = new Continuations(new DefaultCamelContext(), 4);

    private TestConnections() {
    }

    /**
     * The registry of {@code properties}' connections, for the rules that choose one: its clients' HTTP clients
     * are not started, so it holds no thread (a call on it fails as not sent).
     */
    public static ConnectionRegistry registry(AvataxProperties properties) {
        return registry(properties, new OrganizationProperties(null));
    }

    public static ConnectionRegistry registry(AvataxProperties properties, OrganizationProperties organizations) {
        return build(properties, organizations, new SimpleMeterRegistry());
    }

    /** The registry of {@code properties}' connections with their clients started; each listener hears every call. */
    public static ConnectionRegistry started(AvataxProperties properties, AvataxCallListener... listeners) {
        return started(properties, new SimpleMeterRegistry(), listeners);
    }

    public static ConnectionRegistry started(AvataxProperties properties, MeterRegistry meters,
            AvataxCallListener... listeners) {
        ConnectionRegistry registry = build(properties, new OrganizationProperties(null), meters, listeners);
        registry.afterPropertiesSet();
        return registry;
    }

    /** The next call of {@code client} opens a new connection to AvaTax. */
    public static void closeIdleConnections(AvataxClient client) {
        client.pool().closeIdle(TimeValue.ZERO_MILLISECONDS);
    }

    private static ConnectionRegistry build(AvataxProperties properties, OrganizationProperties organizations,
            MeterRegistry meters, AvataxCallListener... listeners) {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        SecretRedactor redactor = new SecretRedactor(properties, new MockEnvironment());
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        for (int i = 0; i < listeners.length; i++) {
            beans.addBean("listener" + i, listeners[i]);
        }
        return new ConnectionRegistry(properties, organizations, "warn", new AvataxHttpSettings(2000, 2000, 5000, 16),
                5, Duration.ofSeconds(30), new AvataxErrors(mapper, redactor), new FailureClassifier(redactor), mapper,
                COMPLETIONS, meters,
                beans.getBeanProvider(AvataxCallListener.class),
                new StaticListableBeanFactory().getBeanProvider(BuildProperties.class));
    }
}
