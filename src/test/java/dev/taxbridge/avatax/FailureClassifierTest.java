package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class FailureClassifierTest {

    private final FailureClassifier failures = new FailureClassifier(new SecretRedactor(new AvataxProperties(
            "default", Map.of("default", new AvataxProperties.ConnectionSettings(null, "1", "license-key-123456",
            "DEFAULT")), "bridge"), new MockEnvironment()));

    @Test
    void classifiedFailureInsideAWrapperIsKeptAsIs() {
        TaxBridgeException known = new TaxBridgeException(ErrorCode.UNMAPPED_ITEM, "no mapping");
        assertThat(failures.classify(new CamelExecutionException("wrapped", null, known))).isSameAs(known);
    }

    @Test
    void socketTimeoutIsARetryableTimeout() {
        TaxBridgeException failure = failures.classify(new SocketTimeoutException("Read timed out"));
        assertThat(failure.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void refusedConnectionIsProviderUnavailable() {
        assertThat(failures.classify(new ConnectException("Connection refused")).errorCode())
                .isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    }

    @Test
    void tlsHandshakeFailureIsTheConnectionsNotTheMessages() {
        TaxBridgeException failure = failures.classify(new SSLHandshakeException("PKIX path building failed"));
        assertThat(failure.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("SSLHandshakeException").contains("PKIX");
    }

    @Test
    void jsonErrorIsNotMistakenForAnUnreachableProvider() {
        TaxBridgeException failure = failures.classify(new JsonParseException(null, "Unexpected character"));
        assertThat(failure.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void unexpectedExceptionMessageIsRedacted() {
        TaxBridgeException failure = failures.classify(new IllegalStateException("key license-key-123456 leaked"));
        assertThat(failure.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(failure.getMessage()).doesNotContain("license-key-123456").contains("******");
    }
}
