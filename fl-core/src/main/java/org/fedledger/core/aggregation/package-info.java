/**
 * Deterministic aggregation rules: how the next global model is computed from a closed round.
 *
 * <p>The entry point is {@link org.fedledger.core.aggregation.AggregationRules#of(RuleSpec)}, which
 * turns the rule a task fixes on the ledger into an {@link org.fedledger.core.aggregation.AggregationRule}:
 *
 * <pre>{@code
 * AggregationRule rule = AggregationRules.of(RuleSpec.of(RuleName.FEDAVG));
 * Optional<AggregationResult> result = rule.aggregate(inputs, base);
 * }</pre>
 *
 * <p>Every rule is a pure function of its inputs: inputs are sorted by id before anything else,
 * every sum runs single-threaded in a fixed order and accumulates in {@code double}, and square roots
 * use {@link java.lang.StrictMath}. The same inputs in any order therefore give the same output bits on
 * every machine, which is what lets each organisation's verifier recompute a proposed global model bit
 * for bit. {@link org.fedledger.core.aggregation.Weights#expected(RuleSpec, java.util.SortedMap)} gives
 * the exact rational weights a manifest must declare, without needing the model bytes.
 *
 * <p>Exact rules ({@link org.fedledger.core.aggregation.RuleName#EXACT_FEDAVG}) go further: they sum
 * fixed-point integer codes ({@link org.fedledger.core.aggregation.FixedPoint}) with no rounding and
 * round once at the end, so partial sums ({@link org.fedledger.core.aggregation.ExactSum}) over any
 * grouping of the inputs, in any order and on any number of threads, merge to the same output bits.
 */
package org.fedledger.core.aggregation;
