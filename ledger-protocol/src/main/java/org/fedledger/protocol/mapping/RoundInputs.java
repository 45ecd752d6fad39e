package org.fedledger.protocol.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationResult;
import org.fedledger.core.aggregation.AggregationRule;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.CodecKind;
import org.fedledger.core.aggregation.Exclusion;
import org.fedledger.core.aggregation.InputWeight;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.StreamingAggregation;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.core.manifest.AcceptedInput;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ClosedRound;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.DecodeLimits;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.AdmissionOrder;
import org.fedledger.protocol.record.PrivacyRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;

/**
 * A closed round's records as fl-core's inputs: the {@link ClosedRound} every manifest is checked
 * against (by the chaincode before it records a proposal, and offline by aggregators, verifiers and
 * auditors), and the task's rule run over the accepted updates in key order (invariant 5).
 *
 * <p>A rule that is a running sum (FedAvg, the mean, clipped or not) is fed one input at a time: each
 * payload is fetched, decoded, added and dropped before the next, so memory holds one accumulator and
 * one input whatever the round's size, and the result is the same bits. Other rules get every input at
 * once. Every payload is decoded within the base model's schema ({@link DecodeLimits}).
 *
 * <pre>{@code
 * RoundInputs.closedRound(task, round).check(proposal.manifest());
 * RoundAggregate again = RoundInputs.aggregate(task, round, proposal.manifest().rule(), base, payloadOf);
 * }</pre>
 */
public final class RoundInputs {
    private RoundInputs() {
    }

    /**
     * @param task the task
     * @param round one of its rounds, closed or later
     * @return what a proposal's manifest is checked against: the round's accepted set, base model and the task's rule
     * @throws IllegalArgumentException when the task's stored rule is not a valid rule
     */
    public static ClosedRound closedRound(TaskRecord task, RoundRecord round) {
        List<AcceptedInput> accepted = new ArrayList<>();
        for (AcceptedUpdate a : round.accepted()) {
            accepted.add(new AcceptedInput(a.key(), a.contributor(), a.hash(), a.samples()));
        }
        return new ClosedRound(task.taskId(), round.round(), round.baseModelHash(),
                task.rule().spec(), accepted);
    }

