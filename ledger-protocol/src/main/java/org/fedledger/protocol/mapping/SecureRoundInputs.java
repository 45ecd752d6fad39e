package org.fedledger.protocol.mapping;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.fedledger.core.aggregation.AggregationResult;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.secure.MaskKeyShares;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.core.secure.SecureRound;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.CohortRecord;
import org.fedledger.protocol.record.KeySharesRecord;
import org.fedledger.protocol.record.MaskSharesRecord;
import org.fedledger.protocol.record.MaskingKeyRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RevealRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.transaction.MaskSharesArgument;
import org.fedledger.protocol.transaction.RevealArgument;

/**
 * A secure task's records as fl-core's secure aggregation (docs/privacy.md section 2), for every party:
 * a trainer's key sharing, masked submission and reveal, and the unmasking that the aggregator, the
 * verifiers and the auditor all run over the same records to the same bits.
 *
 * <pre>{@code
 * String sharesJson = SecureRoundInputs.shareMaskKey(task, threshold, "alice", keys, directory, random);
 * MaskedSubmission mine = SecureRoundInputs.mask(task, cohort, "alice", keys, update, 600, random);
 * RevealArgument reveal = SecureRoundInputs.reveal(task, closedRound, cohort, "alice", keys, seedShares, keyShares);
 * RoundAggregate result = SecureRoundInputs.unmask(task, closedRound, cohort, reveals, keyShares, base, payloadOf);
 * }</pre>
 */
public final class SecureRoundInputs {
    private SecureRoundInputs() {
    }

    /**
     * What a trainer sends for a secure round: the masked payload (private data) and its sealed seed
     * shares (transient {@code maskshares}).
     *
     * @param payload the masked update, 8 bytes a parameter
     * @param sharesJson a {@link MaskSharesArgument} as JSON
     */
    public record MaskedSubmission(byte[] payload, String sharesJson) {
        /**
         * Copies the payload.
         *
         * @param payload the masked update
         * @param sharesJson the sealed shares as JSON
         */
        public MaskedSubmission {
            payload = payload.clone();
        }

        /** @return the masked update, a copy */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** @return the payload's hash, as {@code submitUpdate} takes it */
        public ContentHash hash() {
            return ContentHash.of(payload);
        }
    }

    /**
     * @param task the task
     * @param cohort the round's cohort
     * @return fl-core's view of the round
     */
    public static SecureRound round(TaskRecord task, CohortRecord cohort) {
        SortedMap<String, SecureRound.CohortMember> members = new TreeMap<>();
        for (CohortRecord.Member m : cohort.members()) {
            members.put(m.trainer(), new SecureRound.CohortMember(hex(m.maskPublicKey()), hex(m.sharePublicKey())));
        }
        return SecureRound.of(task.taskId(), cohort.round(), members, cohort.threshold());
    }

    /**
     * A trainer's mask key shared with every trainer of the key directory whose keys are usable.
     *
     * @param task the task
     * @param threshold the task's threshold
     * @param me the owner
     * @param keys its keys
     * @param directory the task's masking key records
     * @param random the source of the sharing polynomials
     * @return {@code shareMaskKey}'s {@code sharesJson}
     */
    public static String shareMaskKey(TaskRecord task, int threshold, String me, MaskingKeys keys,
            List<MaskingKeyRecord> directory, SecureRandom random) {
        SortedMap<String, byte[]> recipients = new TreeMap<>();
        for (MaskingKeyRecord k : directory) {
            if (k.droppedInRound() == 0) {
                recipients.put(k.trainer(), hex(k.sharePublicKey()));
            }
        }
        SortedMap<String, String> sealed = new TreeMap<>();
        MaskKeyShares.seal(task.taskId(), me, keys, recipients, Math.min(threshold, recipients.size()), random)
                .forEach((to, share) -> sealed.put(to, HexFormat.of().formatHex(share)));
        return RecordJson.write(new MaskSharesArgument(sealed));
    }

    /**
     * @param task the task (its rule fixes the codes)
     * @param cohort the round's cohort, holding {@code me}
     * @param me the trainer's id
     * @param keys its masking keys
     * @param update its trained model
     * @param samples its declared sample count
     * @param random the source of the self seed and the sharing polynomial
     * @return the masked payload and sealed seed shares
     */
    public static MaskedSubmission mask(TaskRecord task, CohortRecord cohort, String me, MaskingKeys keys,
            Model update, long samples, SecureRandom random) {
        SecureRound round = round(task, cohort);
        byte[] seed = SecureRound.newSelfSeed(random);
        long[] masked = round.mask(ExactSum.weightedCodes(task.rule().spec(), update, samples), me, keys, seed);
        SortedMap<String, String> sealed = new TreeMap<>();
        round.sealSeedShares(me, keys, seed, random).forEach((to, share) -> sealed.put(to, HexFormat.of()
                .formatHex(share)));
        return new MaskedSubmission(SecureRound.encode(masked), RecordJson.write(new MaskSharesArgument(sealed)));
    }

