package dev.taxbridge.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CentAllocatorTest {

    private static List<BigDecimal> parts(String... values) {
        return Arrays.stream(values).map(BigDecimal::new).toList();
    }

    private static long sum(long[] values) {
        return Arrays.stream(values).sum();
    }

    @Test
    void threeLinesOfExactlyHalfCentTotalRoundedTo101GiveOne33AndTwo34() {
        long[] result = CentAllocator.allocate(parts("33.5", "33.5", "33.5"), 101);

        assertThat(sum(result)).isEqualTo(101);
        assertThat(result).containsExactlyInAnyOrder(33, 34, 34);
    }

    @Test
    void tiesOnEqualFractionsGoToTheEarlierParts() {
        assertThat(CentAllocator.allocate(parts("33.5", "33.5", "33.5"), 101)).containsExactly(34, 34, 33);
    }

    @Test
    void roundingEachPartAloneWouldInventACentButAllocationDoesNot() {
        List<BigDecimal> exact = parts("33.5", "33.5", "33.5");
        long naive = exact.stream().mapToLong(p -> p.setScale(0, RoundingMode.HALF_UP).longValueExact()).sum();

        assertThat(naive).isEqualTo(102);
        assertThat(sum(CentAllocator.allocate(exact, 101))).isEqualTo(101);
    }

    @Test
    void largestFractionGetsTheExtraCent() {
        assertThat(CentAllocator.allocate(parts("10.2", "10.7", "10.1"), 31)).containsExactly(10, 11, 10);
    }

    @Test
    void wholeExactPartsAreKeptWhenTheyMatchTheTotal() {
        assertThat(CentAllocator.allocate(parts("100", "250", "0"), 350)).containsExactly(100, 250, 0);
    }

    @Test
    void singlePartAlwaysGetsTheWholeTotal() {
        assertThat(CentAllocator.allocate(parts("12.345"), 13)).containsExactly(13);
        assertThat(CentAllocator.allocate(parts("12.345"), 7)).containsExactly(7);
    }

    @Test
    void emptyListGivesEmptyResult() {
        assertThat(CentAllocator.allocate(List.of(), 0)).isEmpty();
    }

    @Test
    void emptyListWithNonZeroTotalGivesEmptyResultAndCannotCarryTheTotal() {
        // Documents current behaviour: with no part to put the cents on, they are dropped.
        assertThat(CentAllocator.allocate(List.of(), 5)).isEmpty();
    }

    @Test
    void negativePartsAllocateTowardsTheNegativeTotal() {
        long[] result = CentAllocator.allocate(parts("-33.5", "-33.5", "-33.5"), -101);

        assertThat(sum(result)).isEqualTo(-101);
        assertThat(result).containsExactlyInAnyOrder(-33, -34, -34);
    }

    @Test
    void negativePartsEachStayBetweenFloorAndCeiling() {
        long[] result = CentAllocator.allocate(parts("-10.2", "-10.7", "-10.1"), -31);

        assertThat(sum(result)).isEqualTo(-31);
        // Floors are -11, -11, -11 (sum -33); the two largest fractions (0.9 of -10.1, 0.8 of -10.2) go up.
        assertThat(result).containsExactly(-10, -11, -10);
    }

    @Test
    void mixedSignPartsSumToTotal() {
        long[] result = CentAllocator.allocate(parts("50.5", "-20.5", "0.4"), 30);

        assertThat(sum(result)).isEqualTo(30);
        assertThat(result[0]).isBetween(50L, 51L);
        assertThat(result[1]).isBetween(-21L, -20L);
        assertThat(result[2]).isBetween(0L, 1L);
    }

    @Test
    void negativeRemainderWhenTotalIsBelowTheSumOfFloorsTakesFromSmallestFractionsFirst() {
        // Floors 10, 20, 30 sum to 60; the total is 59, so one cent is taken away.
        long[] result = CentAllocator.allocate(parts("10.9", "20.1", "30.5"), 59);

        assertThat(sum(result)).isEqualTo(59);
        assertThat(result).containsExactly(10, 19, 30);
    }

    @Test
    void negativeRemainderOnNegativePartsStillSumsExactly() {
        // Floors -11, -21 sum to -32; the total -34 is two below.
        long[] result = CentAllocator.allocate(parts("-10.5", "-20.25"), -34);

        assertThat(sum(result)).isEqualTo(-34);
        assertThat(result).containsExactly(-12, -22);
    }

    @Test
    void totalAboveFloorsByMoreThanNumberOfPartsStillSumsExactlyAndSpreadsEvenly() {
        long[] result = CentAllocator.allocate(parts("1.5", "1.5", "1.5"), 11);

        assertThat(sum(result)).isEqualTo(11);
        // 3 floors of 1; 8 extra cents cycle over the parts: 3, 3, 2.
        assertThat(result).containsExactly(4, 4, 3);
    }

    @Test
    void totalBelowFloorsByMoreThanNumberOfPartsStillSumsExactly() {
        long[] result = CentAllocator.allocate(parts("10.1", "10.2"), 13);

        assertThat(sum(result)).isEqualTo(13);
        assertThat(Math.abs(result[0] - result[1])).isLessThanOrEqualTo(1);
    }

    @Test
    void zeroTotalOverPositivePartsSumsToZero() {
        long[] result = CentAllocator.allocate(parts("0.4", "0.4", "0.4"), 0);

        assertThat(sum(result)).isZero();
        assertThat(result).containsExactly(0, 0, 0);
    }

    @Test
    void inputListIsNotModifiedAndResultKeepsInputOrder() {
        List<BigDecimal> exact = new ArrayList<>(parts("0.9", "5.1", "2.5"));
        long[] result = CentAllocator.allocate(exact, 9);

        assertThat(exact).containsExactlyElementsOf(parts("0.9", "5.1", "2.5"));
        assertThat(result).containsExactly(1, 5, 3);
    }

    @Test
    void fractionsWithDifferentScalesCompareByValue() {
        long[] result = CentAllocator.allocate(parts("1.50", "1.5000", "1.5"), 5);

        assertThat(result).containsExactly(2, 2, 1);
    }

    @Test
    void randomizedPartsAlwaysSumToTheRoundedTotalAndStayWithinOneOfTheirExactValue() {
        Random random = new Random(20240917L);
        for (int run = 0; run < 2_000; run++) {
            int n = 1 + random.nextInt(12);
            List<BigDecimal> exact = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // Up to +/- 1000.0000 minor units with four decimals.
                exact.add(BigDecimal.valueOf(random.nextInt(20_000_001) - 10_000_000L, 4));
            }
            BigDecimal exactSum = exact.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            long total = exactSum.setScale(0, RoundingMode.HALF_UP).longValueExact();

            long[] result = CentAllocator.allocate(exact, total);

            assertThat(sum(result)).as("run %d, parts %s, total %d", run, exact, total).isEqualTo(total);
            for (int i = 0; i < n; i++) {
                BigDecimal floor = exact.get(i).setScale(0, RoundingMode.FLOOR);
                BigDecimal ceiling = exact.get(i).setScale(0, RoundingMode.CEILING);
                assertThat(BigDecimal.valueOf(result[i]))
                        .as("run %d part %d of %s", run, i, exact)
                        .isBetween(floor, ceiling);
            }
        }
    }

    @Test
    void randomizedArbitraryTotalsAlwaysSumExactly() {
        Random random = new Random(42L);
        for (int run = 0; run < 2_000; run++) {
            int n = 1 + random.nextInt(8);
            List<BigDecimal> exact = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                exact.add(BigDecimal.valueOf(random.nextInt(200_001) - 100_000L, 3));
            }
            long total = random.nextInt(401) - 200L;

            long[] result = CentAllocator.allocate(exact, total);

            assertThat(result).hasSize(n);
            assertThat(sum(result)).as("run %d, parts %s, total %d", run, exact, total).isEqualTo(total);
            // The adjustment beyond the floors is spread round-robin, never piled onto one part.
            long[] adjustments = new long[n];
            for (int i = 0; i < n; i++) {
                adjustments[i] = result[i] - exact.get(i).setScale(0, RoundingMode.FLOOR).longValueExact();
            }
            long minAdjustment = Arrays.stream(adjustments).min().orElseThrow();
            long maxAdjustment = Arrays.stream(adjustments).max().orElseThrow();
            assertThat(maxAdjustment - minAdjustment).as("run %d adjustments %s", run, Arrays.toString(adjustments))
                    .isLessThanOrEqualTo(1);
        }
    }
}