    /**
     * The seed of a closed round's central noise ({@code central_noise_sigma} of an exact rule): SHA-256
     * over the task, the round, the close transaction's timestamp and the accepted set (each update's
     * key, hash and weight, in key order), all fixed by the close transaction for everyone, so the
     * aggregator, every verifier and the audit regenerate the same noise bit for bit.
     *
     * <pre>{@code
     * ContentHash seed = RoundInputs.noiseSeed(task, round);
     * }</pre>
     *
     * @param task the task
     * @param round one of its rounds, closed or later
     * @return the seed
     * @throws IllegalArgumentException when the round was never closed
     */
    public static ContentHash noiseSeed(TaskRecord task, RoundRecord round) {
        if (round.closedAt() == null) {
            throw new IllegalArgumentException("round " + round.round() + " of task '" + task.taskId()
                    + "' is not closed: its noise seed is fixed by the close");
        }
        StringBuilder text = new StringBuilder("fedledger/central-noise/v1\n").append(task.taskId()).append('\n')
                .append(round.round()).append('\n').append(round.closedAt()).append('\n');
        List<AcceptedUpdate> inKeyOrder = new ArrayList<>(round.accepted());
        inKeyOrder.sort(Comparator.comparing(AcceptedUpdate::key));
        for (AcceptedUpdate a : inKeyOrder) {
            text.append(a.key()).append('\n').append(a.hash().hex()).append('\n').append(a.samples()).append('\n');
        }
        return ContentHash.of(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Whether a full OPEN round of a task may close with its proposal (the chaincode checks it, the SDK's
     * driver asks it before aggregating). Not when the aggregate depends on the close: a secure round is
     * unmasked from reveals made after it, central noise is seeded by it, and reputation weights and weights
     * lowered by penalties are read at it.
     *
     * @param task the task
     * @param secure its secure aggregation record, if it has one
     * @param incentives its incentive rules, if it has any
     * @return whether the proposal may close the round
     */
    public static boolean closesWithProposal(TaskRecord task, java.util.Optional<PrivacyRecord> secure,
            java.util.Optional<TaskIncentivesRecord> incentives) {
        return secure.isEmpty() && !task.rule().spec().centrallyNoised()
                && !incentives.map(i -> i.rules().reputationWeights() || i.rules().lowersWeight()).orElse(false);
    }

    /**
     * Whether the task's rounds may be pipelined: its owner's aggregator proposes a round and opens the
     * next one on that proposal in one transaction ({@code proposeAndOpen}, docs/round-modes.md).
     * Synchronous tasks may, flat or hierarchical, and buffered ones: the next buffer opens on the proposal's
     * output and takes updates trained from the last FINAL model one version staler, so trainers never wait
     * for a buffer while the last one is verified. A secure task (a cohort is tied to its round's open) and
     * a task with incentives (the previous round's settlement changes the reputations a close weighs by)
     * may not.
     *
     * @param task the task
     * @param secure its secure-aggregation record, if any
     * @param incentives its incentive rules, if any
     * @return true when {@code proposeAndOpen} is allowed for the task
     */
    public static boolean pipelines(TaskRecord task, java.util.Optional<PrivacyRecord> secure,
            java.util.Optional<TaskIncentivesRecord> incentives) {
        return secure.isEmpty() && incentives.isEmpty();
    }

    /**
     * The accepted set a close fixes over {@code updates}: every one when they are at most
     * {@code maxUpdates}, else the {@code maxUpdates} first in the {@link AdmissionOrder}. The
     * chaincode's close and an aggregator that proposes on a full OPEN round (which the proposal
     * closes) compute it alike.
     *
     * @param task the task
     * @param round the OPEN round
     * @param updates its update records
     * @param closedAt the closing transaction's timestamp, seconds since the epoch
     * @param txId the closing transaction's id
     * @return the round as a close at {@code closedAt} by {@code txId} leaves it: CLOSED with the accepted set
     */
    public static RoundRecord closedOver(TaskRecord task, RoundRecord round, List<UpdateRecord> updates,
            long closedAt, String txId) {
        return closedOver(task, round, updates, closedAt, txId, u -> admittedWeight(task, round, u));
    }

    /**
     * The weight a close admits an update with, before any organisation bound: its declared samples in a
     * synchronous task; in a buffered task ({@link org.fedledger.core.aggregation.RuleSpec#buffered()})
     * the exact staleness weight {@code samples * L / (1 + tau)} of
     * {@link org.fedledger.core.aggregation.StalenessWeights}, {@code tau} the versions between the
     * update's base and the round's. Everything it reads is in the two records, so the chaincode's
     * close, an aggregator proposing on a full round, every verifier and the audit get the same weights.
     *
     * @param task the task
     * @param round the round the update was submitted to
     * @param update the update
     * @return its admitted weight
     * @throws IllegalArgumentException when the update's base is newer than the round's or further
     *     behind it than the task's {@code max_staleness} (the chaincode's submit refuses such updates)
     */
    public static long admittedWeight(TaskRecord task, RoundRecord round, UpdateRecord update) {
        int maxStaleness = task.rule().spec().maxStaleness();
        if (maxStaleness == 0) {
            return update.samples();
        }
        return org.fedledger.core.aggregation.StalenessWeights.weight(update.samples(),
                round.baseVersion() - update.baseVersion(), maxStaleness);
    }

    /**
     * {@link #closedOver(TaskRecord, RoundRecord, List, long, String)} with each update's admitted weight
     * given by {@code weight} instead of its declared samples (a task weighting by reputation).
     *
     * @param task the task
     * @param round the OPEN round
     * @param updates its update records
     * @param closedAt the closing transaction's timestamp, seconds since the epoch
     * @param txId the closing transaction's id
     * @param weight each update's admitted weight
     * @return the round as the close leaves it
     */
    public static RoundRecord closedOver(TaskRecord task, RoundRecord round, List<UpdateRecord> updates,
            long closedAt, String txId, java.util.function.ToLongFunction<UpdateRecord> weight) {
        return round.closed(RoundState.CLOSED, closedAt, admission(task, round, updates, weight), txId);
    }

    /**
     * What a close of {@code round} admits: {@link AdmissionOrder#decide} over its update records, each with the
     * weight {@code weight} gives it. The close and the audit's replay of a close both decide here.
     *
     * @param task the task
     * @param round the round (only its base model hash is read)
     * @param updates its update records
     * @param weight each update's admitted weight before the organisation bound
     * @return the accepted set and what was left over capacity
     */
    public static AdmissionOrder.Decision admission(TaskRecord task, RoundRecord round, List<UpdateRecord> updates,
            java.util.function.ToLongFunction<UpdateRecord> weight) {
        List<AdmissionOrder.Candidate> all = new ArrayList<>();
        for (UpdateRecord u : updates) {
            all.add(new AdmissionOrder.Candidate(new AcceptedUpdate(Keys.update(u.taskId(), u.round(), u.contributor()),
                    u.contributor(), u.hash(), weight.applyAsLong(u)), u.msp()));
        }
        return AdmissionOrder.decide(round.baseModelHash(), all, task.maxUpdates(), task.maxOrgSharePercent());
    }

    /**
     * Runs {@code rule} over the round's accepted updates and builds the manifest. For a rule that
     * offers {@link AggregationRule#streaming}, {@code payloads} is called for one update at a time, in
     * key order, and no payload or decoded input is kept after it has been added.
     *
     * @param task the task
     * @param round the closed round
     * @param rule the rule to run (the task's, or the one a manifest names)
     * @param base the round's base model
     * @param payloads each accepted update's payload bytes, already checked against its hash
     * @return the manifest and output
     * @throws IllegalStateException when the rule has nothing to aggregate
     * @throws org.fedledger.core.model.ModelFormatException when a payload is not a model of the base's schema
     */
    public static RoundAggregate aggregate(TaskRecord task, RoundRecord round, RuleSpec rule, Model base,
            Function<AcceptedUpdate, byte[]> payloads) {
        Map<String, AcceptedUpdate> byKey = new TreeMap<>();
        SortedMap<String, Long> samples = new TreeMap<>();
        for (AcceptedUpdate a : round.accepted()) {
            byKey.put(a.key(), a);
            samples.put(a.key(), a.samples());
        }
        List<AcceptedUpdate> inKeyOrder = new ArrayList<>(round.accepted());
        inKeyOrder.sort(Comparator.comparing(AcceptedUpdate::key));
        DecodeLimits limits = DecodeLimits.of(base.schema());
        AggregationRule aggregation = rule.centrallyNoised() ? AggregationRules.of(rule, noiseSeed(task, round))
                : AggregationRules.of(rule);
        Optional<StreamingAggregation> streaming = aggregation.streaming(samples, base);
        AggregationResult result;
        if (streaming.isPresent()) {
            for (AcceptedUpdate a : inKeyOrder) {
                streaming.get().add(input(a, payloads, limits, rule, base));
            }
            result = streaming.get().finish();
        } else {
            List<AggregationInput> inputs = new ArrayList<>();
            for (AcceptedUpdate a : inKeyOrder) {
                inputs.add(input(a, payloads, limits, rule, base));
            }
            result = aggregation.aggregate(inputs, base).orElseThrow(
                    () -> new IllegalStateException("round " + round.round() + " of task '" + task.taskId()
                            + "' has nothing to aggregate (" + inputs.size() + " accepted updates)"));
        }
        return manifested(task, round, rule, result);
    }

    /**
     * The manifest of a result computed over the round's accepted updates (by the rule, or by
     * unmasking their masked sum: {@link SecureRoundInputs}).
     *
     * @param task the task
     * @param round the closed round
     * @param rule the rule that was run
     * @param result its result over the round's accepted updates, inputs named by update key
     * @return the manifest and output
     */
    public static RoundAggregate manifested(TaskRecord task, RoundRecord round, RuleSpec rule,
            AggregationResult result) {
        Map<String, AcceptedUpdate> byKey = new TreeMap<>();
        for (AcceptedUpdate a : round.accepted()) {
            byKey.put(a.key(), a);
        }
        AggregationManifest.Builder m = AggregationManifest.builder().taskId(task.taskId()).round(round.round())
                .baseModelHash(round.baseModelHash()).rule(rule)
                .outputHash(ModelCodec.hash(result.model())).evidence(result.evidence());
        for (InputWeight w : result.weights()) {
            AcceptedUpdate a = byKey.get(w.id());
            m.addInput(new ManifestInput(w.id(), a.contributor(), a.hash(), a.samples(),
                    w.numerator(), w.denominator()));
        }
        for (Exclusion x : result.exclusions()) {
            AcceptedUpdate a = byKey.get(x.id());
            m.addExclusion(new ManifestExclusion(x.id(), a.contributor(), a.hash(), x.reason()));
        }
        return new RoundAggregate(m.build(), result.model());
    }

    /**
     * One accepted update as an input: a float32 payload as its model, a compressed one (the rule's
     * {@code codec}) as the exact codes it carries from the base model.
     */
    private static AggregationInput input(AcceptedUpdate a, Function<AcceptedUpdate, byte[]> payloads,
            DecodeLimits limits, RuleSpec rule, Model base) {
        UpdateCodec codec = rule.codec();
        if (codec.kind() != CodecKind.FLOAT32) {
            return AggregationInput.coded(a.key(), a.hash(), codec.decode(payloads.apply(a), base, rule.scaleBits()),
                    a.samples());
        }
        return new AggregationInput(a.key(), a.hash(), ModelCodec.decode(payloads.apply(a), limits),
                a.samples());
    }
}
