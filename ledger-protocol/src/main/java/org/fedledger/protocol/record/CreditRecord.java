package org.fedledger.protocol.record;

import java.util.List;

/**
 * One contributor's credits in one task, under {@link org.fedledger.protocol.key.Keys#credit(String, String)},
 * rewritten by every FINAL round it contributed to. Integers only: replayed bit for bit.
 *
 * @param taskId the task
 * @param contributor the contributor's identity id
 * @param msp its organisation
 * @param dataCredit sum over rounds of its admitted weight (declared samples, capped by the task's
 *     {@code maxSamples} and scaled down to its organisation share cap at the round's close)
 * @param contributionCredit sum over rounds of {@code floor(max(0, value) * creditPerSample / scale)}
 * @param rounds FINAL rounds it contributed to
 * @param lastRound the last of them
 * @param negativeStreak the consecutive FINAL rounds, up to the last, in which its agreed contribution
 *     was negative, ascending (emptied by the penalty they lead to)
 * @param txId the transaction that wrote this version
 * @param penaltyCredit sum of the credits its penalties cost ({@link IncentiveRules#penaltyCredits()}); its
 *     balance is {@code dataCredit + contributionCredit - penaltyCredit}; {@code null} (omitted from the JSON,
 *     so that records of tasks without the cost keep their bytes) for none
 */
@RecordJson.Schema(1)
public record CreditRecord(String taskId, String contributor, String msp, long dataCredit, long contributionCredit,
        int rounds, int lastRound, List<Integer> negativeStreak, String txId, @RecordJson.Nullable Long penaltyCredit) {
    /**
     * Copies the list.
     *
     * @param taskId the task
     * @param contributor the contributor's identity id
     * @param msp its organisation
     * @param dataCredit total data credit
     * @param contributionCredit total contribution credit
     * @param rounds FINAL rounds it contributed to
     * @param lastRound the last of them
     * @param negativeStreak the rounds of its current negative streak
     * @param txId the transaction that wrote this version
     * @param penaltyCredit total credits penalties cost; {@code null} or 0 for none (stored as {@code null})
     */
    public CreditRecord {
        negativeStreak = Records.copy(negativeStreak);
        if (penaltyCredit != null && penaltyCredit < 0) {
            throw new IllegalArgumentException("penaltyCredit must not be negative, was " + penaltyCredit);
        }
        penaltyCredit = penaltyCredit == null || penaltyCredit == 0 ? null : penaltyCredit;
    }

    /**
     * A record whose penalties cost nothing.
     *
     * @param taskId the task
     * @param contributor the contributor's identity id
     * @param msp its organisation
     * @param dataCredit total data credit
     * @param contributionCredit total contribution credit
     * @param rounds FINAL rounds it contributed to
     * @param lastRound the last of them
     * @param negativeStreak the rounds of its current negative streak
     * @param txId the transaction that wrote this version
     */
    public CreditRecord(String taskId, String contributor, String msp, long dataCredit, long contributionCredit,
            int rounds, int lastRound, List<Integer> negativeStreak, String txId) {
        this(taskId, contributor, msp, dataCredit, contributionCredit, rounds, lastRound, negativeStreak, txId, null);
    }

    /** @return the credits its penalties cost, 0 for none */
    public long penaltyCost() {
        return penaltyCredit == null ? 0 : penaltyCredit;
    }
}
