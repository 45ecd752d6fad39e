package org.fedledger.protocol.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.fedledger.core.aggregation.AggregationResult;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.aggregation.IntegerMedian;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.secure.SecureRound;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;

/**
 * A hierarchical task's records as fl-core's exact sums (docs/round-modes.md, hierarchical rounds), for
 * every party: an organisation's aggregator and its verifier compute the organisation's partial sum from
 * its trainers' internal updates; the close admits the updates of the attested partial sums; the
 * proposer, every verifier and the auditor merge the partial sums into the result that exact FedAvg
 * over every trainer's update gives, bit for bit, with the same manifest.
 *
 * <pre>{@code
 * byte[] mine = HierarchicalRoundInputs.partialSum(task, internalUpdates, u -> decoded(u));
 * RoundRecord closed = RoundInputs.closedOver(task, round, HierarchicalRoundInputs.admitted(task, round, partials),
 *         at, txId);
 * RoundAggregate global = HierarchicalRoundInputs.merge(task, closed, partials, base, p -> payloadOf(p));
 * }</pre>
 */
public final class HierarchicalRoundInputs {
    private HierarchicalRoundInputs() {
    }

    /**
     * The payload of an organisation's partial sum: per coordinate (tensors in schema order, then
     * row-major) the exact {@code sum(samples_i * code(x_i))} over its trainers' updates, 8 little-endian
     * bytes each ({@link SecureRound#encode}); under {@code org_median}, the trainers' median code times
     * their samples in all ({@link #weightedMedian}).
     *
     * @param task the hierarchical task
     * @param updates the internal update records summed (any order)
     * @param models each update's model, checked against its record's hash by the caller
     * @return the partial sum payload
     * @throws IllegalArgumentException when the task is not hierarchical or an update's model has another schema
     */
    public static byte[] partialSum(TaskRecord task, List<UpdateRecord> updates, Function<UpdateRecord, Model> models) {
        RuleSpec spec = requireHierarchical(task);
        if (spec.orgMedian()) {
            return SecureRound.encode(weightedMedian(spec, updates, models));
        }
        long[] sum = null;
        for (UpdateRecord u : updates) {
            long[] weighted = ExactSum.weightedCodes(spec, models.apply(u), u.samples());
            if (sum == null) {
                sum = weighted;
            } else if (weighted.length != sum.length) {
                throw new IllegalArgumentException("update of " + u.contributor() + " has " + weighted.length
                        + " parameters, the others " + sum.length);
            } else {
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += weighted[k];
                }
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("a partial sum needs at least one update");
        }
        return SecureRound.encode(sum);
    }

