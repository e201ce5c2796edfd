package dev.taxbridge.avatax;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One non-blocking HTTP client per AvaTax connection, with the connection's timeouts and its own
 * bounded pool (defaults {@code avatax.http.*}): {@code max-connections} is the most calls the
 * connection has in flight. A call beyond that waits for a free connection in the pool's queue
 * (at most {@code connection-request-timeout-ms}), holding no thread. Automatic retries and cookies
 * off (the retry layer is Camel redelivery, AvaTax needs no session); HTTP/1.1 only, as the blocking
 * client it replaced spoke.
 */
@Component
public class AvataxHttpClients implements DisposableBean {

    /** What a connection's client was built with (for the health page and the tests). */
    public record Settings(long connectTimeoutMs, long connectionRequestTimeoutMs, long responseTimeoutMs,
            int maxConnections) {
    }

    /** A started client, its pool and its settings. */
    public record Client(CloseableHttpAsyncClient http, PoolingAsyncClientConnectionManager pool, Settings settings) {
    }

    private final Map<String, Client> clients = new TreeMap<>();

    public AvataxHttpClients(AvataxProperties properties, AvataxHttpSettings defaults) {
        properties.connections().forEach((code, settings) -> clients.put(code, start(settings(settings, defaults))));
    }

    /** The client of a configured connection. */
    public Client client(String connection) {
        Client client = clients.get(connection);
        if (client == null) {
            throw new IllegalStateException("no HTTP client for AvaTax connection " + connection);
        }
        return client;
    }

    static Settings settings(AvataxProperties.ConnectionSettings settings, AvataxHttpSettings defaults) {
        return new Settings(
                settings.connectTimeoutMs() != null ? settings.connectTimeoutMs() : defaults.connectTimeoutMs(),
                defaults.connectionRequestTimeoutMs(),
                settings.responseTimeoutMs() != null ? settings.responseTimeoutMs() : defaults.responseTimeoutMs(),
                settings.maxConnections() != null ? settings.maxConnections() : defaults.maxConnections());
    }

    private static Client start(Settings settings) {
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(settings.connectTimeoutMs(), TimeUnit.MILLISECONDS)
                        .setSocketTimeout(Timeout.ofMilliseconds(settings.responseTimeoutMs()))
                        .build())
                .setDefaultTlsConfig(org.apache.hc.client5.http.config.TlsConfig.custom()
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                .build();
        CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.connectionRequestTimeoutMs()))
                        .setResponseTimeout(Timeout.ofMilliseconds(settings.responseTimeoutMs()))
                        .build())
                // One I/O thread reads and writes every connection of the pool; answers are handed on at once.
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
        http.start();
        return new Client(http, pool, settings);
    }

    @Override
    public void destroy() {
        clients.values().forEach(client -> client.http().close(CloseMode.GRACEFUL));
    }
}
