package dev.taxbridge.messaging;

import java.util.Set;

/**
 * The headers the bridge adds to a copy of a command it sets aside: a parked copy says why it failed, a
 * waiting copy how long it has waited. A replay strips both, so that it starts as the producer sent it.
 */
public final class CopyHeaders {

    /** What a parked copy carries about its failure (docs/contract.md, sections 4 and "Parked messages"). */
    public static final Set<String> PARKING = Set.of("x-error-code", "x-error-message", "x-failed-at",
            "x-attempts", "x-original-exchange", "x-original-routing-key", "x-connection", "x-provider-error-code",
            "x-event-name", "x-webhook-endpoint");

    /** When the command first failed transiently (ISO-8601), kept across waits. */
    public static final String FIRST_FAILED_AT = "x-first-failed-at";

    /** How many times the command has waited. */
    public static final String DEFERRALS = "x-deferrals";

    /** The headers of waiting; a replayed command starts with a fresh patience. */
    public static final Set<String> WAITING = Set.of(FIRST_FAILED_AT, DEFERRALS);

    private CopyHeaders() {
    }
}
