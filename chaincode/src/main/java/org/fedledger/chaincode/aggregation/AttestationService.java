package org.fedledger.chaincode.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.rounds.RoundService;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.Verdict;

/**
 * Verifiers' attestations and the quorum decision (invariant 4 of {@code docs/architecture.md}): a
 * round is FINAL only when {@code attestationQuorum} (at least 2) distinct organisations agreed
 * with the proposal's output hash; it is DISPUTED as soon as the organisations that have not
 * attested can no longer make up the quorum.
 *
 * <pre>{@code
 * attestations.attest("mnist", "1", "1", "AGREE", recomputedHashHex);
 * }</pre>
 */
public final class AttestationService {
    private final LedgerStore store;
    private final TaskService tasks;
    private final RoundService rounds;
    private final ProposalService proposals;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param tasks the task service
     * @param rounds the round service
     * @param proposals the proposal service
     * @param access access control for the creator
     * @param events the transaction's event sink
     * @param tx the transaction's id and timestamp
     */
    public AttestationService(LedgerStore store, TaskService tasks, RoundService rounds, ProposalService proposals,
            AccessControl access, EventSink events, TxInfo tx) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.rounds = Objects.requireNonNull(rounds, "rounds");
        this.proposals = Objects.requireNonNull(proposals, "proposals");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    /**
     * Records the creator organisation's verdict on the round's current proposal, then finalises or
     * disputes the round when that is decided.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param seqArg the proposal sequence number as sent (decimal digits)
     * @param verdictArg AGREE or DISAGREE, as sent
     * @param computedHashArg the verifier's computed hash as sent (64 lowercase hex characters)
     * @return the attestation record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, MALFORMED_HASH, NOT_FOUND, INVALID_STATE, HASH_MISMATCH, ALREADY_ATTESTED
     */
    public String attest(String taskId, String roundArg, String seqArg, String verdictArg, String computedHashArg) {
        access.require(Role.VERIFIER);
        Caller me = access.caller();
        TaskRecord task = tasks.require(taskId);
        access.requireAllowedOrg(task);
        int number = RoundService.roundNumber(roundArg);
        int seq = ProposalService.seqNumber(seqArg);
        Verdict verdict = verdict(verdictArg);
        ContentHash computed = Arguments.hash("computedHash", computedHashArg);
        RoundRecord round = rounds.require(task.taskId(), number);
        ProposalRecord proposal = proposals.require(task.taskId(), number, seq);
        if (round.state() != RoundState.PROPOSED || round.proposalSeq() != seq) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " of task '" + task.taskId()
                    + "' is "
                    + round.state() + " with current proposal " + round.proposalSeq()
                    + "; only the current proposal of a PROPOSED round can be attested");
        }
        String key = Keys.attestation(task.taskId(), number, seq, me.msp());
        if (store.exists(key)) {
            throw new FedLedgerException(ErrorCode.ALREADY_ATTESTED, "organisation " + me.msp()
                    + " already attested proposal " + seq
                    + " of round " + number);
        }
        if (verdict == Verdict.AGREE && !computed.hex().equals(proposal.outputHash())) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH,
                    "AGREE needs computedHash equal to the proposal's output hash "
                    + proposal.outputHash() + ", not " + computed.hex()
                    + "; attest DISAGREE if you computed something else");
        }
        AttestationRecord record = new AttestationRecord(task.taskId(), number, seq, me.msp(), me.id(), verdict,
                computed.hex(), tx.txId(), tx.epochSecond());
        List<AttestationRecord> all = new ArrayList<>(store.list(Keys.ATTEST, AttestationRecord.class,
                Keys.attestationsOf(task.taskId(), number, seq)));
        all.add(record);
        List<String> agreeing = new ArrayList<>();
        int attestedAllowed = 0;
        for (AttestationRecord a : all) {
            if (task.allowedOrgs().contains(a.msp())) {
                attestedAllowed++;
                if (a.verdict() == Verdict.AGREE && a.computedHash().equals(proposal.outputHash())) {
                    agreeing.add(a.msp());
                }
            }
        }
        agreeing.sort(null);
        int remaining = task.allowedOrgs().size() - attestedAllowed;
        store.put(key, record);
        if (agreeing.size() >= task.attestationQuorum()) {
            long version = task.currentVersion() + 1;
            ModelRecord model = new ModelRecord(task.taskId(), version, proposal.outputHash(), proposal.outputSize(),
                    proposal.outputChunks(), number, seq, proposal.manifestHash(), agreeing, tx.txId(),
                            tx.epochSecond());
            store.put(Keys.model(task.taskId(), version), model);
            tasks.save(task.withCurrentModel(version, proposal.outputHash()));
            rounds.save(round.moved(RoundState.FINAL, seq, tx.txId()));
            events.emit(new LedgerEvent.ModelFinal(task.taskId(), number, seq, me.msp(), verdict, version,
                    proposal.outputHash()));
        } else if (agreeing.size() + remaining < task.attestationQuorum()) {
            rounds.save(round.moved(RoundState.DISPUTED, seq, tx.txId()));
            events.emit(new LedgerEvent.RoundDisputed(task.taskId(), number, seq, me.msp(), verdict));
        } else {
            events.emit(new LedgerEvent.ModelAttested(task.taskId(), number, seq, me.msp(), verdict));
        }
        return RecordJson.write(record);
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param seqArg the proposal sequence number as sent (decimal digits)
     * @return the proposal's attestations in MSP order, as a canonical JSON array
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String list(String taskId, String roundArg, String seqArg) {
        access.require();
        String id = Arguments.taskId(taskId);
        int number = RoundService.roundNumber(roundArg);
        int seq = ProposalService.seqNumber(seqArg);
        proposals.require(id, number, seq);
        return RecordJson.write(store.list(Keys.ATTEST, AttestationRecord.class, Keys.attestationsOf(id, number, seq)));
    }

    private static Verdict verdict(String value) {
        for (Verdict v : Verdict.values()) {
            if (v.name().equals(value)) {
                return v;
            }
        }
        throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "verdict must be one of "
                + java.util.Arrays.toString(Verdict.values()) + ", was " + Arguments.shown(value));
    }
}
