package dev.taxbridge.messaging;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one ObjectMapper (Spring Boot's, settings under {@code spring.jackson}) gets Blackbird: it calls the
 * records' accessors and constructors through generated lambdas instead of reflection. Every command body,
 * AvaTax request and answer, event and audit record goes through it (docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
class JsonModules {

    @Bean
    Module blackbird() {
        return new BlackbirdModule();
    }
}
