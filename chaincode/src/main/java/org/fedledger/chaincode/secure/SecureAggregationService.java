package org.fedledger.chaincode.secure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.rounds.RoundService;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.secure.MaskKeyShares;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.core.secure.SecureRound;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.CohortRecord;
import org.fedledger.protocol.record.KeySharesRecord;
import org.fedledger.protocol.record.MaskSharesRecord;
import org.fedledger.protocol.record.MaskingKeyRecord;
import org.fedledger.protocol.record.PrivacyRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RevealRecord;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.transaction.MaskSharesArgument;
import org.fedledger.protocol.transaction.RevealArgument;

/**
 * Secure aggregation's transactions: the key directory ({@code registerMaskingKeys}), the reveals the
 * ledger takes once a close fixed the survivors ({@code revealShares}) and the look-ups every party
 * unmasks from.
 *
 * <pre>{@code
 * secure.registerKeys("mnist", maskHex, shareHex);          // a trainer, once per task
 * secure.reveal("mnist", "3", revealJson);                   // a cohort member, after round 3's close
 * }</pre>
 */
public final class SecureAggregationService {
    private final LedgerStore store;
    private final TaskService tasks;
    private final RoundService rounds;
    private final SecureTasks privacy;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param tasks the task service
     * @param rounds the round service
     * @param privacy the secure-task checks
     * @param access access control for the creator
     * @param events the transaction's event sink
     * @param tx the transaction's id and timestamp
     */
    public SecureAggregationService(LedgerStore store, TaskService tasks, RoundService rounds, SecureTasks privacy,
            AccessControl access, EventSink events, TxInfo tx) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.rounds = Objects.requireNonNull(rounds, "rounds");
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    /**
     * Records the creator's masking keys for a secure task; the trainer and its organisation come from
     * the certificate that signed the transaction. New keys replace old ones from the next round opened
     * (the one open keeps the cohort it started with); the same keys again change nothing.
     *
     * @param taskId the task id
     * @param maskPublicKey the X25519 mask public key, 64 lowercase hex characters
     * @param sharePublicKey the X25519 share public key, 64 lowercase hex characters
     * @return the key record as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN, INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE
     *     (the task is not secure)
     */
    public String registerKeys(String taskId, String maskPublicKey, String sharePublicKey) {
        TaskRecord task = tasks.require(taskId);
        access.requireInTask(task, Role.TRAINER);
        requireSecure(task);
        Caller me = access.caller();
        SecureTasks.hex("maskPublicKey", maskPublicKey, MaskingKeys.KEY_BYTES);
        SecureTasks.hex("sharePublicKey", sharePublicKey, MaskingKeys.KEY_BYTES);
        if (maskPublicKey.equals(sharePublicKey)) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "sharePublicKey", "the share key must not be the"
                    + " mask key: a dropped trainer's mask key is revealed, its share key never");
        }
        String key = Keys.maskingKey(task.taskId(), me.id());
        Optional<MaskingKeyRecord> existing = store.get(key, MaskingKeyRecord.class);
        if (existing.isPresent() && existing.get().droppedInRound() == 0
                && existing.get().maskPublicKey().equals(maskPublicKey)
                && existing.get().sharePublicKey().equals(sharePublicKey)) {
            return RecordJson.write(existing.get());
        }
        MaskingKeyRecord record = new MaskingKeyRecord(task.taskId(), me.id(), me.msp(), maskPublicKey,
                sharePublicKey, 0, tx.txId(), tx.epochSecond());
        store.put(key, record);
        events.emit(new LedgerEvent.MaskingKeysRecorded(task.taskId(), me.id(), me.msp()));
        return RecordJson.write(record);
    }

    /**
     * Records the creator's mask private key, Shamir-shared and sealed to the trainers it names, each of
     * which must hold usable keys in the task's directory (the creator too). The record keeps the keys the
     * shares were sealed with, so a later change of keys makes it stale for a cohort rather than wrong.
     * The same shares again change nothing; new ones replace the old.
     *
     * @param taskId the task id
     * @param sharesJson a {@code MaskSharesArgument} as JSON: the sealed shares by recipient, hex
     * @return the share record as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN, INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE,
     *     NOT_IN_COHORT (the creator has no usable keys)
     */
    public String shareMaskKey(String taskId, String sharesJson) {
        TaskRecord task = tasks.require(taskId);
        access.requireInTask(task, Role.TRAINER);
        PrivacyRecord settings = requireSecure(task);
        Caller me = access.caller();
        MaskingKeyRecord own = usableKeys(task, me.id()).orElseThrow(() -> new FedLedgerException(
                ErrorCode.NOT_IN_COHORT, "record usable masking keys with registerMaskingKeys before sharing"));
        MaskSharesArgument shares = Arguments.record("sharesJson", sharesJson, MaskSharesArgument.class);
        if (shares.sealed().size() < settings.threshold() || !shares.sealed().containsKey(me.id())) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "sharesJson", "share your key with yourself and"
                    + " at least the threshold (" + settings.threshold() + ") of trainers, not "
                    + shares.sealed().keySet());
        }
        SortedMap<String, String> recipientKeys = new TreeMap<>();
        for (Map.Entry<String, String> e : shares.sealed().entrySet()) {
            MaskingKeyRecord k = usableKeys(task, e.getKey()).orElseThrow(() -> new FedLedgerException(
                    ErrorCode.INVALID_ARGUMENT, "sharesJson." + e.getKey(), e.getKey() + " has no usable masking keys"
                    + " in task '" + task.taskId() + "'"));
            SecureTasks.hex("sharesJson." + e.getKey(), e.getValue(), MaskKeyShares.SEALED_BYTES);
            recipientKeys.put(e.getKey(), k.sharePublicKey());
        }
        String key = Keys.keyShares(task.taskId(), me.id());
        Optional<KeySharesRecord> existing = store.get(key, KeySharesRecord.class);
        if (existing.isPresent() && existing.get().sealed().equals(shares.sealed())
                && existing.get().maskPublicKey().equals(own.maskPublicKey())) {
            return RecordJson.write(existing.get());
        }
        KeySharesRecord record = new KeySharesRecord(task.taskId(), me.id(), own.maskPublicKey(),
                own.sharePublicKey(), recipientKeys, shares.sealed(), tx.txId(), tx.epochSecond());
        store.put(key, record);
        events.emit(new LedgerEvent.MaskKeyShared(task.taskId(), me.id(), recipientKeys.size()));
        return RecordJson.write(record);
    }

    /**
     * @param taskId the task id
     * @return the task's mask-key share records in owner order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String listKeyShares(String taskId) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        return RecordJson.write(store.list(Keys.KEY_SHARES, KeySharesRecord.class, task.taskId()));
    }

    /**
     * @param taskId the task id
     * @return the task's masking key records in trainer order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String listMaskingKeys(String taskId) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        return RecordJson.write(store.list(Keys.MASKING_KEY, MaskingKeyRecord.class, task.taskId()));
    }

    private Optional<MaskingKeyRecord> usableKeys(TaskRecord task, String trainer) {
        return store.get(Keys.maskingKey(task.taskId(), trainer), MaskingKeyRecord.class)
                .filter(k -> k.droppedInRound() == 0);
    }

    /**
     * Takes a cohort member's unmasking material for a round whose close fixed the survivors (its accepted
     * updates): a seed share for exactly each survivor and a mask-key share for exactly each other cohort
     * member. Reads only the task, round, cohort and the revealer's own reveal key, so members revealing at
     * once never invalidate each other. The same reveal again changes nothing.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param revealJson a {@link RevealArgument} as JSON
     * @return the reveal record as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN, INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE,
     *     NOT_IN_COHORT, REVEAL_BEFORE_CLOSE, REVEAL_BOTH_SECRETS, ALREADY_EXISTS (a different reveal)
     */
    public String reveal(String taskId, String roundArg, String revealJson) {
        TaskRecord task = tasks.require(taskId);
        access.requireInTask(task, Role.TRAINER);
        requireSecure(task);
        Caller me = access.caller();
        int number = RoundService.roundNumber(roundArg);
        RoundRecord round = rounds.require(task.taskId(), number);
        CohortRecord cohort = privacy.requireMember(task, number, me.id());
        if (round.state() == RoundState.OPEN) {
            throw new FedLedgerException(ErrorCode.REVEAL_BEFORE_CLOSE, "round " + number + " of task '"
                    + task.taskId() + "' is OPEN: its survivors are not fixed, so no share is revealed yet");
        }
        if (round.state() == RoundState.FAILED || round.state() == RoundState.FINAL) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " of task '" + task.taskId()
                    + "' is " + round.state() + "; it needs no unmasking");
        }
        RevealArgument reveal = Arguments.record("revealJson", revealJson, RevealArgument.class);
        Set<String> survivors = SecureTasks.survivors(round);
        List<String> members = SecureTasks.ids(cohort);
        Set<String> both = new TreeSet<>(reveal.seedShares().keySet());
        both.retainAll(reveal.maskKeyShares().keySet());
        for (String id : reveal.seedShares().keySet()) {
            if (members.contains(id) && !survivors.contains(id)) {
                both.add(id);
            }
        }
        for (String id : reveal.maskKeyShares().keySet()) {
            if (survivors.contains(id)) {
                both.add(id);
            }
        }
        if (!both.isEmpty()) {
            throw new FedLedgerException(ErrorCode.REVEAL_BOTH_SECRETS, "revealJson", "round " + number + "'s close"
                    + " fixed the survivors " + new TreeSet<>(survivors) + "; revealing " + both + " otherwise would"
                    + " give away both the seed and the mask key of one trainer");
        }
        Set<String> dropped = new TreeSet<>(members);
        dropped.removeAll(survivors);
        if (!reveal.seedShares().keySet().equals(new TreeSet<>(survivors))
                || !reveal.maskKeyShares().keySet().equals(dropped)) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "revealJson", "reveal seed shares for exactly "
                    + new TreeSet<>(survivors) + " and mask-key shares for exactly " + dropped);
        }
        reveal.seedShares().forEach((id, hex) -> SecureTasks.hex("revealJson.seedShares." + id, hex,
                SecureRound.SEED_BYTES));
        reveal.maskKeyShares().forEach((id, hex) -> SecureTasks.hex("revealJson.maskKeyShares." + id, hex,
                MaskingKeys.KEY_BYTES));
        String key = Keys.reveal(task.taskId(), number, me.id());
        Optional<RevealRecord> existing = store.get(key, RevealRecord.class);
        if (existing.isPresent()) {
            RevealRecord old = existing.get();
            if (old.seedShares().equals(reveal.seedShares()) && old.maskKeyShares().equals(reveal.maskKeyShares())) {
                return RecordJson.write(old);
            }
            throw new FedLedgerException(ErrorCode.ALREADY_EXISTS, "you already revealed other shares for round "
                    + number + " of task '" + task.taskId() + "'; one reveal per member per round");
        }
        RevealRecord record = new RevealRecord(task.taskId(), number, me.id(), reveal.seedShares(), reveal.maskKeyShares(), tx.txId(), tx.epochSecond());
        store.put(key, record);
        events.emit(new LedgerEvent.SharesRevealed(task.taskId(), number, me.id()));
        return RecordJson.write(record);
    }

    /**
     * @param taskId the task id
     * @return the task's privacy record as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND (also for a task without one)
     */
    public String getPrivacy(String taskId) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        return RecordJson.write(privacy.of(task.taskId()).orElseThrow(() -> new FedLedgerException(
                ErrorCode.NOT_FOUND, "task '" + task.taskId() + "' has no privacy mode")));
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @return the round's cohort as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String getCohort(String taskId, String roundArg) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        int number = RoundService.roundNumber(roundArg);
        return RecordJson.write(privacy.cohort(task.taskId(), number).orElseThrow(() -> new FedLedgerException(
                ErrorCode.NOT_FOUND, "round " + number + " of task '" + task.taskId() + "' has no cohort")));
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @return the round's sealed share records in sender order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String listShares(String taskId, String roundArg) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        int number = RoundService.roundNumber(roundArg);
        rounds.require(task.taskId(), number);
        return RecordJson.write(store.list(Keys.MASK_SHARES, MaskSharesRecord.class, task.taskId(),
                Keys.pad10(number)));
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @return the round's reveals in revealer order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String listReveals(String taskId, String roundArg) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        int number = RoundService.roundNumber(roundArg);
        rounds.require(task.taskId(), number);
        return RecordJson.write(new ArrayList<>(privacy.reveals(task.taskId(), number)));
    }

    private PrivacyRecord requireSecure(TaskRecord task) {
        return privacy.of(task.taskId()).orElseThrow(() -> new FedLedgerException(ErrorCode.INVALID_STATE, "task '"
                + task.taskId() + "' was created without secure aggregation"));
    }
}
