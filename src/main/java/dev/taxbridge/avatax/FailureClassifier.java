package dev.taxbridge.avatax;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.springframework.stereotype.Component;

/**
 * Classifies any exception a command meets into a {@link TaxBridgeException} (SPEC section 4): one
 * already classified is kept, I/O failures of the AvaTax call are the connection's, anything else is
 * the message's. Messages are redacted: a failure's text goes into DLQ headers, events and replies.
 */
@Component
public class FailureClassifier {

    private final SecretRedactor redactor;

    public FailureClassifier(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    public TaxBridgeException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TaxBridgeException known) {
                return known;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || (t instanceof InterruptedIOException && !(t instanceof java.nio.channels.ClosedByInterruptException))) {
                return new TaxBridgeException(ErrorCode.TIMEOUT, "AvaTax did not answer in time ("
                        + t.getClass().getSimpleName() + ")");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof org.apache.hc.core5.http.NoHttpResponseException
                    || t instanceof java.net.SocketException) {
                return new TaxBridgeException(ErrorCode.PROVIDER_UNAVAILABLE, "AvaTax could not be reached ("
                        + t.getClass().getSimpleName() + ")");
            }
            // Any other I/O failure of the call (a TLS handshake, a reset stream) is the connection's,
            // not the message's; JSON errors are I/O exceptions too but are the message's.
            if (t instanceof java.io.IOException && !(t instanceof com.fasterxml.jackson.core.JacksonException)) {
                String detail = redactor.redact(String.valueOf(t.getMessage()));
                return new TaxBridgeException(ErrorCode.PROVIDER_UNAVAILABLE, "AvaTax could not be reached ("
                        + t.getClass().getSimpleName() + ": "
                        + (detail.length() > 200 ? detail.substring(0, 200) + "…" : detail) + ")");
            }
        }
        // Anything else is a defect or an unexpected input; say what it was without echoing data.
        return new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the bridge could not process the message ("
                + failure.getClass().getSimpleName() + ": " + redactor.redact(String.valueOf(failure.getMessage())) + ")");
    }
}
