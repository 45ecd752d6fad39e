package org.fedledger.core.aggregation;

import java.util.Arrays;

/**
 * The exact median of whole numbers, one definition for every integer median the ledger takes (a hierarchical
 * organisation's median code, the median of organisations' private contribution values): the middle value of
 * an odd count, the floor of the mean of the two middle values of an even count.
 *
 * <pre>{@code
 * long m = IntegerMedian.of(new long[] {7, -8});   // floor(-1 / 2) = -1
 * }</pre>
 */
public final class IntegerMedian {
    private IntegerMedian() {
    }

    /**
     * @param values one or more values; sorted in place
     * @return their median
     * @throws IllegalArgumentException when there is none
     * @throws ArithmeticException when the two middle values overflow a long when added
     */
    public static long of(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : Math.floorDiv(Math.addExact(values[n / 2 - 1], values[n / 2]), 2);
    }
}
