package org.fedledger.core.manifest;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.core.aggregation.EvidenceMeasure;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.InputWeight;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.Weights;
import org.fedledger.core.model.ContentHash;

/**
 * What a closed round fixes for its aggregation, and the checks every manifest for it must pass. The
 * chaincode runs them before recording a proposal; an aggregator runs them before proposing, and a
 * verifier or an auditor runs exactly the same ones offline.
 *
 * <p>A manifest passes when its task, round, base model hash and rule are the round's; its inputs and
 * exclusions together name every accepted update exactly once, with the accepted contributor, hash
 * and sample count; the round has at least the rule's minimum inputs; every exclusion reason is one
 * the rule gives ({@link org.fedledger.core.aggregation.RuleName#exclusionReasons()}); every
 * input's weight is exactly what the rule gives from the declared sample counts ({@link Weights}); and
 * the evidence has one entry per accepted update carrying exactly the measures the rule records
 * ({@link RuleSpec#evidence()}), none when it records nothing. The output and the evidence's values
 * are not recomputed here: that is the verifiers' work.
 *
 * <pre>{@code
 * ClosedRound round = new ClosedRound("mnist", 3, baseHash, taskRule, acceptedInputs);
 * round.check(manifest); // ManifestMismatchException if wrong
 * }</pre>
 *
 * @param taskId the task
 * @param round the round number
 * @param baseModelHash the hash of the model the round trained from
 * @param rule the task's rule and parameters
 * @param accepted the round's accepted updates, in any order
 */
