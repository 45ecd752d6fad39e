package org.fedledger.sdk.rounds;

import java.util.Objects;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.incentives.ModelScorer;

/**
 * What a task's rounds compute and check, shared by the {@link RoundDriver} (the coordinator and
 * aggregator's side) and every organisation's {@link org.fedledger.sdk.verifier.VerifierService}: how
 * a closed round's aggregate is computed before it is proposed, and what a verifier checks before it
 * attests. When a round closes, and so which updates it takes, is the {@link RoundPolicy}; how the
 * taken updates are weighted is the task's rule and the chaincode's admission, which every member
 * replays identically.
 *
 * <p>The standard strategy aggregates with the task's rule and has every verifier recompute that
 * aggregation from its inputs. Wrappers add behaviour: {@link #requiring(ProposalCheck)} makes a
 * verifier also object to proposals its organisation will not endorse.
 *
 * <pre>{@code
 * RoundStrategy strategy = RoundStrategy.standard().requiring(ProposalCheck.atLeastOrganisations(3));
 * VerifierService.start(ledger, state, 0, log::info, strategy);
 * }</pre>
 */
public interface RoundStrategy {
    /** @return the task's rule, recomputed by every verifier */
    static RoundStrategy standard() {
        return Standard.INSTANCE;
    }

    /**
     * The task's rule, recomputed by every verifier, which also computes and attests the round's
     * contributions on its copy of the task's validation set when the task has incentives (issue 24).
     *
     * <pre>{@code
     * VerifierService.start(ledger, state, 0, log::info, RoundStrategy.scoring(taskId -> validationSets.get(taskId)));
     * }</pre>
     *
     * @param validationSets this organisation's copy of each task's validation set, by task id; asked
     *     once per verification, so it may hand out a fresh scorer each time
     * @return the strategy
     */
    static RoundStrategy scoring(java.util.function.Function<String, ModelScorer> validationSets) {
        return new Scoring(Objects.requireNonNull(validationSets, "validationSets"));
    }

    /**
     * Computes a closed (or disputed) round's aggregate, to be proposed; writes nothing.
     *
     * @param ledger the aggregator's connection
     * @param taskId the task
     * @param round the round
     * @return the aggregation to propose
     */
    Aggregation aggregate(FedLedger ledger, String taskId, int round);

    /**
     * Decides the verdict this organisation attests for a proposal; writes nothing.
     *
     * @param ledger the verifier's connection
     * @param taskId the task
     * @param round the round
     * @param seq the proposal's sequence number
     * @return the verification to attest
     */
    Verification verify(FedLedger ledger, String taskId, int round, int seq);

    /**
     * This organisation's validation set for a task, if the strategy values contributions: the
     * {@link org.fedledger.sdk.verifier.VerifierService} commits it as soon as a task valued on private sets
     * is created, so that the organisation values from round 1.
     *
     * @param taskId the task
     * @return the set, or empty when this strategy values nothing
     */
    default java.util.Optional<ModelScorer> validationSet(String taskId) {
        return java.util.Optional.empty();
    }

    /**
     * This strategy, with verifiers that also run {@code check} on every proposal they would agree
     * with and attest DISAGREE, with the check's reason, when it objects.
     *
     * @param check the organisation's own condition on a proposal
     * @return the wrapped strategy
     */
    default RoundStrategy requiring(ProposalCheck check) {
        Objects.requireNonNull(check, "check");
        RoundStrategy inner = this;
        return new RoundStrategy() {
            @Override
            public Aggregation aggregate(FedLedger ledger, String taskId, int round) {
                return inner.aggregate(ledger, taskId, round);
            }

            @Override
            public Verification verify(FedLedger ledger, String taskId, int round, int seq) {
                Verification v = inner.verify(ledger, taskId, round, seq);
                if (v.verdict() != Verdict.AGREE) {
                    return v;
                }
                var auditor = ledger.auditor();
                return check.objection(auditor.proposal(taskId, round, seq), auditor.updates(taskId, round))
                        .map(v::objecting).orElse(v);
            }

            @Override
            public java.util.Optional<ModelScorer> validationSet(String taskId) {
                return inner.validationSet(taskId);
            }
        };
    }

    /** The task's own rule, recomputed, and contributions on a validation set. */
    record Scoring(java.util.function.Function<String, ModelScorer> validationSets) implements RoundStrategy {
        @Override
        public Aggregation aggregate(FedLedger ledger, String taskId, int round) {
            return ledger.aggregator(taskId).aggregate(round);
        }

        @Override
        public Verification verify(FedLedger ledger, String taskId, int round, int seq) {
            return ledger.verifier(taskId).verify(round, seq, validationSets.apply(taskId));
        }

        @Override
        public java.util.Optional<ModelScorer> validationSet(String taskId) {
            return java.util.Optional.ofNullable(validationSets.apply(taskId));
        }
    }

    /** The task's own rule, recomputed. */
    enum Standard implements RoundStrategy {
        INSTANCE;

        @Override
        public Aggregation aggregate(FedLedger ledger, String taskId, int round) {
            return ledger.aggregator(taskId).aggregate(round);
        }

        @Override
        public Verification verify(FedLedger ledger, String taskId, int round, int seq) {
            return ledger.verifier(taskId).verify(round, seq);
        }
    }
}
