package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.messaging.Continuations;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * The {@link AvataxClient} of every configured connection, built once at start-up. They share the timer
 * that sends rate-limited calls when their slot comes (one thread that only hands requests to the HTTP
 * clients, never waits for AvaTax) and the continuation threads that read answers.
 */
@Component
public class AvataxClients implements DisposableBean {

    private final Map<String, AvataxClient> clients = new TreeMap<>();
    private final ScheduledExecutorService timer;
    private final String clientHeader;

    public AvataxClients(ConnectionRegistry connections, AvataxHttpClients http, AvataxCircuits circuits,
            AvataxErrors errors, FailureClassifier classifier, ObjectMapper mapper, AvataxProperties properties,
            Continuations completions, ObjectProvider<AvataxCallListener> listeners,
            ObjectProvider<BuildProperties> build) {
        this.timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "avatax-rate-limit");
            thread.setDaemon(true);
            return thread;
        });
        this.clientHeader = clientHeader(properties.clientName(), build.getIfAvailable());
        List<AvataxCallListener> told = new ListenersWhenFirstUsed(listeners);
        for (AvataxConnection connection : connections.all()) {
            clients.put(connection.code(), new AvataxClient(connection, http.client(connection.code()).http(),
                    circuits, errors, classifier, mapper, timer, completions, told, clientHeader));
        }
    }

    /** The client of a configured connection. */
    public AvataxClient client(AvataxConnection connection) {
        return client(connection.code());
    }

    /** The client of a configured connection, by its code. */
    public AvataxClient client(String connection) {
        AvataxClient client = clients.get(connection);
        if (client == null) {
            throw new IllegalStateException("no AvaTax client for connection " + connection);
        }
        return client;
    }

    /** {@code X-Avalara-Client}: "{app}; {app version}; {library}; {library version}; {machine}". */
    public String clientHeader() {
        return clientHeader;
    }

    private static String clientHeader(String clientName, BuildProperties build) {
        String version = build == null ? "dev" : build.getVersion();
        return clientName + "; " + version + "; Apache HttpClient; "
                + org.apache.hc.client5.http.impl.async.HttpAsyncClients.class.getPackage().getImplementationVersion()
                + "; " + hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    /**
     * The listeners (the audit trail, the metrics) are beans that may themselves need a client; they are
     * looked up at the first call rather than at construction, so neither waits for the other.
     */
    private static final class ListenersWhenFirstUsed extends java.util.AbstractList<AvataxCallListener> {
        private final ObjectProvider<AvataxCallListener> provider;
        private volatile List<AvataxCallListener> listeners;

        ListenersWhenFirstUsed(ObjectProvider<AvataxCallListener> provider) {
            this.provider = provider;
        }

        private List<AvataxCallListener> listeners() {
            List<AvataxCallListener> known = listeners;
            if (known == null) {
                known = provider.orderedStream().toList();
                listeners = known;
            }
            return known;
        }

        @Override
        public AvataxCallListener get(int index) {
            return listeners().get(index);
        }

        @Override
        public int size() {
            return listeners().size();
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
