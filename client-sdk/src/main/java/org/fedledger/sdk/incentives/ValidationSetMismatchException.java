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
        super("task '" + taskId + "' committed validation set " + committed.hex() + ", but this verifier holds "
                + held.hex() + "; it computes no contributions with another set");
        this.taskId = taskId;
        this.committed = committed;
        this.held = held;
    }

    /** @return the task */
    public String taskId() {
        return taskId;
    }

    /** @return the hash the task (or, on private sets, the verifier's organisation) committed */
    public ContentHash committed() {
        return committed;
    }

    /** @return the hash of the set the verifier holds */
    public ContentHash held() {
        return held;
    }
}
