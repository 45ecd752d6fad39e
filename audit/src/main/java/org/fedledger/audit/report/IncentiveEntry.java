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
 */
public record IncentiveEntry(int round, String contributor, Long value, long scale, boolean outOfLine,
        long reputation, String penalty, int suspendedUntil) {
}
