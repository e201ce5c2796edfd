package dev.taxbridge.route;

import org.apache.camel.component.http.HttpComponent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A separate HTTP component for webhook receivers, with its own connection pool and short
 * timeouts: a slow or dead receiver can neither hold AvaTax's connections nor a consumer for long.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookHttpConfiguration {

    @Bean("webhooks-http")
    HttpComponent webhooksHttp(@Value("${tax.webhooks.http.connect-timeout-ms:3000}") long connectTimeout,
            @Value("${tax.webhooks.http.response-timeout-ms:10000}") long responseTimeout,
            @Value("${tax.webhooks.http.max-connections:20}") int maxConnections) {
        HttpComponent component = new HttpComponent();
        component.setConnectTimeout(connectTimeout);
        component.setConnectionRequestTimeout(connectTimeout);
        component.setResponseTimeout(responseTimeout);
        component.setSoTimeout(responseTimeout);
        component.setMaxTotalConnections(maxConnections);
        component.setConnectionsPerRoute(maxConnections);
        component.setCookieManagementDisabled(true);
        component.setAutomaticRetriesDisabled(true);
        return component;
    }
}
