package org.fedledger.protocol.record;

import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * A task's incentive rules, fixed at creation (issue 24): how contributions are measured, against
 * which validation set (committed by its SHA-256 before any update exists) and what a contribution
 * earns. Part of the {@code createTask} argument and of {@link TaskIncentivesRecord}.
 *
 * <pre>{@code
 * new IncentiveRules(ContributionMethod.SHAPLEY, validationSet.hash(), 10, 3, 5, true);   // 3 negative rounds: 5 rounds out
 * }</pre>
 *
 * @param method how contributions are computed
 * @param validationSetHash SHA-256 of the canonical validation set every verifier scores with; absent under
 *     {@link ValidationMode#PRIVATE}, where each organisation commits its own ({@link ValidationSetRecord})
 * @param creditPerSample contribution credit per unit of value a contributor's (Shapley or
 *     leave-one-out) value adds: per validation sample under {@link ContributionScore#CORRECT}, per nat of
 *     validation loss under {@link ContributionScore#LOG_LOSS}; 0 to 1,000,000
 * @param negativeRoundsToSuspend a contributor whose agreed contribution is negative in this many
 *     consecutive FINAL rounds is penalised and suspended; 0 never
 * @param suspensionRounds how many rounds after the penalising one its submissions are refused
 *     ({@link org.fedledger.protocol.error.ErrorCode#CONTRIBUTOR_SUSPENDED})
 * @param reputationWeights whether the round's close scales each admitted update's weight by its
 *     contributor's reputation ({@link org.fedledger.protocol.incentives.Settlement#reputationWeight}),
 *     so that weighting rules such as FedAvg give persistent low contributors less influence
 * @param suspendBelowPermille a negative contribution moves the streak toward suspension only when its
 *     magnitude is at least this many thousandths of the round's total absolute contribution
 *     ({@link org.fedledger.protocol.incentives.Settlement#belowThreshold}); {@code null} (omitted from
 *     the JSON) or 0 counts every negative contribution
 * @param score what a coalition is worth on the validation set; {@code null} (omitted from the JSON, so
 *     the rules of a task created before it keep their bytes) is {@link ContributionScore#CORRECT}
 * @param reputationScore how a round scores each contributor's reputation; {@code null} (omitted from
 *     the JSON) is {@link ReputationScore#NON_NEGATIVE_RANK}
 * @param outOfLineFactor a round marks a contributor out of line when its update's norm per local step
 *     is more than this many times the round's median, or less than its median divided by it
 *     ({@link org.fedledger.protocol.incentives.OutOfLine}); an out-of-line contributor scores below every
 *     other one. Needs a rule that records update norms ({@code clip_norm}); {@code null} (omitted from the
 *     JSON) marks nobody
 * @param localBatch the samples per local step of the task's training plan: an update's local steps are
 *     {@code ceil(declared samples / localBatch)} per epoch; only with {@code outOfLineFactor};
 *     {@code null} (omitted from the JSON) is 1, a step per sample
 * @param disputedProposals whether a proposal whose output the quorum's DISAGREE attestations dispute
 *     penalises its proposer ({@link PenaltyKind#PROPOSAL_DISPUTED}); {@code createTask} stores
 *     {@code true} unless the definition says {@code false}, so that a task created before the penalty
 *     existed ({@code null}, omitted from the JSON) keeps none
 * @param validationMode whose validation data values a round's contributions: {@code null} (omitted from the
 *     JSON) is {@link ValidationMode#SHARED}, the set {@code validationSetHash} names
 * @param reputationMemory how many scored rounds a reputation averages: a round moves it to
 *     {@code floor(((k - 1) r + score) / k)} with {@code k} the smaller of this and the contributor's scored
 *     rounds so far plus one, so the mean of its scores until then and an exponential average over about this
 *     many rounds after ({@link org.fedledger.protocol.incentives.Settlement#nextReputation}); {@code null}
 *     (omitted from the JSON) is {@code floor((7 r + score) / 8)} from {@link ReputationRecord#INITIAL}
 */
public record IncentiveRules(ContributionMethod method, @RecordJson.Nullable ContentHash validationSetHash,
        long creditPerSample, int negativeRoundsToSuspend, int suspensionRounds, boolean reputationWeights,
        @RecordJson.Nullable Integer suspendBelowPermille, @RecordJson.Nullable ContributionScore score,
        @RecordJson.Nullable ReputationScore reputationScore, @RecordJson.Nullable Integer outOfLineFactor,
        @RecordJson.Nullable Integer localBatch, @RecordJson.Nullable Boolean disputedProposals,
        @RecordJson.Nullable Integer setAsidePermille, @RecordJson.Nullable Long penaltyCredits,
        @RecordJson.Nullable Integer penaltyWeightPermille, @RecordJson.Nullable ValidationMode validationMode,
        @RecordJson.Nullable Integer reputationMemory) {
    /** Largest {@link #negativeRoundsToSuspend} and {@link #suspensionRounds}. */
    public static final int MAX_PENALTY_ROUNDS = 1000;
    /** Largest {@link #suspendBelowPermille}: the whole round's absolute contribution. */
    public static final int MAX_SUSPEND_BELOW_PERMILLE = 1000;
    /** Smallest {@link #outOfLineFactor}: a factor of 1 would mark everyone but the median. */
    public static final int MIN_OUT_OF_LINE_FACTOR = 2;
    /** Largest {@link #outOfLineFactor}. */
    public static final int MAX_OUT_OF_LINE_FACTOR = 1_000_000;
    /** Largest {@link #localBatch}. */
    public static final int MAX_LOCAL_BATCH = 1_000_000;
    /** Largest {@link #setAsidePermille}: the whole update. */
    public static final int MAX_SET_ASIDE_PERMILLE = 1000;
    /** Largest {@link #penaltyCredits}. */
    public static final long MAX_PENALTY_CREDITS = 1_000_000_000_000L;
    /** Largest {@link #penaltyWeightPermille}: a penalty must lower the weight. */
    public static final int MAX_PENALTY_WEIGHT_PERMILLE = 999;
    /** Smallest {@link #reputationMemory}: one round would keep no memory. */
    public static final int MIN_REPUTATION_MEMORY = 2;
    /** Largest {@link #reputationMemory}. */
    public static final int MAX_REPUTATION_MEMORY = 1_000_000;
    /** Largest {@link #creditPerSample}: keeps every credit within a long for any round. */
    public static final long MAX_CREDIT_PER_SAMPLE = 1_000_000;

    /**
     * Checks the fields.
     *
     * @param method how contributions are computed
     * @param validationSetHash SHA-256 of the canonical validation set
     * @param creditPerSample contribution credit per validation sample of value
     * @param negativeRoundsToSuspend consecutive negative rounds that suspend a contributor; 0 never
     * @param suspensionRounds rounds a suspension lasts
     * @param reputationWeights whether admitted weights are scaled by reputation
     * @param suspendBelowPermille threshold, in thousandths of the round's total absolute contribution, below
     *     which a negative contribution counts toward suspension; {@code null} or 0 counts every negative one
     * @param score what a coalition is worth; {@code null} is {@link ContributionScore#CORRECT}
     * @param reputationScore how a round scores reputations; {@code null} is {@link ReputationScore#NON_NEGATIVE_RANK}
     * @param outOfLineFactor how far from the round's median norm per local step an update is out of line;
     *     {@code null} marks nobody
     * @param localBatch samples per local step; {@code null} is 1
     * @param disputedProposals whether a disputed proposal penalises its proposer; {@code null} does not
     * @param setAsidePermille the share of an update the rule must discard for a round to count toward a
     *     penalty; {@code null} marks nobody
     * @param penaltyCredits the credits a streak penalty costs; {@code null} costs nothing
     * @param penaltyWeightPermille the weight a streak penalty leaves, in thousandths, instead of suspending;
     *     {@code null} suspends
     * @param validationMode whose validation data values the contributions; {@code null} is
     *     {@link ValidationMode#SHARED}, and {@link ValidationMode#PRIVATE} names no {@code validationSetHash}
     * @param reputationMemory scored rounds a reputation averages; {@code null} is the fixed {@code (7 r + s) / 8}
     */
    public IncentiveRules {
        Objects.requireNonNull(method, "method");
        if (validationMode == ValidationMode.PRIVATE) {
            if (validationSetHash != null) {
                throw new IllegalArgumentException("validationMode PRIVATE: each organisation commits its own"
                        + " validation set, so the rules name no validationSetHash");
            }
        } else if (validationSetHash == null) {
            throw new IllegalArgumentException("validationSetHash is required unless validationMode is PRIVATE");
        }
    }

    /**
     * Rules scoring coalitions by correct validation samples.
     *
     * @param method how contributions are computed
     * @param validationSetHash SHA-256 of the canonical validation set
     * @param creditPerSample contribution credit per validation sample of value
     * @param negativeRoundsToSuspend consecutive negative rounds that suspend a contributor; 0 never
     * @param suspensionRounds rounds a suspension lasts
     * @param reputationWeights whether admitted weights are scaled by reputation
     * @param suspendBelowPermille threshold, in thousandths of the round's total absolute contribution, below
     *     which a negative contribution counts toward suspension; {@code null} or 0 counts every negative one
     */
    public IncentiveRules(ContributionMethod method, ContentHash validationSetHash, long creditPerSample,
            int negativeRoundsToSuspend, int suspensionRounds, boolean reputationWeights,
            Integer suspendBelowPermille) {
        this(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds, reputationWeights,
                suspendBelowPermille, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * @param score what a coalition is worth
     * @return these rules with that score
     */
    public IncentiveRules withScore(ContributionScore score) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score == ContributionScore.CORRECT ? null : score,
                reputationScore, outOfLineFactor, localBatch, disputedProposals, setAsidePermille, penaltyCredits,
                penaltyWeightPermille, validationMode, reputationMemory);
    }

    /**
     * @param reputationScore how a round scores reputations
     * @return these rules with it (the default stored as its absence)
     */
    public IncentiveRules withReputationScore(ReputationScore reputationScore) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score,
                reputationScore == ReputationScore.NON_NEGATIVE_RANK ? null : reputationScore, outOfLineFactor,
                localBatch, disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille, validationMode,
                reputationMemory);
    }

    /**
     * @param outOfLineFactor how far from the round's median norm per local step an update is out of line,
     *     or {@code null} to mark nobody
     * @param localBatch samples per local step of the task's training plan, or {@code null} for one per sample
     * @return these rules with them
     */
    public IncentiveRules withOutOfLine(Integer outOfLineFactor, Integer localBatch) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score, reputationScore, outOfLineFactor, localBatch,
                disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille, validationMode,
                reputationMemory);
    }

    /**
     * @param disputedProposals whether a disputed proposal penalises its proposer
     * @return these rules with it
     */
    public IncentiveRules withDisputedProposals(Boolean disputedProposals) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score, reputationScore, outOfLineFactor, localBatch,
                disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille, validationMode,
                reputationMemory);
    }

    /**
     * @param setAsidePermille the share of an update, in thousandths, the rule must discard for a round to count
     *     toward a penalty, or {@code null} to mark nobody
     * @return these rules with it
     */
    public IncentiveRules withSetAside(Integer setAsidePermille) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score, reputationScore, outOfLineFactor, localBatch,
                disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille, validationMode,
                reputationMemory);
    }

    /**
     * @param penaltyCredits the credits each streak penalty costs, or {@code null} for none
     * @param penaltyWeightPermille the weight a streak penalty leaves instead of suspending, in thousandths, or
     *     {@code null} to suspend
     * @return these rules with those effects
     */
    public IncentiveRules withPenaltyEffects(Long penaltyCredits, Integer penaltyWeightPermille) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score, reputationScore, outOfLineFactor, localBatch,
                disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille, validationMode,
                reputationMemory);
    }

    /**
     * @param reputationMemory scored rounds a reputation averages, or {@code null} for the fixed
     *     {@code (7 r + s) / 8}
     * @return these rules with it
     */
    public IncentiveRules withReputationMemory(Integer reputationMemory) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score, reputationScore, outOfLineFactor, localBatch,
                disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille, validationMode,
                reputationMemory);
    }

    /** @return the credits a streak penalty costs, 0 when the rules name none */
    public long creditCost() {
        return penaltyCredits == null ? 0 : penaltyCredits;
    }

    /** @return whether a streak penalty lowers weight instead of suspending */
    public boolean lowersWeight() {
        return penaltyWeightPermille != null;
    }

    /** @return whether a disputed proposal penalises its proposer (not when the rules say nothing) */
    public boolean penalisesDisputedProposals() {
        return Boolean.TRUE.equals(disputedProposals);
    }

    /** @return samples per local step, 1 when the rules name none */
    public int samplesPerStep() {
        return localBatch == null ? 1 : localBatch;
    }

    /** @return how a round scores reputations, {@link ReputationScore#NON_NEGATIVE_RANK} when the rules name none */
    public ReputationScore reputationScoring() {
        return reputationScore == null ? ReputationScore.NON_NEGATIVE_RANK : reputationScore;
    }

    /**
     * @param validationSetHash another validation set's hash
     * @return these rules over that set
     */
    public IncentiveRules withValidationSet(ContentHash validationSetHash) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score, reputationScore, outOfLineFactor, localBatch,
                disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille, validationMode,
                reputationMemory);
    }

    /**
     * @param validationMode whose validation data values the contributions
     * @return these rules with it, {@link ValidationMode#SHARED} stored as its absence
     */
    public IncentiveRules withValidationMode(ValidationMode validationMode) {
        return new IncentiveRules(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score, reputationScore, outOfLineFactor, localBatch,
                disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille,
                validationMode == ValidationMode.SHARED ? null : validationMode, reputationMemory);
    }

    /**
     * @return these rules valued on each organisation's private validation set
     *     ({@link ValidationMode#PRIVATE}): no shared set's hash
     */
    public IncentiveRules withPrivateValidation() {
        return new IncentiveRules(method, null, creditPerSample, negativeRoundsToSuspend, suspensionRounds,
                reputationWeights, suspendBelowPermille, score, reputationScore, outOfLineFactor, localBatch,
                disputedProposals, setAsidePermille, penaltyCredits, penaltyWeightPermille, ValidationMode.PRIVATE,
                reputationMemory);
    }

    /** @return whether each organisation values contributions on its own committed validation set */
    public boolean privateValidation() {
        return validationMode == ValidationMode.PRIVATE;
    }

    /** @return what a coalition is worth, {@link ContributionScore#CORRECT} when the rules name none */
    public ContributionScore scoring() {
        return score == null ? ContributionScore.CORRECT : score;
    }

    /**
     * @param contributors a round's number of contributors
     * @return the integer every stored value of that round is its true value (in samples, or nats) times:
     *     the method's scale times the score's unit
     */
    public long scale(int contributors) {
        return Math.multiplyExact(method.scale(contributors), scoring().unit());
    }

    /**
     * Rules in which every negative contribution counts toward suspension.
     *
     * @param method how contributions are computed
     * @param validationSetHash SHA-256 of the canonical validation set
     * @param creditPerSample contribution credit per validation sample of value
     * @param negativeRoundsToSuspend consecutive negative rounds that suspend a contributor; 0 never
     * @param suspensionRounds rounds a suspension lasts
     * @param reputationWeights whether admitted weights are scaled by reputation
     */
    public IncentiveRules(ContributionMethod method, ContentHash validationSetHash, long creditPerSample,
            int negativeRoundsToSuspend, int suspensionRounds, boolean reputationWeights) {
        this(method, validationSetHash, creditPerSample, negativeRoundsToSuspend, suspensionRounds, reputationWeights,
                null);
    }

    /**
     * Rules without penalties, valued on each organisation's private validation set
     * ({@link ValidationMode#PRIVATE}); the with-methods add the rest.
     *
     * <pre>{@code
     * IncentiveRules rules = IncentiveRules.onPrivateSets(ContributionMethod.SHAPLEY, 10).withScore(ContributionScore.LOG_LOSS);
     * }</pre>
     *
     * @param method how contributions are computed
     * @param creditPerSample contribution credit per validation sample of value
     * @return the rules
     */
    public static IncentiveRules onPrivateSets(ContributionMethod method, long creditPerSample) {
        return new IncentiveRules(method, null, creditPerSample, 0, 0, false, null, null, null, null, null, null, null,
                null, null, ValidationMode.PRIVATE, null);
    }

    /**
     * Rules without penalties.
     *
     * @param method how contributions are computed
     * @param validationSetHash SHA-256 of the canonical validation set
     * @param creditPerSample contribution credit per validation sample of value
     */
    public IncentiveRules(ContributionMethod method, ContentHash validationSetHash, long creditPerSample) {
        this(method, validationSetHash, creditPerSample, 0, 0, false, null);
    }
}
