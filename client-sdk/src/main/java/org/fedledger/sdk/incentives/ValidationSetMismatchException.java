package org.fedledger.sdk.incentives;

import org.fedledger.core.model.ContentHash;

/**
 * A verifier was given a validation set other than the one its task committed to: it refuses to
 * compute contributions (and so to attest), since its values could not match the other
 * organisations'. Retrying cannot help; give the verifier the task's set.
 */
public final class ValidationSetMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The task. */
    private final String taskId;
    /** The hash the task committed. */
    private final transient ContentHash committed;
    /** The hash of the set the verifier holds. */
    private final transient ContentHash held;

    /**
     * @param taskId the task
     * @param committed the hash the task committed
     * @param held the hash of the set the verifier holds
     */
    public ValidationSetMismatchException(String taskId, ContentHash committed, ContentHash held) {
        this(taskId, committed, held, "task '" + taskId + "' committed validation set " + committed.hex()
                + ", but this verifier holds " + held.hex() + "; it computes no contributions with another set");
    }

    private ValidationSetMismatchException(String taskId, ContentHash committed, ContentHash held, String message) {
        super(message);
        this.taskId = taskId;
        this.committed = committed;
        this.held = held;
    }

    /**
     * For a task valued on private validation sets: the verifier's organisation committed no set that
     * values {@code round}.
     *
     * @param taskId the task
     * @param msp the verifier's organisation
     * @param round the round to value
     * @param committed the organisation's committed set, {@code null} when it committed none
     * @param fromRound the first round that set values (ignored without one)
     * @param held the hash of the set the verifier holds
     * @return the exception
     */
    public static ValidationSetMismatchException notCommitted(String taskId, String msp, int round,
            ContentHash committed, int fromRound, ContentHash held) {
        return new ValidationSetMismatchException(taskId, committed, held, committed == null
                ? "organisation " + msp + " committed no validation set for task '" + taskId + "', which values"
                        + " contributions on each organisation's own: commit " + held.hex() + " with"
                        + " commitValidationSet before the rounds it should value"
                : "organisation " + msp + " committed its validation set for task '" + taskId + "' from round "
                        + fromRound + "; round " + round + " opened before it and is valued by the others alone");
    }

    /** @return the task */
    public String taskId() {
        return taskId;
    }

    /** @return the hash the task (or, on private sets, the organisation) committed; {@code null} when none */
    public ContentHash committed() {
        return committed;
    }

    /** @return the hash of the set the verifier holds */
    public ContentHash held() {
        return held;
    }
}
