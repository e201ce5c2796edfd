package dev.taxbridge.estimate;

import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The usage-tax cache's clock, a bean of its own so a test can put a controllable one in its place. */
@Configuration(proxyBeanMethods = false)
public class UsageCacheConfiguration {

    @Bean
    Ticker usageCacheTicker() {
        return Ticker.systemTicker();
    }
}
