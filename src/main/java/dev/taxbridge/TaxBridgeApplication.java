package dev.taxbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TaxBridgeApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(TaxBridgeApplication.class, args);
        } catch (RuntimeException failed) {
            // Spring has logged why and closed what it started; an idle pool of the broker client would
            // keep the JVM up for another minute. The process ends now, with a status a supervisor sees.
            System.exit(1);
        }
    }
}
