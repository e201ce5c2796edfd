package dev.taxbridge.route;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.util.Arrays;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The rule behind {@code direct:avatax-try}: some AvaTax refusals are answers the calling route handles
 * itself (the document is not there yet, it is already cancelled, it is locked). The caller lists them
 * in the exchange property {@value #EXPECTED} (AvaTax error codes, comma separated); only a
 * {@code provider_error} with one of those codes is expected. Anything else stays a failure.
 */
@Component
public class AvataxRefusals {

    public static final String EXPECTED = "avataxExpectedRefusals";
    public static final String REFUSAL = "avataxRefusal";
    public static final String NOT_FOUND = "EntityNotFoundError";

    /**
     * Runs in the route's doCatch: records an expected refusal's AvaTax code in {@value #REFUSAL}, or
     * throws the failure again for the retry layer.
     */
    public void accept(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        TaxBridgeException failure = classified(caught);
        if (failure == null || !expected(failure, exchange.getProperty(EXPECTED, String.class))) {
            throw caught instanceof RuntimeException runtime ? runtime : new IllegalStateException(caught);
        }
        exchange.setProperty(REFUSAL, failure.providerCode());
    }

    public static boolean expected(TaxBridgeException failure, String listed) {
        return failure.errorCode() == ErrorCode.PROVIDER_ERROR && failure.providerCode() != null && listed != null
                && Arrays.stream(listed.split(",")).map(String::trim).anyMatch(failure.providerCode()::equals);
    }

    /** The failure may come wrapped (by an asynchronous step, a processor); the classified one is in the chain. */
    private static TaxBridgeException classified(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof TaxBridgeException known) {
                return known;
            }
        }
        return null;
    }
}
