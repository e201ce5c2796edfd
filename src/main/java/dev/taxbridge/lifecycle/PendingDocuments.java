package dev.taxbridge.lifecycle;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.route.AvataxRefusals;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A void, dispute or credit note whose committed invoice AvaTax does not have yet. Queues give no
 * ordering guarantee (several consumers share {@code tax.invoices}), so the invoice.finalized may still
 * be on its way: the command is retried by the one retry layer (up to {@code tax.retry.max-attempts}
 * attempts in all), each retry after {@code tax.lifecycle.not-recorded-retry-delay} (capped by
 * {@code tax.retry.max-delay}), then parked as {@code provider_error} / {@code EntityNotFoundError}, replayable once the invoice is in.
 */
@Component
public class PendingDocuments {

    private final Duration retryDelay;

    public PendingDocuments(@Value("${tax.lifecycle.not-recorded-retry-delay:15s}") Duration retryDelay) {
        this.retryDelay = retryDelay;
    }

    public void notRecordedYet(String companyCode, String code) {
        throw new TaxBridgeException(ErrorCode.PROVIDER_ERROR, "AvaTax has no SalesInvoice '" + code
                + "' in company " + companyCode + " yet (its invoice.finalized may not have been processed)",
                AvataxRefusals.NOT_FOUND, retryDelay, true);
    }
}