public record ClosedRound(String taskId, long round, ContentHash baseModelHash, RuleSpec rule,
        List<AcceptedInput> accepted) {
    /**
     * Checks and copies the components.
     *
     * @param taskId the task
     * @param round the round number
     * @param baseModelHash the hash of the model the round trained from
     * @param rule the task's rule and parameters
     * @param accepted the round's accepted updates, in any order
     */
    public ClosedRound {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(baseModelHash, "baseModelHash");
        Objects.requireNonNull(rule, "rule");
        accepted = List.copyOf(accepted);
    }

    /**
     * @param manifest a well-formed manifest
     * @throws ManifestMismatchException naming the first field that does not fit this round
     */
    public void check(AggregationManifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        if (!taskId.equals(manifest.taskId())) {
            throw new ManifestMismatchException("taskId", "the manifest is for task '" + manifest.taskId() + "', not '"
                    + taskId + "'");
        }
        if (round != manifest.round()) {
            throw new ManifestMismatchException("round", "the manifest is for round " + manifest.round() + ", not "
                    + round);
        }
        if (!baseModelHash.equals(manifest.baseModelHash())) {
            throw new ManifestMismatchException("baseModelHash", "the manifest's base model " + manifest.baseModelHash()
                    + " is not the round's base model " + baseModelHash);
        }
        if (!rule.equals(manifest.rule())) {
            throw new ManifestMismatchException("rule", "the manifest's rule " + manifest.rule()
                    + " is not the task's rule "
                    + rule);
        }
        int minimum = rule.rule().minimumInputs(rule);
        if (accepted.size() < minimum) {
            throw new ManifestMismatchException("rule", "rule " + rule.rule().wireName() + " needs at least " + minimum
                    + " updates; the round accepted " + accepted.size());
        }
        SortedMap<String, AcceptedInput> byKey = new TreeMap<>();
        for (AcceptedInput a : accepted) {
            byKey.put(a.updateKey(), a);
        }
        Set<String> seen = new HashSet<>();
        SortedMap<String, Long> samples = new TreeMap<>();
        List<ManifestInput> inputs = manifest.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            ManifestInput input = inputs.get(i);
            String at = "inputs[" + i + "]";
            AcceptedInput a = named(byKey, seen, at, input.updateKey(), input.contributor(), input.hash());
            if (input.sampleCount() != a.sampleCount()) {
                throw new ManifestMismatchException(at + ".sampleCount", "declares " + input.sampleCount()
                        + " samples; the accepted update declared " + a.sampleCount());
            }
            samples.put(a.updateKey(), a.sampleCount());
        }
        List<ManifestExclusion> exclusions = manifest.exclusions();
        for (int i = 0; i < exclusions.size(); i++) {
            ManifestExclusion exclusion = exclusions.get(i);
            String at = "exclusions[" + i + "]";
            named(byKey, seen, at, exclusion.updateKey(), exclusion.contributor(), exclusion.hash());
            if (!rule.rule().exclusionReasons().contains(exclusion.reason())) {
                throw new ManifestMismatchException(at + ".reason", "reason '" + exclusion.reason()
                        + "' is not one rule " + rule.rule().wireName() + " gives; it gives "
                        + (rule.rule().exclusionReasons().isEmpty() ? "none: it uses every accepted update"
                                : new java.util.TreeSet<>(rule.rule().exclusionReasons())));
            }
        }
        for (String key : byKey.keySet()) {
            if (!seen.contains(key)) {
                throw new ManifestMismatchException("inputs", "the manifest drops accepted update " + printable(key)
                        + "; every accepted update is an input or an exclusion with its reason");
            }
        }
        checkEvidence(manifest.evidence(), byKey.size());
        List<InputWeight> expected;
        try {
            expected = Weights.expected(rule, samples);
        } catch (IllegalArgumentException e) {
            throw new ManifestMismatchException("inputs", "the inputs do not fit the rule: " + e.getMessage());
        }
        Map<String, InputWeight> weightByKey = new TreeMap<>();
        for (InputWeight w : expected) {
            weightByKey.put(w.id(), w);
        }
        for (int i = 0; i < inputs.size(); i++) {
            ManifestInput input = inputs.get(i);
            InputWeight w = weightByKey.get(input.updateKey());
            if (w.numerator() != input.weightNumerator() || w.denominator() != input.weightDenominator()) {
                throw new ManifestMismatchException("inputs[" + i + "].weightNumerator", "weight "
                        + input.weightNumerator() + "/" + input.weightDenominator() + " is not the " + w.numerator()
                        + "/"
                        + w.denominator() + " rule " + rule.rule().wireName() + " gives ("
                        + rule.rule().weighting() + " weighting)");
            }
        }
    }

    private void checkEvidence(List<InputEvidence> evidence, int accepted) {
        java.util.Set<EvidenceMeasure> measures = rule.evidence();
        if (measures.isEmpty()) {
            if (!evidence.isEmpty()) {
                throw new ManifestMismatchException("evidence", "rule " + rule.rule().wireName()
                        + " records no evidence; the manifest carries " + evidence.size() + " entries");
            }
            return;
        }
        if (evidence.size() != accepted) {
            throw new ManifestMismatchException("evidence", "rule " + rule.rule().wireName() + " records "
                    + measures + " for every accepted update; the manifest has evidence for " + evidence.size()
                    + " of " + accepted);
        }
        for (int i = 0; i < evidence.size(); i++) {
            if (!evidence.get(i).measures().equals(measures)) {
                throw new ManifestMismatchException("evidence[" + i + "]", "carries " + evidence.get(i).measures()
                        + "; rule " + rule.rule().wireName() + " records " + measures);
            }
        }
    }

    private static AcceptedInput named(SortedMap<String, AcceptedInput> byKey, Set<String> seen, String at, String key,
            String contributor, ContentHash hash) {
        AcceptedInput a = byKey.get(key);
        if (a == null) {
            throw new ManifestMismatchException(at + ".updateKey", printable(key)
                    + " is not in the round's accepted set");
        }
        if (!seen.add(key)) {
            throw new ManifestMismatchException(at + ".updateKey", printable(key) + " is named more than once");
        }
        if (!a.contributor().equals(contributor)) {
            throw new ManifestMismatchException(at + ".contributor", "the accepted update " + printable(key)
                    + " is by " + a.contributor());
        }
        if (!a.hash().equals(hash)) {
            throw new ManifestMismatchException(at + ".hash", "the accepted update " + printable(key) + " has hash "
                    + a.hash());
        }
        return a;
    }

    /** Ledger keys hold U+0000 delimiters; messages show them as '/'. */
    private static String printable(String key) {
        return "'" + Checks.abbreviate(key.replace('\u0000', '/')) + "'";
    }
}
