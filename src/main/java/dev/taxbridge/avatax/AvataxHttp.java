package dev.taxbridge.avatax;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.net.InetAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Turns an {@link AvataxCall} into the HTTP request the http component sends (URL, method, Basic
 * auth, {@code X-Avalara-Client}, JSON body), and reads the answer: the body on 2xx, a classified
 * {@link TaxBridgeException} otherwise. Inbound headers are removed by the route before this runs.
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

    public byte[] prepare(Exchange exchange) throws JsonProcessingException, InterruptedException {
        AvataxCall call = exchange.getProperty(CALL, AvataxCall.class);
        Message message = exchange.getMessage();
        AvataxConnection connection = call.connection();
        if (connection.limiter() != null) {
            connection.limiter().acquire();
        }
        message.setHeader(Exchange.HTTP_URI, connection.baseUrl() + call.path());
        // The enum, not its name: the http component would convert a String on every call (a type
        // converter lookup that misses first).
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(call.method()));
        message.setHeader("Authorization", connection.authorization());
        message.setHeader("X-Avalara-Client", clientHeader);
        message.setHeader("Accept", "application/json");
        if (call.body() == null) {
            return null;
        }
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return mapper.writeValueAsBytes(call.body());
    }

    public JsonNode read(Exchange exchange) {
        AvataxCall call = exchange.getProperty(CALL, AvataxCall.class);
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String retryAfter = message.getHeader("Retry-After", String.class);
        byte[] body = message.getBody(byte[].class);
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            try {
                return body == null || body.length == 0 ? mapper.nullNode() : mapper.readTree(body);
            } catch (java.io.IOException unreadable) {
                throw new TaxBridgeException(ErrorCode.PROVIDER_ERROR,
                        "AvaTax " + call.operation() + " answered HTTP " + code + " with a body that is not JSON");
            }
        }
        throw errors.classify(call.operation(), code, body, retryAfter);
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