    /**
     * The shares a cohort member reveals once the close fixed the survivors: of each survivor's seed,
     * of each other member's mask key.
     *
     * @param task the task
     * @param round the closed round
     * @param cohort its cohort, holding {@code me}
     * @param me the revealer's id
     * @param keys its masking keys
     * @param seedShares the round's seed share records
     * @param keyShares the task's mask-key share records
     * @return the reveal, as {@code revealShares} takes it
     * @throws IllegalArgumentException when a share to {@code me} is missing or does not open
     */
    public static RevealArgument reveal(TaskRecord task, RoundRecord round, CohortRecord cohort, String me,
            MaskingKeys keys, List<MaskSharesRecord> seedShares, List<KeySharesRecord> keyShares) {
        SecureRound secure = round(task, cohort);
        Map<String, MaskSharesRecord> seedsBySender = new TreeMap<>();
        for (MaskSharesRecord r : seedShares) {
            seedsBySender.put(r.sender(), r);
        }
        Map<String, KeySharesRecord> keysByOwner = byOwner(keyShares);
        Set<String> survivors = survivors(round);
        SortedMap<String, String> seeds = new TreeMap<>();
        SortedMap<String, String> maskKeys = new TreeMap<>();
        for (String owner : secure.cohort()) {
            if (survivors.contains(owner)) {
                MaskSharesRecord r = seedsBySender.get(owner);
                if (r == null || !r.sealed().containsKey(me)) {
                    throw new IllegalArgumentException("survivor " + owner + " sealed no seed share to " + me);
                }
                seeds.put(owner, HexFormat.of().formatHex(secure.openSeedShare(me, keys, owner,
                        hex(r.sealed().get(me)))));
            } else {
                KeySharesRecord r = keysByOwner.get(owner);
                if (r == null || !r.sealed().containsKey(me)) {
                    throw new IllegalArgumentException(owner + " shared no mask-key share with " + me);
                }
                maskKeys.put(owner, HexFormat.of().formatHex(MaskKeyShares.open(task.taskId(), owner,
                        hex(r.sharePublicKey()), me, keys, hex(r.sealed().get(me)))));
            }
        }
        return new RevealArgument(seeds, maskKeys);
    }

    /**
     * Unmasks the sum of the round's accepted updates and rounds it as the task's exact rule does: the
     * result and manifest are those of exact FedAvg over the accepted updates.
     *
     * @param task the task
     * @param round the closed round
     * @param cohort its cohort
     * @param reveals its reveals (at least the threshold)
     * @param keyShares the task's mask-key share records (the x of a revealed key share)
     * @param base the round's base model
     * @param payloads each accepted update's masked payload, checked against its hash
     * @return the manifest and output
     * @throws IllegalArgumentException when fewer than the threshold revealed, or revealed shares do not
     *     give a dropped member's mask key
     */
    public static RoundAggregate unmask(TaskRecord task, RoundRecord round, CohortRecord cohort,
            List<RevealRecord> reveals, List<KeySharesRecord> keyShares, Model base,
            Function<AcceptedUpdate, byte[]> payloads) {
        SecureRound secure = round(task, cohort);
        RuleSpec rule = task.rule().spec();
        long[] sum = new long[Math.toIntExact(base.parameterCount())];
        SortedMap<String, Long> samples = new TreeMap<>();
        SortedMap<String, byte[]> seeds = new TreeMap<>();
        for (AcceptedUpdate a : round.accepted()) {
            SecureRound.addPayload(sum, payloads.apply(a));
            samples.put(a.key(), a.samples());
            SortedMap<Integer, byte[]> shares = new TreeMap<>();
            for (RevealRecord r : reveals) {
                String share = r.seedShares().get(a.contributor());
                if (share != null) {
                    shares.put(secure.shareX(r.revealer()), hex(share));
                }
            }
            seeds.put(a.contributor(), secure.recoverSeed(shares));
        }
        Map<String, KeySharesRecord> keysByOwner = byOwner(keyShares);
        SortedMap<String, byte[]> droppedKeys = new TreeMap<>();
        for (String member : secure.cohort()) {
            if (!seeds.containsKey(member)) {
                KeySharesRecord owner = keysByOwner.get(member);
                SortedMap<Integer, byte[]> shares = new TreeMap<>();
                for (RevealRecord r : reveals) {
                    String share = r.maskKeyShares().get(member);
                    if (share != null && owner != null && owner.shareX(r.revealer()) > 0) {
                        shares.put(owner.shareX(r.revealer()), hex(share));
                    }
                }
                droppedKeys.put(member, secure.recoverMaskKey(member, shares));
            }
        }
        secure.unmask(sum, seeds, droppedKeys);
        AggregationResult result = ExactSum.ofSums(rule, base, samples, sum).result().orElseThrow(
                () -> new IllegalStateException("round " + round.round() + " has no accepted update"));
        return RoundInputs.manifested(task, round, rule, result);
    }

    /**
     * {@link #unmask(TaskRecord, RoundRecord, CohortRecord, List, List, Model, Function)} over the records
     * as one value.
     *
     * @param task the task
     * @param round the closed round
     * @param records its cohort, reveals and the task's key shares
     * @param base the round's base model
     * @param payloads each accepted update's masked payload, checked against its hash
     * @return the manifest and output
     */
    public static RoundAggregate unmask(TaskRecord task, RoundRecord round, SecureRoundRecords records, Model base,
            Function<AcceptedUpdate, byte[]> payloads) {
        return unmask(task, round, records.cohort(), records.reveals(), records.keyShares(), base, payloads);
    }

    private static Map<String, KeySharesRecord> byOwner(List<KeySharesRecord> keyShares) {
        Map<String, KeySharesRecord> out = new TreeMap<>();
        for (KeySharesRecord r : keyShares) {
            out.put(r.owner(), r);
        }
        return out;
    }

    private static Set<String> survivors(RoundRecord round) {
        Set<String> out = new TreeSet<>();
        for (AcceptedUpdate a : round.accepted()) {
            out.add(a.contributor());
        }
        return out;
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }
}
