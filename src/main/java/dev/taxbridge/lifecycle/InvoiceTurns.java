package dev.taxbridge.lifecycle;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One command at a time per invoice, among the voids, lost disputes and credit notes this process works on:
 * each reads what the invoice's earlier documents hold and records what is left, so two of them read side by
 * side would both see the same remainder (a credit note and a void would reverse the tax twice). A command
 * whose invoice is taken fails transiently and is retried after {@code tax.lifecycle.turn-retry-delay}
 * (Retry-After, as for a rate limit; a scheduled redelivery, no thread waits), up to
 * {@code tax.lifecycle.turn-waits} times before its waits count as failed attempts. Turns are held by exchange, from the first
 * AvaTax read to the confirmed event, and given back when the attempt ends, failed or not.
 */
@Component
public class InvoiceTurns {

    /** The provider code of the failure "the invoice's turn is taken" (never AvaTax's). */
    public static final String TURN_TAKEN = "InvoiceTurnTaken";

    private final ConcurrentHashMap<String, String> holders = new ConcurrentHashMap<>();
    private final Duration retryDelay;

    public InvoiceTurns(@Value("${tax.lifecycle.turn-retry-delay:250ms}") Duration retryDelay) {
        this.retryDelay = retryDelay;
    }

    /** Takes the invoice's turn for {@code holder}; a turn it holds already is kept. */
    public void take(String invoiceLagoId, String holder) {
        String current = holders.putIfAbsent(invoiceLagoId, holder);
        if (current != null && !current.equals(holder)) {
            throw new TaxBridgeException(ErrorCode.RATE_LIMITED, "invoice " + invoiceLagoId
                    + " is being reversed or credited by another of its commands; retried after " + retryDelay,
                    TURN_TAKEN, retryDelay, true);
        }
    }

    public void release(String invoiceLagoId, String holder) {
        holders.remove(invoiceLagoId, holder);
    }

    public static boolean turnTaken(TaxBridgeException failure) {
        return TURN_TAKEN.equals(failure.providerCode());
    }
}
