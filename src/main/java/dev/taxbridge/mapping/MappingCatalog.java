package dev.taxbridge.mapping;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.stereotype.Component;

/**
 * The live item → tax code mappings. An operator who fixes a missing mapping edits
 * {@code config/application*.yml} and calls {@code POST /admin/mappings/reload}: the config files are
 * read again (each replacing its own property source, so precedence is unchanged) and
 * {@code tax.mappings} is bound anew, without a restart; then parked {@code unmapped_item} messages
 * can be replayed.
 */
@Component
public class MappingCatalog implements Supplier<MappingProperties> {

    private static final Logger LOG = LoggerFactory.getLogger(MappingCatalog.class);

    private final ConfigurableEnvironment environment;
    private volatile MappingProperties current;

    public MappingCatalog(ConfigurableEnvironment environment, MappingProperties initial) {
        this.environment = environment;
        this.current = initial;
    }

    @Override
    public MappingProperties get() {
        return current;
    }

    /** Re-reads the config/ files behind the environment and re-binds {@code tax.mappings}. */
    public synchronized MappingProperties reload() throws IOException {
        YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
        for (PropertySource<?> source : List.copyOf(environment.getPropertySources().stream().toList())) {
            String file = configFile(source.getName());
            if (file == null) {
                continue;
            }
            List<PropertySource<?>> loaded = loader.load(source.getName(), new FileSystemResource(file));
            if (!loaded.isEmpty()) {
                environment.getPropertySources().replace(source.getName(), loaded.get(0));
            }
        }
        current = Binder.get(environment).bind("tax", Bindable.of(MappingProperties.class))
                .orElseGet(() -> new MappingProperties(null));
        LOG.info("Reloaded tax mappings for connection(s) {}", current.mappings().keySet());
        return current;
    }

    /** The file behind a Spring Boot config source named "Config resource 'file [config/x.yml]' via ...". */
    static String configFile(String sourceName) {
        int start = sourceName.indexOf("file [");
        int end = start < 0 ? -1 : sourceName.indexOf(']', start);
        if (start < 0 || end < 0 || !sourceName.startsWith("Config resource")) {
            return null;
        }
        String file = sourceName.substring(start + "file [".length(), end);
        return file.endsWith(".yml") || file.endsWith(".yaml") ? file : null;
    }
}
