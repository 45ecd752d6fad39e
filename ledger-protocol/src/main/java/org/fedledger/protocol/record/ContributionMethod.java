package org.fedledger.protocol.record;

/**
 * How a task measures each contributor's share of a round's value on the shared validation set
 * (issue 24, {@code docs/incentives.md} section 2). Values are exact integers: a coalition's value is
 * the number of validation samples its aggregate classifies correctly.
 *
 * <pre>{@code
 * long scale = ContributionMethod.SHAPLEY.scale(5);   // 5! = 120: values are 120 * phi_i
 * }</pre>
 */
public enum ContributionMethod {
    /** Exact Shapley value, stored as {@code n! * phi_i}; at most {@link #MAX_SHAPLEY_CONTRIBUTORS} contributors. */
    SHAPLEY,
    /** Leave-one-out: {@code v(all) - v(all without i)}, scale 1. */
    LEAVE_ONE_OUT;

    /** Most updates a round of a Shapley task may accept: exact Shapley aggregates {@code 2^n} coalitions. */
    public static final int MAX_SHAPLEY_CONTRIBUTORS = 9;

    /**
     * @param contributors the round's number of contributors
     * @return the integer every stored value is a multiple of the true value by: {@code n!} for Shapley, 1 for leave-one-out
     */
    public long scale(int contributors) {
        if (this == LEAVE_ONE_OUT) {
            return 1;
        }
        long f = 1;
        for (int k = 2; k <= contributors; k++) {
            f *= k;
        }
        return f;
    }
}
