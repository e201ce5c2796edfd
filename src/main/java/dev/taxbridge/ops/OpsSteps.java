package dev.taxbridge.ops;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operations steps of the consumer routes ({@code process: {ref: ...}}), as plain calls. */
@Configuration(proxyBeanMethods = false)
public class OpsSteps {

    /** Log context and the outcome counter (tax_commands_total) of a consumed command. */
    @Bean
    Processor trackCommand(CommandOutcomes outcomes) {
        return outcomes::track;
    }

    /** The log context only, for commands that are answered rather than parked (estimates). */
    @Bean
    Processor commandLogContext(CommandOutcomes outcomes) {
        return outcomes::logContext;
    }
}
