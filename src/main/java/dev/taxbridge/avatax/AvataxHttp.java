package dev.taxbridge.avatax;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.net.InetAddress;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Turns an {@link AvataxCall} into the HTTP request its connection's client sends (URL, method, Basic
 * auth, {@code X-Avalara-Client}, JSON body), and reads the answer: the body on 2xx, a classified
 * {@link TaxBridgeException} otherwise. Nothing of the inbound message reaches the request.
 */
@Component
public class AvataxHttp {

    private final ObjectMapper mapper;
    private final AvataxErrors errors;
    private final String clientHeader;

    public AvataxHttp(ObjectMapper mapper, AvataxErrors errors, AvataxProperties properties,
            ObjectProvider<BuildProperties> build) {
        this.mapper = mapper;
        this.errors = errors;
        BuildProperties info = build.getIfAvailable();
        String version = info == null ? "dev" : info.getVersion();
        // AvaTax's format: "{app}; {app version}; {library}; {library version}; {machine}".
        this.clientHeader = properties.clientName() + "; " + version + "; Apache Camel; "
                + org.apache.camel.CamelContext.class.getPackage().getImplementationVersion() + "; " + hostName();
    }

    /** The exchange property the calling route puts the {@link AvataxCall} in. */
    public static final String CALL = "avataxCall";

    /** {@code application/json} as AvaTax's examples send it, without a charset parameter. */
    private static final ContentType JSON = ContentType.create("application/json");

    /**
     * The HTTP request of a call: URL, method, Basic auth, {@code X-Avalara-Client}, and the body as JSON
     * bytes (null for a GET). Waits for the connection's rate limiter first, when it has one.
     */
    public SimpleHttpRequest request(AvataxCall call, byte[] body) throws InterruptedException {
        AvataxConnection connection = call.connection();
        if (connection.limiter() != null) {
            connection.limiter().acquire();
        }
        SimpleHttpRequest request = SimpleHttpRequest.create(call.method(), connection.baseUrl() + call.path());
        request.setHeader("Authorization", connection.authorization());
        request.setHeader("X-Avalara-Client", clientHeader);
        request.setHeader("Accept", "application/json");
        if (body != null) {
            request.setBody(body, JSON);
        }
        return request;
    }

    /** The request body of a call, as JSON bytes (null when it has none). */
    public byte[] body(AvataxCall call) throws JsonProcessingException {
        return call.body() == null ? null : mapper.writeValueAsBytes(call.body());
    }

    /**
     * AvaTax's answer to a call: the body on 2xx (a null node when empty), a classified
     * {@link TaxBridgeException} otherwise.
     */
    public JsonNode read(AvataxCall call, int status, String retryAfter, byte[] body) {
        if (status >= 200 && status < 300) {
            try {
                return body == null || body.length == 0 ? mapper.nullNode() : mapper.readTree(body);
            } catch (java.io.IOException unreadable) {
                throw new TaxBridgeException(ErrorCode.PROVIDER_ERROR,
                        "AvaTax " + call.operation() + " answered HTTP " + status + " with a body that is not JSON");
            }
        }
        throw errors.classify(call.operation(), status, body, retryAfter);
    }

    public String clientHeader() {
        return clientHeader;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
