package dev.taxbridge.route;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * A bridge without routes would start, answer its health checks and consume nothing: when
 * {@code camel.main.routes-include-pattern} matches no route file, start-up fails instead, naming the pattern.
 */
@Component
class RoutesRequired implements ApplicationListener<ApplicationStartedEvent> {

    private final CamelContext camel;
    private final String includePattern;

    RoutesRequired(CamelContext camel, @Value("${camel.main.routes-include-pattern:}") String includePattern) {
        this.camel = camel;
        this.includePattern = includePattern;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        // The definitions, not the started routes: a test context starts Camel after this event.
        if (((ModelCamelContext) camel).getRouteDefinitions().isEmpty()) {
            throw new IllegalStateException("No Camel route loaded from camel.main.routes-include-pattern="
                    + includePattern + ": the bridge would consume nothing");
        }
    }
}
