package dev.taxbridge.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a whole-cent total over parts whose exact values are fractional, so that the rounded
 * parts add up to the total exactly (largest-remainder method). Rounding each part on its own
 * can invent or lose a cent: three lines of 0.335 round to 0.34 each (1.02) while the document
 * total rounds to 1.01.
 */
public final class CentAllocator {

    private CentAllocator() {
    }

    /**
     * @param exactParts each part in minor units, unrounded (may be negative)
     * @param total the total in whole minor units that the result must add up to
     * @return one whole-minor-unit amount per part, in the same order, summing to {@code total}
     */
    public static long[] allocate(List<BigDecimal> exactParts, long total) {
        int n = exactParts.size();
        long[] result = new long[n];
        if (n == 0) {
            return result;
        }
        List<Integer> order = new ArrayList<>(n);
        BigDecimal[] fractions = new BigDecimal[n];
        long floorSum = 0;
        for (int i = 0; i < n; i++) {
            BigDecimal exact = exactParts.get(i);
            BigDecimal floor = exact.setScale(0, RoundingMode.FLOOR);
            result[i] = floor.longValueExact();
            fractions[i] = exact.subtract(floor);
            floorSum += result[i];
            order.add(i);
        }
        long remainder = total - floorSum;
        // Largest fractional parts get the extra cents first; ties go to the earlier part.
        order.sort(Comparator.<Integer, BigDecimal>comparing(i -> fractions[i]).reversed()
                .thenComparing(Comparator.naturalOrder()));
        int step = remainder >= 0 ? 1 : -1;
        if (remainder < 0) {
            // Taking cents away: smallest fractional parts give first (their floor was closest).
            java.util.Collections.reverse(order);
        }
        for (int k = 0; remainder != 0; k = (k + 1) % n) {
            result[order.get(k)] += step;
            remainder -= step;
        }
        return result;
    }
}
