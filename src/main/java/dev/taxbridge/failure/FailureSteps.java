package dev.taxbridge.failure;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Failure-handling steps of the command routes ({@code process: {ref: ...}}), as plain calls. */
@Configuration(proxyBeanMethods = false)
public class FailureSteps {

    /** The first step of every retried route: one more attempt (see {@link Failures#countAttempt}). */
    @Bean
    Processor countAttempt(Failures failures) {
        return failures::countAttempt;
    }
}
