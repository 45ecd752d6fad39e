package org.fedledger.protocol.record;

/**
 * A contributor's reputation across rounds and tasks, under
 * {@link org.fedledger.protocol.key.Keys#reputation(String)}: an integer in
 * {@code [0, }{@link #MAX}{@code ]}, starting at {@link #INITIAL}, moved by every FINAL round of an
 * incentives task it contributed to as {@code r <- floor((7 r + s) / 8)}, where {@code s} is the
 * round's score (see {@code docs/incentives.md}).
 *
 * @param contributor the contributor's identity id
 * @param reputation the reputation
 * @param rounds rounds that moved it
 * @param lastTaskId the task of the last of them
 * @param lastRound the last of them
 * @param txId the transaction that wrote this version
 */
@RecordJson.Schema(1)
public record ReputationRecord(String contributor, long reputation, int rounds, String lastTaskId, int lastRound,
        String txId) {
    /** Highest reputation (and highest round score). */
    public static final long MAX = 1_000_000;
    /** Reputation of a contributor no round has scored yet. */
    public static final long INITIAL = 500_000;
}
