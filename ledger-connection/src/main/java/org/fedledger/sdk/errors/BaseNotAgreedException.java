package org.fedledger.sdk.errors;

/**
 * A pipelined round's base, the proposal the round was opened on, was not agreed by the trainer's own
 * organisation: its verifier attested DISAGREE, or the proposal was disputed or its round failed. A
 * trainer trains from such a proposal while the verifiers check it, but submits what it learnt only
 * once its own organisation's verifier has agreed (or the proposal became FINAL): an update trained
 * from a model nobody it trusts has recomputed could reveal its data to whoever crafted that model. The
 * update is therefore not submitted. Not retryable: the round will fail (its base is superseded), and
 * the trainer trains the next one, opened from the FINAL model.
 *
 * <pre>{@code
 * try {
 *     trainer.trainRound(round.round(), training);
 * } catch (BaseNotAgreedException e) {
 *     round = trainer.awaitOpenRound(Duration.ofMinutes(5)); // a round from the FINAL model
 * }
 * }</pre>
 */
public final class BaseNotAgreedException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private final String taskId;
    private final int round;

    /**
     * @param taskId the task
     * @param round the round whose base was not agreed
     * @param why what the ledger showed: the organisation's DISAGREE, the dispute or the failure
     */
    public BaseNotAgreedException(String taskId, int round, String why) {
        super("round " + round + " of task '" + taskId + "' was opened on a proposal that " + why
                + "; the update trained from it is not submitted, and the next round trains from the FINAL model",
                null, null);
        this.taskId = taskId;
        this.round = round;
    }

    /** @return the task */
    public String taskId() {
        return taskId;
    }

    /** @return the round whose base was not agreed */
    public int round() {
        return round;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
