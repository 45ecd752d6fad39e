package org.fedledger.sdk;

import java.time.Duration;
import org.fedledger.core.model.Model;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.UpdateRecord;

/**
 * A trainer's work in one task: wait for an open round, fetch the global model, submit an update,
 * wait for the next global model. Every model it returns was checked against its on-chain hash.
 *
 * <pre>{@code
 * Trainer trainer = ledger.trainer("breast-cancer");
 * RoundRecord round = trainer.awaitOpenRound(Duration.ofMinutes(5));
 * Model local = myTraining(trainer.currentModel().model());
 * trainer.submitUpdate(round.round(), local, 455);
 * VerifiedModel next = trainer.awaitModel(round.baseVersion() + 1, Duration.ofMinutes(5));
 * }</pre>
 */
public interface Trainer {
    /**
     * Waits until the task's latest round is OPEN.
     *
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when none opens within {@code timeout};
     *     its message says where the latest round stood
     */
    RoundRecord awaitOpenRound(Duration timeout);

    /**
     * The task's current global model, verified against its record's hash.
     *
     * @throws org.fedledger.sdk.payload.IntegrityException when the bytes do not match the record
     */
    VerifiedModel currentModel();

    /**
     * Encodes, hashes and chunks {@code update} and submits it for {@code round}, waiting for the commit.
     * Submitting the identical update again returns the existing record (idempotent); a retry after a
     * lost commit status never makes a second record. The update declares the round's base version: in a
     * pipelined task a round may train from the previous round's proposal rather than from
     * {@link #currentModel()}, so train with {@link #trainRound}, which hands over the round's base and
     * waits for this organisation's verdict on it.
     *
     * <p>The encoding is the task's update codec (its exact rule's {@code codec} parameter, float32 when
     * absent): a compressed codec encodes the update's offsets from the round's base model, which is read
     * and verified first, with stochastic rounding seeded from the task, the round and this identity; a
     * top-k codec adds what this trainer's earlier updates left out (error feedback, kept in this object)
     * and keeps what this one leaves out once it is committed.
     *
     * @param samples the number of local training samples the update was trained on
     * @throws org.fedledger.sdk.payload.PayloadTooLargeException before sending, when the encoded update
     *     exceeds the task's or the transport's limit
     * @throws org.fedledger.sdk.errors.ContractRefusedException ROUND_NOT_OPEN, DUPLICATE_UPDATE,
     *     SCHEMA_MISMATCH, NON_FINITE_VALUE, FORBIDDEN, ...
     */
    Receipt<UpdateRecord> submitUpdate(int round, Model update, long samples);

    /**
     * Buffered task ({@code max_staleness} in its rule; docs/round-modes.md): submits an update trained
     * from the global model {@code trainedFrom} to the task's open buffer, whatever global version that
     * buffer trains from, and returns once a buffer has admitted it: after the commit it waits for the
     * buffer's close. When the buffer trains from a later version the update is first rebased onto that
     * buffer's base model ({@link org.fedledger.core.aggregation.StalenessWeights#rebase}): the last buffer's
     * proposal, read and checked against the buffer's base hash, when {@link Aggregator#proposeAndOpen}
     * opened the buffer (a buffer on a proposal its verifiers did not agree fails, and the update goes to the
     * next one). The ledger weighs the update by its staleness at the close. The update is not lost when its buffer closes before the
     * submit commits (refused as not open, or invalidated by the close in the same block), leaves it over
     * its capacity, or fails: it goes to the next buffer, rebased onto that one's base, as long as it is
     * within {@code max_staleness}. Each submit goes to a later buffer than this trainer's previous one
     * (one update per trainer and buffer).
     *
     * <pre>{@code
     * VerifiedModel from = trainer.currentModel();
     * Model local = myTraining(from.model());          // however long it takes
     * trainer.submitBuffered(from, local, 455, Duration.ofMinutes(5));
     * }</pre>
     *
     * @param trainedFrom the global model the update was trained from
     * @param update the trained model
     * @param samples the number of local training samples
     * @param timeout how long to wait for an open buffer, in all
     * @return the receipt of the update that a buffer admitted
     * @throws IllegalStateException when the task runs synchronous rounds
     * @throws org.fedledger.sdk.errors.ContractRefusedException STALE_BASE_MODEL when {@code trainedFrom}
     *     is more than {@code max_staleness} versions behind the open buffer (train again from
     *     {@link #currentModel()}), and the refusals of {@link #submitUpdate}
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when no buffer has admitted the update within
     *     {@code timeout}
     */
    Receipt<UpdateRecord> submitBuffered(VerifiedModel trainedFrom, Model update, long samples, Duration timeout);

    /**
     * The trainer's whole step in one round: fetches the round's base model (verified against its
     * on-chain hash), hands it to {@code training}, and submits what that returns.
     *
     * <pre>{@code
     * trainer.trainRound(round.round(), global -> {
     *     local.setWeights(global);
     *     long used = local.train(myData, 1);
     *     return new LocalTraining.Result(local.weights(), used);
     * });
     * }</pre>
     *
     * <p>A round that another organisation has just opened may not be on this organisation's peer
     * yet; the step waits (up to 30 s) until it is.
     *
     * @param round the OPEN round to train for
     * @param training the local training: from the global model to an update and its sample count
     * @return the submit's receipt
     * @throws org.fedledger.sdk.payload.IntegrityException when the base model's bytes do not match its hash
     * @throws org.fedledger.sdk.errors.ContractRefusedException as {@link #submitUpdate}
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when the round has not reached this
     *     organisation's peer within 30 s
     */
    Receipt<UpdateRecord> trainRound(int round, LocalTraining training);

    /**
     * As {@link #trainRound}, for a task with differential privacy: hands {@code training} the mechanism
     * the task declares on the ledger, which the ledger counts against this organisation's dataset.
     *
     * <pre>{@code
     * trainer.trainRoundPrivately(round.round(), (global, mechanism) -> trainWithDpSgd(global, mechanism));
     * }</pre>
     *
     * @param round the OPEN round to train for
     * @param training the local training, given the global model and the task's mechanism
     * @return the submit's receipt
     * @throws IllegalStateException when the task declares no differential privacy
     * @throws org.fedledger.sdk.errors.ContractRefusedException as {@link #submitUpdate}, and
     *     PRIVACY_BUDGET_EXCEEDED when this organisation's dataset cannot take the update
     */
    Receipt<UpdateRecord> trainRoundPrivately(int round, PrivateTraining training);

    /**
     * Waits until global model {@code version} is final and returns it, verified.
     *
     * @throws org.fedledger.sdk.errors.RoundFailedException as soon as the round that was to make it
     *     (the latest from {@code version - 1} this trainer saw open or submitted to, else the task's
     *     latest round) is FAILED: its deadline passed with too few updates
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when it is not final within {@code timeout};
     *     its message says where the latest round stood (state, attestations against the quorum)
     */
    VerifiedModel awaitModel(long version, Duration timeout);
}
