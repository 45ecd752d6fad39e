package org.fedledger.protocol.record;

import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * A task's incentive rules, fixed at creation (issue 24): how contributions are measured, against
 * which validation set (committed by its SHA-256 before any update exists) and what a contribution
 * earns. Part of the {@code createTask} argument and of {@link TaskIncentivesRecord}.
 *
 * <pre>{@code
 * new IncentiveRules(ContributionMethod.SHAPLEY, validationSet.hash(), 10);
 * }</pre>
 *
 * @param method how contributions are computed
 * @param validationSetHash SHA-256 of the canonical validation set every verifier scores with
 * @param creditPerSample contribution credit per validation sample a contributor's (Shapley or
 *     leave-one-out) value adds, 0 to 1,000,000
 */
public record IncentiveRules(ContributionMethod method, ContentHash validationSetHash, long creditPerSample) {
    /** Largest {@link #creditPerSample}: keeps every credit within a long for any round. */
    public static final long MAX_CREDIT_PER_SAMPLE = 1_000_000;

    /**
     * Checks the fields.
     *
     * @param method how contributions are computed
     * @param validationSetHash SHA-256 of the canonical validation set
     * @param creditPerSample contribution credit per validation sample of value
     */
    public IncentiveRules {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(validationSetHash, "validationSetHash");
    }
}
