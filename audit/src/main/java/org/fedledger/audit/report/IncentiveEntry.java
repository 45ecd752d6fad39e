package org.fedledger.audit.report;

/**
 * One contributor in one FINAL round of a task with incentives, as the audit replayed it: its agreed
 * contribution (exact: {@code value / scale} validation samples or nats), whether its update was out of
 * line or it sat the round out suspended, its reputation after the round and the penalty the round
 * imposed on it.
 *
 * @param round the round
 * @param contributor the contributor's identity id
 * @param value its agreed contribution times {@code scale}, or {@code null} when it sat the round out
 * @param scale the round's scale
 * @param outOfLine whether the round marked its update out of line
 * @param reputation its reputation after the round, as the resolving transaction wrote it
 * @param penalty the kind of penalty the round imposed on it, or {@code null}
 * @param suspendedUntil the last round the penalty suspends it from, 0 when none
 * @param setAside whether the round's rule set its update aside (excluded, or discarded at least the task's share)
 * @param weightUntil the last round whose admission the penalty lowers its weight in, 0 when none
 * @param weightPermille the weight the penalty leaves it, in thousandths (meaningful with {@code weightUntil})
 * @param creditCost the credits the penalty cost it, 0 when none
 */
public record IncentiveEntry(int round, String contributor, Long value, long scale, boolean outOfLine,
        long reputation, String penalty, int suspendedUntil, boolean setAside, int weightUntil, int weightPermille,
        long creditCost) {
    /**
     * An entry without set-aside marks or penalty effects beyond a suspension.
     *
     * @param round the round
     * @param contributor the contributor's identity id
     * @param value its agreed contribution times {@code scale}, or {@code null}
     * @param scale the round's scale
     * @param outOfLine whether the round marked its update out of line
     * @param reputation its reputation after the round
     * @param penalty the kind of penalty the round imposed on it, or {@code null}
     * @param suspendedUntil the last suspended round, 0 when none
     */
    public IncentiveEntry(int round, String contributor, Long value, long scale, boolean outOfLine, long reputation,
            String penalty, int suspendedUntil) {
        this(round, contributor, value, scale, outOfLine, reputation, penalty, suspendedUntil, false, 0, 0, 0);
    }
}
