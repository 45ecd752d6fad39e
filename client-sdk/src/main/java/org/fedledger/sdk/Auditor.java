package org.fedledger.sdk;

import java.util.List;
import java.util.Optional;
import org.fedledger.protocol.mapping.SecureRoundRecords;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;

/**
 * Read-only access to the ledger's records, and to payloads verified against their hashes. Any
 * participant may read records; payloads need the auditor, aggregator or verifier role (updates) and
 * collection membership.
 *
 * <pre>{@code
 * Auditor auditor = ledger.auditor();
 * RoundRecord r = auditor.round("breast-cancer", 3);
 * byte[] bytes = auditor.updatePayload("breast-cancer", 3, r.accepted().get(0).contributor());
 * }</pre>
 */
public interface Auditor {
    /**
     * A member's participant record: its roles, who approved it, who last changed or revoked it.
     *
     * <pre>{@code
     * boolean gone = ledger.auditor().participant("Org1MSP", memberId).isRevoked();
     * }</pre>
     *
     * @param msp the member's organisation
     * @param id the member's identity id
     * @return the participant record
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_FOUND, or UNKNOWN_IDENTITY / REVOKED
     *     for the caller
     */
    ParticipantRecord participant(String msp, String id);

    /** @return the task record */
    TaskRecord task(String taskId);

    /** @return the round record */
    RoundRecord round(String taskId, int round);

    /** @return the round's update records in key order */
    List<UpdateRecord> updates(String taskId, int round);

    /** @return every update record of one contributor */
    List<UpdateRecord> contributorHistory(String contributorId);

    /** @return proposal {@code seq} of {@code round} */
    ProposalRecord proposal(String taskId, int round, int seq);

    /** @return the proposal's attestations in MSP order */
    List<AttestationRecord> attestations(String taskId, int round, int seq);

    /** @return the global model record of {@code version} */
    ModelRecord model(String taskId, long version);

    /**
     * @param taskId the task id
     * @param round the round
     * @return the records unmasking a secure round reads (cohort, reveals, the task's key shares); empty
     *     for a task without secure aggregation
     */
    Optional<SecureRoundRecords> secureRound(String taskId, int round);

    /**
     * @param taskId the task id
     * @param round the round
     * @return a hierarchical round's partial sum records, in MSP order (none for another task)
     */
    List<PartialSumRecord> partialSums(String taskId, int round);

    /**
     * @param partial a partial sum record already read
     * @return its payload, checked against the record's hash
     * @throws org.fedledger.sdk.payload.IntegrityException when they do not match
     */
    byte[] partialSumPayload(PartialSumRecord partial);

    /**
     * @return global model {@code version}, its bytes checked against the record's hash
     * @throws org.fedledger.sdk.payload.IntegrityException when they do not match
     */
    VerifiedModel verifiedModel(String taskId, long version);

    /**
     * @return an update's payload bytes, checked against its record's hash
     * @throws org.fedledger.sdk.payload.IntegrityException when they do not match
     */
    byte[] updatePayload(String taskId, int round, String contributorId);

    /**
     * @return the payload of an update record already read, checked against the record's hash
     * @throws org.fedledger.sdk.payload.IntegrityException when they do not match
     */
    byte[] updatePayload(UpdateRecord update);

    /**
     * @return how many blocks the channel has on this identity's peer, block 0 included
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the peer was not reached
     */
    long blockHeight();

    /**
     * The channel's raw block {@code number} as this identity's peer stores it, read independently of
     * the chaincode's records; block 0 is the channel's configuration block.
     *
     * @param number the block number, from 0
     * @return a serialized {@code org.hyperledger.fabric.protos.common.Block}
     * @throws IllegalArgumentException when {@code number} is negative or not below {@link #blockHeight()}
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the peer was not reached
     */
    byte[] block(long number);
}
