package org.fedledger.protocol.event;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundFailure;
import org.fedledger.protocol.record.Verdict;

/**
 * The payload of a chaincode event, one type per event name. A transaction emits at most one (Fabric
 * keeps only the last); the payload is the record's canonical JSON
 * ({@link org.fedledger.protocol.record.RecordJson}), so a listener reads it back with the same type.
 *
 * <pre>{@code
 * LedgerEvent.RoundOpened opened = RecordJson.read(new String(event.getPayload(), UTF_8),
 *         LedgerEvent.RoundOpened.class);
 * }</pre>
 */
public sealed interface LedgerEvent {
    /** @return the event name: the simple name of its record type, as {@link #nameOf(Class)} */
    default String name() {
        return nameOf(getClass());
    }

    /**
     * What the event announces, part by part: a transaction that merged several steps emits one event
     * that carries each step's own event, so a listener matches the parts and never the merged types.
     *
     * <pre>{@code
     * boolean opened = e.parts().stream().anyMatch(p -> p instanceof LedgerEvent.RoundOpened);
     * }</pre>
     *
     * @return the events this one stands for, in the order the transaction took the steps; itself alone
     *     for an event of one step
     */
    default List<LedgerEvent> parts() {
        return List.of(this);
    }

    /**
     * @param type an event's record type
     * @return the name of its events: the type's simple name, such as {@code RoundOpened}
     */
    static String nameOf(Class<? extends LedgerEvent> type) {
        return type.getSimpleName();
    }

    /**
     * @param msp the member's organisation
     * @param id the member's identity id
     * @param roles the member's roles, sorted
     */
    record ParticipantRegistered(String msp, String id, List<String> roles) implements LedgerEvent {
        /**
         * Copies the roles.
         *
         * @param msp the member's organisation
         * @param id the member's identity id
         * @param roles the member's roles, sorted
         */
        public ParticipantRegistered {
            roles = List.copyOf(roles);
        }
    }

    /**
     * A member asked for roles, signing with its own identity.
     *
     * @param msp the member's organisation
     * @param id the member's identity id
     * @param roles the roles it asked for, sorted
     */
    record RolesRequested(String msp, String id, List<String> roles) implements LedgerEvent {
        /**
         * Copies the roles.
         *
         * @param msp the member's organisation
         * @param id the member's identity id
         * @param roles the roles it asked for, sorted
         */
        public RolesRequested {
            roles = List.copyOf(roles);
        }
    }

    /**
     * An admin changed a member's roles.
     *
     * @param msp the member's organisation
     * @param id the member's identity id
     * @param roles the roles it holds now, sorted
     */
    record RolesChanged(String msp, String id, List<String> roles) implements LedgerEvent {
        /**
         * Copies the roles.
         *
         * @param msp the member's organisation
         * @param id the member's identity id
         * @param roles the roles it holds now, sorted
         */
        public RolesChanged {
            roles = List.copyOf(roles);
        }
    }

    /**
     * An admin revoked a member: it acts no more.
     *
     * @param msp the member's organisation
     * @param id the member's identity id
     */
    record ParticipantRevoked(String msp, String id) implements LedgerEvent {
    }

    /**
     * @param taskId the task
     * @param version the initial model's version (0)
     * @param modelHash the initial model's hash
     */
    record TaskCreated(String taskId, long version, ContentHash modelHash) implements LedgerEvent {
    }

    /**
     * @param taskId the task
     * @param round the round opened
     * @param baseVersion the model version it trains from
     * @param deadline its deadline, seconds since the epoch
     */
    record RoundOpened(String taskId, int round, long baseVersion, long deadline) implements LedgerEvent {
    }

    /**
     * @param taskId the task
     * @param round the round
     * @param contributor the trainer's identity id
     * @param msp the trainer's organisation
     * @param hash the payload hash
     * @param key the update record's key
     */
    record UpdateAccepted(String taskId, int round, String contributor, String msp, ContentHash hash, String key)
            implements LedgerEvent {
    }

    /**
     * @param taskId the task
     * @param round the round
     * @param accepted how many updates were accepted
     * @param overCapacity how many were left over capacity
     */
    record RoundClosed(String taskId, int round, int accepted, int overCapacity) implements LedgerEvent {
    }

    /**
     * @param taskId the task
     * @param round the round
     * @param updates how many updates it had (for {@link RoundFailure#TOO_FEW_UPDATES}, fewer than the
     *     task's minimum), or how many it accepted
     * @param reason why it failed
     */
    record RoundFailed(String taskId, int round, int updates, RoundFailure reason) implements LedgerEvent {
        /**
         * A round that closed with too few updates.
         *
         * @param taskId the task
         * @param round the round
         * @param updates how many updates it had, fewer than the task's minimum
         */
        public RoundFailed(String taskId, int round, int updates) {
            this(taskId, round, updates, RoundFailure.TOO_FEW_UPDATES);
        }
    }

    /**
     * @param taskId the task
     * @param round the round
     * @param seq the proposal's sequence number
     * @param outputHash the proposed model's hash
     * @param manifestHash the manifest's hash
     */
    record ModelProposed(String taskId, int round, int seq, ContentHash outputHash, ContentHash manifestHash)
            implements LedgerEvent {
    }