    /**
     * An organisation's partial under {@code org_median}: per coordinate the {@link IntegerMedian} of its
     * trainers' codes (every trainer counts once, whatever its samples) times the trainers' samples in all, so that the merge, which
     * divides by every organisation's samples, is the sample-weighted mean of the organisations' medians.
     */
    private static long[] weightedMedian(RuleSpec spec, List<UpdateRecord> updates,
            Function<UpdateRecord, Model> models) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("a partial sum needs at least one update");
        }
        List<long[]> codes = new java.util.ArrayList<>();
        long samples = 0;
        for (UpdateRecord u : updates) {
            long[] code = ExactSum.weightedCodes(spec, models.apply(u), 1);
            if (!codes.isEmpty() && code.length != codes.get(0).length) {
                throw new IllegalArgumentException("update of " + u.contributor() + " has " + code.length
                        + " parameters, the others " + codes.get(0).length);
            }
            codes.add(code);
            samples = Math.addExact(samples, spec.rule().weighting().integerWeight(u.samples()));
        }
        int n = codes.size();
        long[] out = new long[codes.get(0).length];
        long[] column = new long[n];
        for (int k = 0; k < out.length; k++) {
            for (int i = 0; i < n; i++) {
                column[i] = codes.get(i)[k];
            }
            out[k] = Math.multiplyExact(IntegerMedian.of(column), samples);
        }
        return out;
    }

    /**
     * The partial sums a hierarchical round's close admits: attested ones, whole, while their updates fit
     * the task's {@code maxUpdates}, taken in an order no member chooses (the SHA-256 of the round's base
     * model hash and the organisation's MSP id), a partial sum that does not fit being passed over for the
     * next. No publication reads another organisation's, so organisations publish at once without
     * invalidating each other; the close settles capacity.
     *
     * @param task the hierarchical task
     * @param round the round (its base model hash seeds the order)
     * @param partials the round's partial sum records
     * @return the admitted partial sums, in that order
     */
    public static List<PartialSumRecord> admittedSums(TaskRecord task, RoundRecord round,
            List<PartialSumRecord> partials) {
        List<PartialSumRecord> ranked = new ArrayList<>();
        for (PartialSumRecord p : partials) {
            if (p.attested()) {
                ranked.add(p);
            }
        }
        ranked.sort(Comparator.comparing((PartialSumRecord p) -> ContentHash.of((round.baseModelHash().hex() + "/"
                + p.msp()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex()).thenComparing(PartialSumRecord::msp));
        List<PartialSumRecord> out = new ArrayList<>();
        int room = task.maxUpdates();
        for (PartialSumRecord p : ranked) {
            if (p.updates().size() <= room) {
                out.add(p);
                room -= p.updates().size();
            }
        }
        return out;
    }

    /**
     * The updates a hierarchical round's close admits: those of {@link #admittedSums}, in key order.
     *
     * @param task the hierarchical task
     * @param round the round
     * @param partials the round's partial sum records
     * @return their updates, as the close takes them (never more than {@code maxUpdates})
     */
    public static List<UpdateRecord> admitted(TaskRecord task, RoundRecord round, List<PartialSumRecord> partials) {
        List<UpdateRecord> out = new ArrayList<>();
        for (PartialSumRecord p : admittedSums(task, round, partials)) {
            out.addAll(p.updates());
        }
        out.sort(Comparator.comparing(u -> Keys.update(u.taskId(), u.round(), u.contributor())));
        return out;
    }

    /**
     * Merges the closed round's attested partial sums and rounds the merged sums once, as exact FedAvg
     * does over the accepted updates: the manifest and output are those of the flat rule over every
     * trainer's update.
     *
     * @param task the hierarchical task
     * @param round the closed round
     * @param partials its partial sum records
     * @param base the round's base model
     * @param payloads each attested partial sum's payload, checked against its hash
     * @return the manifest and output
     * @throws IllegalStateException when the attested partial sums do not sum exactly the accepted updates
     */
    public static RoundAggregate merge(TaskRecord task, RoundRecord round, List<PartialSumRecord> partials, Model base,
            Function<PartialSumRecord, byte[]> payloads) {
        RuleSpec spec = requireHierarchical(task);
        SortedMap<String, Long> accepted = new TreeMap<>();
        for (AcceptedUpdate a : round.accepted()) {
            accepted.put(a.key(), a.samples());
        }
        SortedMap<String, Long> summed = new TreeMap<>();
        long[] sum = new long[Math.toIntExact(base.parameterCount())];
        for (PartialSumRecord p : admittedSums(task, round, partials)) {
            SecureRound.addPayload(sum, payloads.apply(p));
            for (UpdateRecord u : p.updates()) {
                summed.put(Keys.update(u.taskId(), u.round(), u.contributor()), u.samples());
            }
        }
        if (!summed.equals(accepted)) {
            throw new IllegalStateException("round " + round.round() + " of task '" + task.taskId() + "' accepted "
                    + accepted.keySet() + " but its attested partial sums sum " + summed.keySet());
        }
        AggregationResult result = ExactSum.ofSums(spec, base, accepted, sum).result().orElseThrow(
                () -> new IllegalStateException("round " + round.round() + " has no accepted update"));
        return RoundInputs.manifested(task, round, spec, result);
    }

    private static RuleSpec requireHierarchical(TaskRecord task) {
        RuleSpec spec = task.rule().spec();
        if (!spec.hierarchical()) {
            throw new IllegalArgumentException("task '" + task.taskId() + "' is not hierarchical: " + spec);
        }
        return spec;
    }
}
