package dev.taxbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TaxBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(TaxBridgeApplication.class, args);
    }
}
