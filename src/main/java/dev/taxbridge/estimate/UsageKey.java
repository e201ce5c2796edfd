package dev.taxbridge.estimate;

import dev.taxbridge.avatax.AvataxModels.AvataxAddress;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What the usage taxes of a subscription depend on (SPEC section 2): connection, customer code,
 * subscription, plan code and version, ShipTo and the sorted (itemCode, taxCode) pairs of the lines.
 * Amounts are deliberately absent: a hit applies the cached rates to today's amounts. ShipFrom and
 * the customer's tax identification number are added, because both change the taxes too, and so are the
 * customer's entity use code and exemption number: a customer who becomes exempt (or stops being) is
 * asked of AvaTax again.
 */
public record UsageKey(String connection, String customerCode, String subscriptionExternalId, String planCode,
        String planVersion, AvataxAddress shipTo, AvataxAddress shipFrom, String businessIdentificationNo,
        List<LinePair> lines, String entityUseCode, String exemptionNo) {

    public UsageKey {
        lines = List.copyOf(lines);
    }

    public UsageKey(String connection, String customerCode, String subscriptionExternalId, String planCode,
            String planVersion, AvataxAddress shipTo, AvataxAddress shipFrom, String businessIdentificationNo,
            List<LinePair> lines) {
        this(connection, customerCode, subscriptionExternalId, planCode, planVersion, shipTo, shipFrom,
                businessIdentificationNo, lines, null, null);
    }

    /** The key of a usage request whose lines are those AvaTax will be sent. */
    public static UsageKey of(String connection, String customerCode, String subscriptionExternalId, String planCode,
            String planVersion, AvataxAddress shipTo, AvataxAddress shipFrom, String businessIdentificationNo,
            List<LineItemModel> lines) {
        return of(connection, customerCode, subscriptionExternalId, planCode, planVersion, shipTo, shipFrom,
                businessIdentificationNo, lines, null, null);
    }

    /** The key of a usage request sent with an exempt customer's entity use code and exemption number. */
    public static UsageKey of(String connection, String customerCode, String subscriptionExternalId, String planCode,
            String planVersion, AvataxAddress shipTo, AvataxAddress shipFrom, String businessIdentificationNo,
            List<LineItemModel> lines, String entityUseCode, String exemptionNo) {
        List<LinePair> pairs = lines.stream().map(LinePair::of).distinct().sorted().toList();
        return new UsageKey(connection, customerCode, subscriptionExternalId, planCode, planVersion, shipTo, shipFrom,
                businessIdentificationNo, pairs, entityUseCode, exemptionNo);
    }

    /** One line's (itemCode, taxCode): lines with the same pair are taxed at the same rates. */
    public record LinePair(String itemCode, String taxCode) implements Comparable<LinePair> {

        private static final Comparator<LinePair> ORDER = Comparator
                .comparing(LinePair::itemCode, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(LinePair::taxCode, Comparator.nullsFirst(Comparator.naturalOrder()));

        public static LinePair of(LineItemModel line) {
            return new LinePair(line.itemCode(), line.taxCode());
        }

        @Override
        public int compareTo(LinePair other) {
            return ORDER.compare(this, Objects.requireNonNull(other));
        }
    }
}
