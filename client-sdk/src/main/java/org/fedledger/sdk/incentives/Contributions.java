package org.fedledger.sdk.incentives;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.ContributionMethod;
import org.fedledger.protocol.record.ContributionScore;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;

/**
 * A round's contributions, exactly: the value of a coalition of accepted updates is what the model the
 * task's rule makes of that coalition alone, from the round's base model, scores on the validation set:
 * the number of samples it classifies correctly ({@link ModelScorer#correct}, {@link ContributionScore#CORRECT}),
 * or minus its capped loss in micro-nats ({@link ModelScorer#lossMicros}, {@link ContributionScore#LOG_LOSS});
 * the empty coalition's model is the base model,
 * and so is that of a coalition the rule cannot aggregate (fewer than its minimum inputs). Models are
 * bit-exact and values are integers, so every verifier computes the same vector.
 *
 * <ul>
 *   <li>{@link ContributionMethod#SHAPLEY}: {@code n! phi_i = sum over S without i of |S|! (n-|S|-1)! (v(S+i) - v(S))},
 *       from all {@code 2^n} coalitions (at most 9 contributors: 512 aggregations);</li>
 *   <li>{@link ContributionMethod#LEAVE_ONE_OUT}: {@code v(N) - v(N - i)}, from {@code n + 1} coalitions.</li>
 * </ul>
 *
 * <pre>{@code
 * ContributionVector v = Contributions.compute(rules.method(), rules.scoring(), task, round, rule, base, payloadOf,
 *         scorer);
 * }</pre>
 */
public final class Contributions {
    private Contributions() {
    }

    /**
     * The contributions of a closed round's contributors, with coalitions worth what {@code score} says.
     *
     * @param method the task's method
     * @param score the task's score ({@link IncentiveRules#scoring()})
     * @param task the task
     * @param round the closed round
     * @param rule the rule its proposal names (the task's)
     * @param base the round's base model
     * @param payloads each accepted update's payload bytes, already checked against its hash
     * @param scorer the verifier's validation set
     * @return the contributions of the round's contributors, in update-key order, at the scale
     *     {@link IncentiveRules#scale(int)}
     */
    public static ContributionVector compute(ContributionMethod method, ContributionScore score, TaskRecord task,
            RoundRecord round, RuleSpec rule, Model base, Function<AcceptedUpdate, byte[]> payloads,
            ModelScorer scorer) {
        List<AcceptedUpdate> inputs = new ArrayList<>(round.accepted());
        inputs.sort(Comparator.comparing(AcceptedUpdate::key));
        int n = inputs.size();
        if (method == ContributionMethod.SHAPLEY && n > ContributionMethod.MAX_SHAPLEY_CONTRIBUTORS) {
            throw new IllegalArgumentException("exact Shapley takes at most " + ContributionMethod.MAX_SHAPLEY_CONTRIBUTORS
                    + " contributors, round " + round.round() + " has " + n);
        }
        Map<String, byte[]> cache = new HashMap<>();
        Function<AcceptedUpdate, byte[]> cached = a -> cache.computeIfAbsent(a.key(), k -> payloads.apply(a));
        java.util.function.ToLongFunction<Model> worth = score == ContributionScore.LOG_LOSS
                ? model -> -scorer.lossMicros(model) : scorer::correct;
        Coalitions v = new Coalitions(task, round, rule, base, cached, worth, inputs);
        int all = (1 << n) - 1;
        List<Long> values = new ArrayList<>();
        if (method == ContributionMethod.LEAVE_ONE_OUT) {
            long whole = v.value(all);
            for (int i = 0; i < n; i++) {
                values.add(Math.subtractExact(whole, v.value(all & ~(1 << i))));
            }
        } else {
            long[] byMask = new long[1 << n];
            for (int mask = 0; mask <= all; mask++) {
                byMask[mask] = v.value(mask);
            }
            long[] factorial = new long[n + 1];
            factorial[0] = 1;
            for (int k = 1; k <= n; k++) {
                factorial[k] = factorial[k - 1] * k;
            }
            for (int i = 0; i < n; i++) {
                long sum = 0;
                for (int mask = 0; mask <= all; mask++) {
                    if ((mask & (1 << i)) == 0) {
                        int size = Integer.bitCount(mask);
                        sum = Math.addExact(sum, Math.multiplyExact(factorial[size] * factorial[n - size - 1],
                                Math.subtractExact(byMask[mask | (1 << i)], byMask[mask])));
                    }
                }
                values.add(sum);
            }
        }
        return new ContributionVector(method, Math.multiplyExact(method.scale(n), score.unit()), inputs.stream().map(AcceptedUpdate::contributor).toList(),
                values);
    }

    /** The value of each coalition, given as a bit mask over the inputs in key order. */
    private record Coalitions(TaskRecord task, RoundRecord round, RuleSpec rule, Model base,
            Function<AcceptedUpdate, byte[]> payloads, java.util.function.ToLongFunction<Model> scorer,
            List<AcceptedUpdate> inputs) {
        long value(int mask) {
            List<AcceptedUpdate> members = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    members.add(inputs.get(i));
                }
            }
            if (members.isEmpty() || members.size() < rule.rule().minimumInputs(rule)) {
                return scorer.applyAsLong(base);
            }
            RoundRecord coalition = new RoundRecord(round.taskId(), round.round(), round.state(), round.baseVersion(),
                    round.baseModelHash(), round.openedAt(), round.deadline(), round.closedAt(), members,
                    round.overCapacity(), round.overCapacityUnlisted(), round.proposalSeq(), round.deadlineVotes(),
                    round.txId());
            try {
                return scorer.applyAsLong(RoundInputs.aggregate(task, coalition, rule, base, payloads).output());
            } catch (IllegalStateException nothingToAggregate) {
                // The rule selects nothing from this coalition: its model stays the base model.
                return scorer.applyAsLong(base);
            }
        }
    }
}
