package dev.taxbridge.lago;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.util.Locale;

/**
 * What Lago's invoice and credit-note statuses and invoice types mean for the tax reported. Lago's
 * {@code Invoice} has the visible statuses draft, finalized, voided, failed and pending (and generating,
 * open, closed that its API does not show); {@code invoice.deleted} carries deleted. Lago reports an
 * invoice's tax when it is finalized, so only a finalized invoice is committed; a body without a status
 * (a producer that is not Lago) is taken as final. A credit note is draft or finalized.
 */
public final class LagoStatuses {

    public static final String FINALIZED = "finalized";
    public static final String DRAFT = "draft";
    public static final String VOIDED = "voided";
    public static final String DELETED = "deleted";
    /** The invoice type that regroups pay-in-advance fees Lago recorded on their own (no tax of its own). */
    public static final String ADVANCE_CHARGES = "advance_charges";

    private LagoStatuses() {
    }

    /** {@code invoice.finalized} takes a finalized invoice (or one without a status); any other is refused. */
    public static void requireFinalInvoice(String status) {
        String value = normalized(status);
        if (value == null || FINALIZED.equals(value)) {
            return;
        }
        String advice = switch (value) {
            case DRAFT -> "a draft is not reported: publish it as invoice.draft for an estimate, and as"
                    + " invoice.finalized when Lago finalizes it (its invoice.created webhook)";
            case VOIDED -> "publish it as invoice.voided to reverse its tax";
            case DELETED -> "a deleted draft was never reported: publish it as invoice.voided (nothing to reverse)"
                    + " or not at all";
            case "failed", "pending", "generating", "open", "closed" -> "Lago has not finalized it: publish it as"
                    + " invoice.finalized when Lago finalizes it (its invoice.created webhook), or as invoice.draft"
                    + " for an estimate";
            default -> "it is none of Lago's invoice statuses (draft, finalized, voided, failed, pending):"
                    + " publish finalized invoices as invoice.finalized, drafts as invoice.draft";
        };
        throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "invoice.status is '" + status
                + "', not finalized: " + advice);
    }

    /** {@code credit_note.created} takes a finalized credit note (or one without a status). */
    public static void requireFinalCreditNote(String status) {
        String value = normalized(status);
        if (value == null || FINALIZED.equals(value)) {
            return;
        }
        throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "credit_note.status is '" + status
                + "', not finalized: Lago reports a credit note when it is finalized; publish it as"
                + " credit_note.created then");
    }

    public static boolean deleted(String status) {
        return DELETED.equals(normalized(status));
    }

    private static String normalized(String status) {
        return status == null || status.isBlank() ? null : status.trim().toLowerCase(Locale.ROOT);
    }
}
