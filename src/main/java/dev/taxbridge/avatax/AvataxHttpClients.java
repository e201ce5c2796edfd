package dev.taxbridge.avatax;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Camel HTTP component per AvaTax connection ({@code avatax-<code>}), with the connection's
 * timeouts and its own bounded pool (defaults {@code avatax.http.*}); automatic retries and cookies
 * off (the retry layer is Camel redelivery, AvaTax needs no session).
 */
@Configuration(proxyBeanMethods = false)
public class AvataxHttpClients {

    @Bean
    CamelContextConfiguration avataxHttpComponents(AvataxProperties properties, AvataxHttpSettings defaults) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                properties.connections().forEach((code, settings) ->
                        context.addComponent(ConnectionRegistry.componentName(code), component(settings, defaults)));
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                // nothing to do once started
            }
        };
    }

    static HttpComponent component(AvataxProperties.ConnectionSettings settings, AvataxHttpSettings defaults) {
        long connect = settings.connectTimeoutMs() != null ? settings.connectTimeoutMs() : defaults.connectTimeoutMs();
        long response = settings.responseTimeoutMs() != null ? settings.responseTimeoutMs()
                : defaults.responseTimeoutMs();
        int pool = settings.maxConnections() != null ? settings.maxConnections() : defaults.maxConnections();
        HttpComponent component = new HttpComponent();
        component.setConnectTimeout(connect);
        component.setConnectionRequestTimeout(defaults.connectionRequestTimeoutMs());
        component.setResponseTimeout(response);
        component.setSoTimeout(response);
        component.setMaxTotalConnections(pool);
        component.setConnectionsPerRoute(pool);
        component.setCookieManagementDisabled(true);
        component.setAutomaticRetriesDisabled(true);
        return component;
    }
}
