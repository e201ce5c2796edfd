package dev.taxbridge.reconciliation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.audit.AuditTrail;
import dev.taxbridge.avatax.AvataxClient;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.money.MinorUnits;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Compares what AvaTax holds for a period (ListTransactionsByCompany, every page) with what the bridge
 * committed (the last answer AvaTax gave to the bridge's own writes, read from the {@code tax.audit}
 * stream). Documents are matched by code and type; the period is the documents' {@code date}. On a
 * connection whose {@code commit} is false the bridge records documents {@code Saved}: there a Saved
 * document is as expected (and one committed in AvaTax's console too).
 */
@Component
public class Reconciliation {

    public static final String MISSING_IN_AVATAX = "missing_in_avatax";
    public static final String NOT_COMMITTED = "not_committed";
    public static final String TAX_MISMATCH = "tax_mismatch";
    public static final String UNKNOWN_TO_BRIDGE = "unknown_to_bridge";

    private static final String COMMITTED = "Committed";
    private static final String CANCELLED = "Cancelled";
    private static final String SAVED = "Saved";
    /** AvaTax answers at most 1,000 records per page. */
    private static final int PAGE = 1000;
    /** A bound on pages followed, so an @nextLink that never ends cannot loop forever. */
    private static final int MAX_PAGES = 10_000;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Mismatch(String code, String documentType, String kind, Long bridgeTaxesAmountCents,
            Long avataxTotalTaxCents) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(String connection, LocalDate from, LocalDate to, int checked, List<Mismatch> mismatches) {
    }

    /** The audit trail could not be read (broker unavailable, too slow). */
    public static class AuditUnavailable extends RuntimeException {
        AuditUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Key(String code, String type) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byCode = code.compareTo(other.code);
            return byCode != 0 ? byCode : String.valueOf(type).compareTo(String.valueOf(other.type));
        }
    }

    /** A document's state: its status, total tax in minor units and date. */
    private record State(String status, Long taxCents, String date) {
        static State of(TransactionModel transaction) {
            return new State(transaction.status(), transaction.totalTax() == null ? null
                    : MinorUnits.toMinor(transaction.totalTax(), MinorUnits.currency(
                            transaction.currencyCode() == null ? "USD" : transaction.currencyCode())),
                    transaction.date() == null ? null : transaction.date().toString());
        }

        static State of(JsonNode transaction) {
            return new State(transaction.path("status").asText(null), Reconciliation.taxCents(transaction),
                    transaction.path("date").asText(null));
        }
    }

    private final AuditTrail trail;

    public Reconciliation(AuditTrail trail) {
        this.trail = trail;
    }

    /** The connection's documents from {@code from} to {@code to}, read through its client. */
    public Report run(AvataxClient client, LocalDate from, LocalDate to) {
        AvataxConnection connection = client.connection();
        Map<Key, State> avatax = avataxDocuments(client, from, to);
        Map<Key, State> bridge = bridgeDocuments(connection.code(), from, to);
        TreeSet<Key> all = new TreeSet<>(avatax.keySet());
        all.addAll(bridge.keySet());
        List<Mismatch> mismatches = new ArrayList<>();
        for (Key key : all) {
            State ours = bridge.get(key);
            State theirs = avatax.get(key);
            String kind = kind(ours, theirs, connection.commit());
            if (kind != null) {
                mismatches.add(new Mismatch(key.code(), key.type(), kind, ours == null ? null : ours.taxCents(),
                        theirs == null ? null : theirs.taxCents()));
            }
        }
        return new Report(connection.code(), from, to, all.size(), mismatches);
    }

    /**
     * Null when the two sides agree: committed (or, when the connection does not commit, saved) with the same
     * tax, or voided by the bridge and cancelled.
     */
    private static String kind(State ours, State theirs, boolean connectionCommits) {
        if (ours == null) {
            return UNKNOWN_TO_BRIDGE;
        }
        if (CANCELLED.equals(ours.status())) {
            return null;
        }
        if (theirs == null) {
            return MISSING_IN_AVATAX;
        }
        if (!COMMITTED.equals(theirs.status()) && (connectionCommits || !SAVED.equals(theirs.status()))) {
            return NOT_COMMITTED;
        }
        return java.util.Objects.equals(ours.taxCents(), theirs.taxCents()) ? null : TAX_MISMATCH;
    }

    private Map<Key, State> avataxDocuments(AvataxClient client, LocalDate from, LocalDate to) {
        AvataxConnection connection = client.connection();
        CompletableFuture<FetchResult<TransactionModel>> next = client.listTransactions(from, to, PAGE);
        Map<Key, State> documents = new HashMap<>();
        for (int pages = 0; next != null; pages++) {
            if (pages == MAX_PAGES) {
                throw new IllegalStateException("AvaTax's @nextLink went on for more than " + MAX_PAGES + " pages");
            }
            FetchResult<TransactionModel> page = AvataxClient.await(next);
            for (TransactionModel document : page == null || page.value() == null
                    ? List.<TransactionModel>of() : page.value()) {
                documents.put(new Key(document.code(), document.type()), State.of(document));
            }
            String path = nextPath(connection, page == null ? null : page.nextLink());
            next = path == null ? null : client.listTransactionsPage(path);
        }
        return documents;
    }

    /**
     * What the bridge committed: for each document, AvaTax's answer to the bridge's last successful write
     * of it (createoradjust, void). Reads and GETs are not the bridge's doing, and orders are not recorded.
     */
    private Map<Key, State> bridgeDocuments(String connection, LocalDate from, LocalDate to) {
        Map<Key, State> documents = new HashMap<>();
        try {
            trail.readAll(record -> {
                JsonNode response = record.path("response");
                int status = record.path("status").asInt(0);
                if (connection.equals(record.path("connection").asText()) && "POST".equals(record.path("method").asText())
                        && status >= 200 && status < 300 && response.has("id") && response.path("code").isTextual()
                        && !response.path("type").asText("").endsWith("Order")) {
                    documents.put(new Key(response.path("code").asText(), response.path("type").asText(null)),
                            State.of(response));
                }
            });
        } catch (IOException unreadable) {
            throw new AuditUnavailable(unreadable.getMessage(), unreadable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailable("interrupted while reading the audit stream", interrupted);
        }
        documents.values().removeIf(state -> !inPeriod(state.date(), from, to));
        return documents;
    }

    private static boolean inPeriod(String date, LocalDate from, LocalDate to) {
        try {
            LocalDate day = LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
            return !day.isBefore(from) && !day.isAfter(to);
        } catch (RuntimeException noDate) {
            return false;
        }
    }

    /**
     * The next page's path on the same connection. The credentials go with it, so a link to another host
     * is refused rather than followed.
     */
    static String nextPath(AvataxConnection connection, String nextLink) {
        if (nextLink == null || nextLink.isBlank()) {
            return null;
        }
        String link = nextLink.startsWith(connection.baseUrl()) ? nextLink.substring(connection.baseUrl().length())
                : nextLink;
        if (!link.startsWith("/")) {
            throw new IllegalStateException("AvaTax's @nextLink points outside the connection's base URL");
        }
        return link.replace(" ", "%20").replace("'", "%27");
    }

    private static Long taxCents(JsonNode transaction) {
        JsonNode total = transaction.path("totalTax");
        if (!total.isNumber() && !total.isTextual()) {
            return null;
        }
        BigDecimal tax = total.isNumber() ? total.decimalValue() : new BigDecimal(total.asText());
        return MinorUnits.toMinor(tax, MinorUnits.currency(transaction.path("currencyCode").asText("USD")));
    }
}
