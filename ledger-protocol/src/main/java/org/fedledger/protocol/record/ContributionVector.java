package org.fedledger.protocol.record;

import java.util.List;
import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * The contributions of one round's accepted updates, as integers: {@code values.get(i)} is
 * {@code scale} times the contribution of {@code contributors.get(i)}, in validation samples. The
 * contributors are the round's accepted updates' contributors in update-key order. Verifiers attest
 * its {@link #hash()}; a round of an incentives task is final only when a quorum attested the same one.
 *
 * <pre>{@code
 * ContributionVector v = new ContributionVector(ContributionMethod.SHAPLEY, 6, List.of("a", "b", "c"), List.of(42L, 18L, -6L));
 * ContentHash h = v.hash();
 * }</pre>
 *
 * @param method the task's method
 * @param scale {@link IncentiveRules#scale(int)} of the number of contributors: the method's scale times the
 *     score's unit
 * @param contributors contributor ids in update-key order
 * @param values scaled contributions, one per contributor
 */
public record ContributionVector(ContributionMethod method, long scale, List<String> contributors, List<Long> values) {
    /**
     * Copies the lists and checks they have one value per contributor.
     *
     * @param method the task's method
     * @param scale the scale
     * @param contributors contributor ids in update-key order
     * @param values scaled contributions
     */
    public ContributionVector {
        Objects.requireNonNull(method, "method");
        contributors = List.copyOf(contributors);
        values = List.copyOf(values);
        if (contributors.size() != values.size()) {
            throw new IllegalArgumentException(contributors.size() + " contributors but " + values.size() + " values");
        }
    }

    /** @return SHA-256 of this vector's canonical JSON: what a verifier attests */
    public ContentHash hash() {
        return RecordJson.hash(this);
    }
}
