package org.fedledger.sdk;

import java.time.Duration;
import java.util.List;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;

/**
 * A coordinator's work: creating tasks and moving rounds.
 *
 * <pre>{@code
 * Coordinator c = ledger.coordinator();
 * c.createTask(definition);
 * c.openRound("breast-cancer");
 * }</pre>
 */
public interface Coordinator {
    /**
     * Creates the task with its initial model as version 0.
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException ALREADY_EXISTS, INVALID_ARGUMENT, FORBIDDEN
     */
    Receipt<TaskRecord> createTask(TaskDefinition definition);

    /**
     * Opens the task's next round. When the previous round is PROPOSED with its quorum of AGREE
     * attestations reached, the same transaction first makes it FINAL (as a resolve would).
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException INVALID_STATE while the previous round is
     *     neither FINAL nor FAILED (nor PROPOSED with its quorum reached)
     */
    Receipt<RoundRecord> openRound(String taskId);

    /**
     * Closes an OPEN round: CLOSED with its accepted updates, or FAILED after the deadline with too few.
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException QUORUM_NOT_MET before the deadline with
     *     too few updates, INVALID_STATE
     */
    Receipt<RoundRecord> closeRound(String taskId, int round);

    /**
     * Waits until {@code round} of {@code taskId} holds at least {@code count} updates, as this
     * connection's peer sees them, or is no longer OPEN.
     *
     * @return the round's update records at that moment, in key order
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when fewer arrived within {@code timeout};
     *     its message says how many did
     */
    List<UpdateRecord> awaitUpdates(String taskId, int round, int count, Duration timeout);

    /**
     * Waits until every organisation of the task has attested the latest proposal of {@code round} of
     * {@code taskId}, or its attestations decide it (its quorum of AGREE reached, or out of reach) and the
     * organisations still silent stay so for a second or more (the proposer's organisation's attestation
     * never counts, but one made after the round is decided is wasted), or the round is no longer
     * PROPOSED, as this connection's peer sees it; nobody needs to resolve the round first. The owner's
     * next {@link #openRound} makes a round whose quorum is reached FINAL in the same transaction.
     *
     * @return the round's record at that moment
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when still undecided after {@code timeout}
     */
    RoundRecord awaitAttestations(String taskId, int round, Duration timeout);

    /**
     * Waits until a proposal of {@code round} of {@code taskId} is decided: the round FINAL, FAILED or
     * DISPUTED (then open to another proposal), as this connection's peer sees it. A round in any other
     * state than PROPOSED comes back at once.
     *
     * @return the round's record once it is no longer PROPOSED
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when still PROPOSED after {@code timeout}
     */
    RoundRecord awaitResolution(String taskId, int round, Duration timeout);
}
