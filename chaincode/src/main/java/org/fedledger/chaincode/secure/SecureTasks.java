package org.fedledger.chaincode.secure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.core.secure.SecureRound;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.CohortRecord;
import org.fedledger.protocol.record.KeySharesRecord;
import org.fedledger.protocol.record.MaskSharesRecord;
import org.fedledger.protocol.record.MaskingKeyRecord;
import org.fedledger.protocol.record.PrivacyRecord;
import org.fedledger.protocol.record.RevealRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.transaction.MaskSharesArgument;

/**
 * What the round, update and proposal services check and write for a secure task; every method does
 * nothing for a task without a privacy record, so other tasks behave, and write, exactly as before.
 *
 * <pre>{@code
 * Optional<PrivacyRecord> secure = privacy.of(task.taskId());
 * privacy.openCohort(task, 3);                 // in openRound
 * }</pre>
 */
public final class SecureTasks {
    private final LedgerStore store;
    private final TxInfo tx;

    /**
     * @param store the world-state store
     * @param tx the transaction's id and timestamp
     */
    public SecureTasks(LedgerStore store, TxInfo tx) {
        this.store = Objects.requireNonNull(store, "store");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    /**
     * @param taskId the task id
     * @return the task's privacy record; empty for a task without secure aggregation
     */
    public Optional<PrivacyRecord> of(String taskId) {
        return store.get(Keys.secureAggregation(taskId), PrivacyRecord.class);
    }

    /**
     * For a secure task, writes the new round's cohort: the trainers with usable keys (not marked dropped)
     * whose valid mask-key shares reach every other member. A share record is valid while its owner's keys
     * are the ones it names; a share reaches a recipient while the recipient's share key is the one it was
     * sealed to. Starting from every trainer with a valid share record, members some other member's shares
     * do not reach are left out, until none is (deterministic: the result depends on the records only).
     *
     * @param task the task
     * @param round the round being opened
     */
    public void openCohort(TaskRecord task, int round) {
        Optional<PrivacyRecord> privacy = of(task.taskId());
        if (privacy.isEmpty()) {
            return;
        }
        Map<String, MaskingKeyRecord> usable = new TreeMap<>();
        for (MaskingKeyRecord k : store.list(Keys.MASKING_KEY, MaskingKeyRecord.class, task.taskId())) {
            if (k.droppedInRound() == 0) {
                usable.put(k.trainer(), k);
            }
        }
        Map<String, KeySharesRecord> shares = new TreeMap<>();
        for (KeySharesRecord s : store.list(Keys.KEY_SHARES, KeySharesRecord.class, task.taskId())) {
            MaskingKeyRecord own = usable.get(s.owner());
            if (own != null && own.maskPublicKey().equals(s.maskPublicKey())
                    && own.sharePublicKey().equals(s.sharePublicKey())) {
                shares.put(s.owner(), s);
            }
        }
        Set<String> members = new TreeSet<>(shares.keySet());
        while (true) {
            Set<String> unreached = new TreeSet<>();
            for (String j : members) {
                for (String k : members) {
                    if (!usable.get(j).sharePublicKey().equals(shares.get(k).recipientShareKeys().get(j))) {
                        unreached.add(j);
                    }
                }
            }
            if (unreached.isEmpty()) {
                break;
            }
            members.removeAll(unreached);
        }
        List<CohortRecord.Member> cohort = new ArrayList<>();
        for (String id : members) {
            MaskingKeyRecord k = usable.get(id);
            cohort.add(new CohortRecord.Member(k.trainer(), k.msp(), k.maskPublicKey(), k.sharePublicKey()));
        }
        store.put(Keys.cohort(task.taskId(), round), new CohortRecord(task.taskId(), round,
                privacy.get().threshold(), cohort));
    }

    /**
     * @param taskId the task id
     * @param round the round
     * @return the round's cohort; empty when the task is not secure (or the round opened before it was)
     */
    public Optional<CohortRecord> cohort(String taskId, int round) {
        return store.get(Keys.cohort(taskId, round), CohortRecord.class);
    }

    /**
     * For a secure task, after a close that fixed the accepted updates: marks the masking keys of every
     * cohort member outside them as dropped, since their mask keys are revealed to unmask the sum.
     *
     * @param closed the round as closed
     */
    public void afterClose(RoundRecord closed) {
        Optional<CohortRecord> cohort = cohort(closed.taskId(), closed.round());
        if (cohort.isEmpty()) {
            return;
        }
        Set<String> survivors = survivors(closed);
        for (CohortRecord.Member m : cohort.get().members()) {
            if (!survivors.contains(m.trainer())) {
                String key = Keys.maskingKey(closed.taskId(), m.trainer());
                store.get(key, MaskingKeyRecord.class).ifPresent(k -> store.put(key,
                        k.dropped(closed.round(), tx.txId(), tx.epochSecond())));
            }
        }
    }

    /**
     * For a secure task's submit: the sender must be in the round's cohort and send a sealed bundle for
     * exactly every cohort member; writes them.
     *
     * @param task the task
     * @param round the round
     * @param sender the submitting trainer
     * @param transientData the submit's transient data
     * @throws FedLedgerException NOT_IN_COHORT, INVALID_ARGUMENT
     */
    public void acceptShares(TaskRecord task, int round, String sender, Map<String, byte[]> transientData) {
        CohortRecord cohort = requireMember(task, round, sender);
        byte[] raw = transientData == null ? null : transientData.get(TransientKeys.MASK_SHARES);
        if (raw == null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, TransientKeys.MASK_SHARES, "a secure task's update"
                    + " comes with transient '" + TransientKeys.MASK_SHARES + "': the sealed share bundles");
        }
        MaskSharesArgument shares = Arguments.record(TransientKeys.MASK_SHARES, new String(raw, StandardCharsets.UTF_8),
                MaskSharesArgument.class);
        List<String> ids = ids(cohort);
        if (!new ArrayList<>(shares.sealed().keySet()).equals(ids)) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, TransientKeys.MASK_SHARES, "sealed bundles for "
                    + shares.sealed().keySet() + "; round " + round + "'s cohort is " + ids);
        }
        for (Map.Entry<String, String> e : shares.sealed().entrySet()) {
            hex(TransientKeys.MASK_SHARES + "." + e.getKey(), e.getValue(), SecureRound.SEALED_SEED_BYTES);
        }
        store.put(Keys.maskShares(task.taskId(), round, sender), new MaskSharesRecord(task.taskId(), round, sender,
                new TreeMap<>(shares.sealed())));
    }

    /**
     * @param task the task
     * @param round the round
     * @param trainer the trainer
     * @return the round's cohort, which holds the trainer
     * @throws FedLedgerException NOT_IN_COHORT
     */
    public CohortRecord requireMember(TaskRecord task, int round, String trainer) {
        CohortRecord cohort = cohort(task.taskId(), round).orElseThrow(() -> new FedLedgerException(
                ErrorCode.NOT_IN_COHORT, "round " + round + " of secure task '" + task.taskId() + "' has no cohort"));
        if (!ids(cohort).contains(trainer)) {
            throw new FedLedgerException(ErrorCode.NOT_IN_COHORT, trainer + " is not in the cohort of round " + round
                    + " of task '" + task.taskId() + "' (" + ids(cohort) + "): its masking keys were not recorded,"
                    + " or were revealed, before the round opened");
        }
        return cohort;
    }

    /**
     * For a secure task's proposal: threshold-many cohort members must have revealed.
     *
     * @param task the task
     * @param round the round
     * @throws FedLedgerException UNMASKING_INCOMPLETE
     */
    public void requireUnmaskable(TaskRecord task, RoundRecord round) {
        Optional<CohortRecord> cohort = cohort(task.taskId(), round.round());
        if (cohort.isEmpty()) {
            return;
        }
        int reveals = reveals(task.taskId(), round.round()).size();
        if (reveals < cohort.get().threshold()) {
            throw new FedLedgerException(ErrorCode.UNMASKING_INCOMPLETE, "round " + round.round() + " of task '"
                    + task.taskId() + "' has " + reveals + " reveals; unmasking its sum needs "
                    + cohort.get().threshold());
        }
    }

    /**
     * @param taskId the task
     * @param round the round
     * @return true when the round is a secure round with fewer reveals than its threshold
     */
    public boolean belowThreshold(String taskId, int round) {
        Optional<CohortRecord> cohort = cohort(taskId, round);
        return cohort.isPresent() && reveals(taskId, round).size() < cohort.get().threshold();
    }

    /**
     * @param taskId the task
     * @param round the round
     * @return the round's reveals in revealer order
     */
    public List<RevealRecord> reveals(String taskId, int round) {
        return store.list(Keys.REVEAL, RevealRecord.class, taskId, Keys.pad10(round));
    }

    static Set<String> survivors(RoundRecord round) {
        Set<String> out = new HashSet<>();
        for (AcceptedUpdate u : round.accepted()) {
            out.add(u.contributor());
        }
        return out;
    }

    static List<String> ids(CohortRecord cohort) {
        List<String> out = new ArrayList<>();
        for (CohortRecord.Member m : cohort.members()) {
            out.add(m.trainer());
        }
        return out;
    }

    /**
     * @param field the field's name, for the message
     * @param value lowercase hex
     * @param bytes the length it must decode to
     * @return the bytes
     * @throws FedLedgerException INVALID_ARGUMENT
     */
    static byte[] hex(String field, String value, int bytes) {
        if (value == null || value.length() != 2 * bytes || !value.matches("[0-9a-f]*")) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, field, field + " must be " + 2 * bytes
                    + " lowercase hex characters (" + bytes + " bytes)");
        }
        return HexFormat.of().parseHex(value);
    }
}