    /**
     * An organisation's attestation; it decides nothing by itself (resolveRound does).
     *
     * @param taskId the task
     * @param round the round
     * @param seq the proposal
     * @param msp the attesting organisation
     * @param verdict its verdict
     */
    record ModelAttested(String taskId, int round, int seq, String msp, Verdict verdict) implements LedgerEvent {
    }

    /**
     * A resolution that found the proposal's quorum out of reach: the aggregator may propose again.
     *
     * @param taskId the task
     * @param round the round
     * @param seq the disputed proposal
     */
    record RoundDisputed(String taskId, int round, int seq) implements LedgerEvent {
    }

    /**
     * A resolution that found the quorum reached: the proposal is the task's new global model.
     *
     * @param taskId the task
     * @param round the round
     * @param seq the proposal
     * @param version the new global model version
     * @param hash the new global model's hash
     * @param attestedBy the eligible organisations that agreed, sorted
     */
    record ModelFinal(String taskId, int round, int seq, long version, ContentHash hash, List<String> attestedBy)
            implements LedgerEvent {
        /**
         * Copies the organisations.
         *
         * @param taskId the task
         * @param round the round
         * @param seq the proposal
         * @param version the new global model version
         * @param hash the new global model's hash
         * @param attestedBy the eligible organisations that agreed, sorted
         */
        public ModelFinal {
            attestedBy = List.copyOf(attestedBy);
        }
    }

    /**
     * An organisation named one of its datasets with a privacy budget.
     *
     * @param msp the dataset's organisation
     * @param datasetId the dataset
     * @param epsilon the budget's epsilon, as created
     * @param delta the budget's delta, as created
     */
    record DatasetCreated(String msp, String datasetId, String epsilon, String delta) implements LedgerEvent {
    }

    /**
     * A trainer recorded its masking keys for a secure task.
     *
     * @param taskId the task
     * @param trainer the trainer's identity id
     * @param msp the trainer's organisation
     */
    record MaskingKeysRecorded(String taskId, String trainer, String msp) implements LedgerEvent {
    }

    /**
     * A trainer shared its mask private key with the trainers of the key directory.
     *
     * @param taskId the task
     * @param owner the trainer's identity id
     * @param recipients how many trainers hold a share
     */
    record MaskKeyShared(String taskId, String owner, int recipients) implements LedgerEvent {
    }

    /**
     * A cohort member revealed its shares for a closed secure round.
     *
     * @param taskId the task
     * @param round the round
     * @param revealer the revealer's identity id
     */
    record SharesRevealed(String taskId, int round, String revealer) implements LedgerEvent {
    }

    /**
     * The owner's {@code openRound} that first made the previous round FINAL (its latest proposal had
     * the quorum {@code resolveRound} looks for) and then opened the next round, in one transaction: a
     * listener for either part reads it as both.
     *
     * @param finalised the previous round made FINAL, as {@code resolveRound} would have announced it
     * @param opened the round opened from the new model
     */
    record RoundAdvanced(ModelFinal finalised, RoundOpened opened) implements LedgerEvent {
        @Override
        public List<LedgerEvent> parts() {
            return List.of(finalised, opened);
        }
    }

    /**
     * A proposal that took more than one step in its transaction ({@code proposeAndOpen}, or a proposal
     * whose round trained from the previous round's proposal): it first made the previous round FINAL
     * when that round's latest proposal had its quorum, then proposed, then opened the next round on the
     * proposal when it was {@code proposeAndOpen}.
     *
     * @param finalised the previous round made FINAL, as {@code resolveRound} would have announced it;
     *     absent when the round's base was FINAL already
     * @param proposed the proposal
     * @param opened the round opened on the proposal's output; absent for {@code proposeModel}
     */
    record ProposalPipelined(@RecordJson.Nullable ModelFinal finalised, ModelProposed proposed,
            @RecordJson.Nullable RoundOpened opened) implements LedgerEvent {
        @Override
        public List<LedgerEvent> parts() {
            List<LedgerEvent> parts = new ArrayList<>(3);
            if (finalised != null) {
                parts.add(finalised);
            }
            parts.add(proposed);
            if (opened != null) {
                parts.add(opened);
            }
            return List.copyOf(parts);
        }
    }

    /**
     * A trainer's update of a hierarchical task went into its organisation's internal collection; its
     * bytes and record stay there, and only the organisation's own aggregator and verifiers read them.
     *
     * @param taskId the task
     * @param round the round
     * @param msp the trainer's organisation
     */
    record InternalUpdateAccepted(String taskId, int round, String msp) implements LedgerEvent {
    }

    /**
     * An organisation's aggregator published its partial sum of a hierarchical round.
     *
     * @param taskId the task
     * @param round the round
     * @param msp the summing organisation
     * @param hash the partial sum payload's hash
     * @param updates how many internal updates it sums
     */
    record PartialSumPublished(String taskId, int round, String msp, ContentHash hash, int updates)
            implements LedgerEvent {
    }

    /**
     * A verifier of the summing organisation attested its partial sum, which the round's close now admits.
     *
     * @param taskId the task
     * @param round the round
     * @param msp the summing organisation
     * @param hash the partial sum payload's hash
     * @param updates how many internal updates it sums
     */
    record PartialSumAttested(String taskId, int round, String msp, ContentHash hash, int updates)
            implements LedgerEvent {
    }
}
