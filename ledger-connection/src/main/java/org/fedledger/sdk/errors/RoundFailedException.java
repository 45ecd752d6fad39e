package org.fedledger.sdk.errors;

/**
 * The round a trainer's awaited model depended on ended FAILED: its deadline passed with fewer
 * updates than the task's minimum, or its proposals did not reach the attestation quorum (disputed up
 * to the proposal limit, or undecided when its window ended), so it will never produce that model.
 * Not retryable: waiting
 * longer for the same round cannot help; the next model comes from a round the coordinator opens
 * after it, from the same base model, which the trainer joins with {@code awaitOpenRound}.
 *
 * <pre>{@code
 * try {
 *     next = trainer.awaitModel(round.baseVersion() + 1, Duration.ofMinutes(5));
 * } catch (RoundFailedException e) {
 *     round = trainer.awaitOpenRound(Duration.ofMinutes(5)); // train again on the same base model
 * }
 * }</pre>
 */
public final class RoundFailedException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private final String taskId;
    private final int round;
    private final int minUpdates;

    /**
     * @param taskId the task
     * @param round the round that failed
     * @param minUpdates the task's minimum number of updates a round needs
     * @param transactionId the transaction that closed the round as FAILED
     */
    public RoundFailedException(String taskId, int round, int minUpdates, String transactionId) {
        this(taskId, round, minUpdates, transactionId, false);
    }

    /**
     * @param taskId the task
     * @param round the round that failed
     * @param minUpdates the task's minimum number of updates a round needs
     * @param transactionId the transaction that made the round FAILED
     * @param undecided whether it failed after its close, its proposals short of the attestation
     *     quorum, rather than at its close with too few updates
     */
    public RoundFailedException(String taskId, int round, int minUpdates, String transactionId, boolean undecided) {
        super("round " + round + " of task '" + taskId + "' FAILED: " + (undecided
                ? "its proposals did not reach the attestation quorum (disputed up to the proposal limit, or"
                        + " undecided when its window ended)"
                : "its deadline passed with fewer than " + minUpdates + " updates")
                + "; the next model comes from a round opened after it, from the same base model",
                transactionId, null);
        this.taskId = taskId;
        this.round = round;
        this.minUpdates = minUpdates;
    }

    /** @return the task */
    public String taskId() {
        return taskId;
    }

    /** @return the round that failed */
    public int round() {
        return round;
    }

    /** @return the task's minimum number of updates a round needs */
    public int minUpdates() {
        return minUpdates;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
