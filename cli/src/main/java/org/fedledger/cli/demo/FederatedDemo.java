package org.fedledger.cli.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.core.aggregation.CodecKind;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ContributionMethod;
import org.fedledger.protocol.record.ContributionScore;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.DatasetBinding;
import org.fedledger.protocol.record.DpMechanism;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.ReputationScore;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.SecureTrainer;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Trainer;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.incentives.Contributions;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundDriver;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.sdk.rounds.RoundPolicy;
import org.fedledger.sdk.rounds.RoundStrategy;
import org.fedledger.sdk.verifier.VerifierService;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.Evaluation;
import org.fedledger.trainer.model.LocalModel;

/**
 * The demo: three hospitals train one model together over the ledger. Each organisation has a
 * trainer (its own data, never shared) and a verifier service; Org1 also coordinates and aggregates.
 * Every round: the coordinator opens it, the trainers start from the verified global model, train
 * locally and submit, the coordinator closes, the aggregator proposes FedAvg, and the verifier services
 * recompute and attest until the round is FINAL. The new model is evaluated on a held-out test set.
 *
 * <pre>{@code
 * try (FederatedDemo demo = FederatedDemo.start((org, user) -> connect(org, user), System.out, stateDir)) {
 *     TaskResult result = demo.run(DemoTask.breastCancer(3, 30));
 * }
 * }</pre>
 */
public final class FederatedDemo implements AutoCloseable {
    private static final int ORGS = 3;
    /** The identities that train, per organisation: cryptogen's users of the local network (User4 stays unregistered). */
    private static final List<String> TRAINER_USERS = List.of("User1", "User5", "User6");
    /** At most this many trainers per organisation. */
    public static final int MAX_TRAINERS_PER_ORG = TRAINER_USERS.size();

    private final List<LedgerConnection> connections = new ArrayList<>();
    /** The connection behind each person, for the certificate an admin registers. */
    private final Map<FedLedger, LedgerConnection> identities = new java.util.IdentityHashMap<>();
    private final FedLedger coordinator;
    private final List<FedLedger> trainers = new ArrayList<>();
    private final List<VerifierService> verifiers = new ArrayList<>();
    private final Map<String, List<VerifierService.Outcome>> outcomes = new ConcurrentHashMap<>();
    private final PrintStream out;
    private final ExecutorService sites;

    private FederatedDemo(BiFunction<Integer, String, LedgerConnection> connect, PrintStream out, Path stateDirectory,
            int trainersPerOrg) {
        this.out = Objects.requireNonNull(out, "out");
        if (trainersPerOrg < 1 || trainersPerOrg > MAX_TRAINERS_PER_ORG) {
            throw new IllegalArgumentException("trainers per organisation must be 1.." + MAX_TRAINERS_PER_ORG + ", was "
                    + trainersPerOrg);
        }
        List<FedLedger> admins = new ArrayList<>();
        List<FedLedger> verifierLedgers = new ArrayList<>();
        try {
            for (int org = 1; org <= ORGS; org++) {
                admins.add(open(connect, org, "Admin"));
                verifierLedgers.add(open(connect, org, "User2"));
            }
            // Site s is trained at organisation (s mod 3) + 1: hospitals of each organisation alternate.
            for (int k = 0; k < trainersPerOrg; k++) {
                for (int org = 1; org <= ORGS; org++) {
                    trainers.add(open(connect, org, TRAINER_USERS.get(k)));
                }
            }
            coordinator = open(connect, 1, "User3");
            // Every hospital works at once, as separate sites would.
            sites = Executors.newFixedThreadPool(trainers.size());
            register(admins.get(0), coordinator, Role.COORDINATOR, Role.AGGREGATOR, Role.AUDITOR);
            for (int i = 0; i < trainers.size(); i++) {
                register(admins.get(i % ORGS), trainers.get(i), Role.TRAINER);
            }
            for (int i = 0; i < ORGS; i++) {
                register(admins.get(i), verifierLedgers.get(i), Role.VERIFIER);
            }
        } catch (RuntimeException e) {
            // What was connected so far is closed, so that a ledger shared by these connections closes too.
            connections.forEach(LedgerConnection::close);
            throw e;
        }
        this.verifierLedgers = verifierLedgers;
        this.connect = connect;
        this.stateDirectory = stateDirectory;
        this.admins = admins;
    }

    /** Each organisation's admin, which names its hospital's dataset with a privacy budget. */
    private final List<FedLedger> admins;
    /** Differential privacy of the tasks run from now on; null for none. */
    private DemoPrivacy privacy;

    /**
     * Makes every task run from now on keep a privacy budget per hospital on the ledger and train with
     * local DP-SGD: each task must then be built with {@link DemoPrivacy#dpSgd} of
     * {@code privacy.mechanism(rounds)} (as {@code fedledger demo --dp-epsilon} does).
     *
     * <pre>{@code
     * demo.privacy(new DemoPrivacy("8", "0.00001"));
     * }</pre>
     *
     * @param privacy each hospital's budget
     * @return this demo
     * @throws IllegalArgumentException with more than one hospital per organisation (one dataset each)
     */
    public FederatedDemo privacy(DemoPrivacy privacy) {
        if (trainers.size() != ORGS) {
            throw new IllegalArgumentException("differential privacy needs one hospital per organisation (one dataset"
                    + " each), not " + trainers.size() / ORGS);
        }
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        return this;
    }

    private final List<FedLedger> verifierLedgers;
    private final Path stateDirectory;
    /** The hospital (1-based) that stops answering, and from which round on; 0 = every hospital answers. */
    private int silentHospital;
    private int silentFrom;
    /** The rule of the tasks this demo creates. */
    private RuleSpec rule = RuleSpec.of(RuleName.FEDAVG);
    /** The secure aggregation threshold of the tasks this demo creates; 0 for none. */
    private int secureThreshold;
    /** Per task, each site's secure trainer (keys kept for the task's life); empty unless secure. */
    private final Map<String, List<SecureTrainer>> secureTrainers = new ConcurrentHashMap<>();
    /** The attack the last {@link #attackers} hospitals make; none when 0. */
    private Attack attack = Attack.SIGN_FLIP;
    private int attackers;
    /** The incentive rules of the tasks run from now on, the validation set left out; none when empty. */
    private Optional<IncentiveRules> incentives = Optional.empty();
    /** Single-thread contribution times of the rounds run so far, milliseconds. */
    private final List<Long> contributionMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Each incentives task's validation set, by task id, for the verifier services. */
    private final Map<String, ValidationSet> validationSets = new ConcurrentHashMap<>();

    /** How long the coordinator waits for the last update when a hospital is known to fall silent. */
    static final Duration SILENT_COLLECT = Duration.ofSeconds(5);

    /**
     * Makes hospital {@code hospital} (1-based) stop answering from round {@code fromRound} on, as a
     * member whose machine went down: its organisation's verifier keeps running, the task needs one
     * update fewer than it has hospitals, and the coordinator closes each round with the updates that
     * arrived within {@link #SILENT_COLLECT}.
     *
     * @return this demo
     */
    public FederatedDemo silentHospital(int hospital, int fromRound) {
        if (hospital < 1 || hospital > trainers.size()) {
            throw new IllegalArgumentException("--silent-hospital must be 1.." + trainers.size() + ", was " + hospital);
        }
        if (fromRound < 1) {
            throw new IllegalArgumentException("--silent-from must be at least 1, was " + fromRound);
        }
        this.silentHospital = hospital;
        this.silentFrom = fromRound;
        return this;
    }

    /**
     * Sets the aggregation rule of the tasks run from now on (FedAvg unless set).
     *
     * <pre>{@code
     * demo.rule(RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of("scale_bits", "24")));
     * }</pre>
     *
     * @param rule the rule and its parameters
     * @return this demo
     */
    public FederatedDemo rule(RuleSpec rule) {
        this.rule = java.util.Objects.requireNonNull(rule, "rule");
        return this;
    }

    /** How each person of an organisation connects. */
    private final BiFunction<Integer, String, LedgerConnection> connect;
    /** Each organisation's aggregator of a hierarchical task, Org1's first; connected on first use. */
    private List<FedLedger> organisationAggregators;

    /**
     * The aggregators that publish each organisation's partial sum in a hierarchical task: Org1's is the
     * coordinator; Org2's and Org3's are their {@code User7}, whose admins add the aggregator role to
     * whatever roles they hold. Each organisation's verifier service attests its partial sums.
     */
    private List<FedLedger> organisationAggregators() {
        if (organisationAggregators == null) {
            List<FedLedger> out = new ArrayList<>(List.of(coordinator));
            for (int org = 2; org <= ORGS; org++) {
                FedLedger aggregator = open(connect, org, "User7");
                FedLedger admin = admins.get(org - 1);
                var me = aggregator.whoAmI();
                if (!me.registered()) {
                    register(admin, aggregator, Role.AGGREGATOR);
                } else if (!me.roles().contains(Role.AGGREGATOR.wireName())) {
                    java.util.Set<Role> roles = new java.util.TreeSet<>();
                    me.roles().forEach(r -> Role.fromWireName(r).ifPresent(roles::add));
                    roles.add(Role.AGGREGATOR);
                    admin.admin().changeRoles(me.id(), roles.toArray(new Role[0]));
                }
                out.add(aggregator);
            }
            organisationAggregators = List.copyOf(out);
        }
        return organisationAggregators;
    }

    /**
     * A hierarchical round's middle step: each organisation's aggregator, in parallel, publishes the exact
     * partial sum of its hospitals' internal updates; its own verifier service recomputes and attests it.
     */
    private void publishPartialSums(String taskId, int round) throws Exception {
        List<Future<?>> published = new ArrayList<>();
        for (FedLedger aggregator : organisationAggregators()) {
            published.add(sites.submit(() -> aggregator.aggregator(taskId).publishPartialSum(round)));
        }
        for (Future<?> f : published) {
            f.get();
        }
    }

    /**
     * Runs the tasks created from now on with secure aggregation: each hospital masks its update, reveals
     * after the close, and only the sum is unmasked (docs/privacy.md section 2). Needs {@code exact_fedavg}.
     *
     * <pre>{@code
     * demo.rule(RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of("scale_bits", "24"))).secureAggregation(2);
     * }</pre>
     *
     * @param threshold shares that recover a secret, at least 2
     * @return this demo
     */
    public FederatedDemo secureAggregation(int threshold) {
        if (threshold < 2 || threshold > trainers.size()) {
            throw new IllegalArgumentException("the secure aggregation threshold must be 2.." + trainers.size()
                    + ", was " + threshold);
        }
        this.secureThreshold = threshold;
        return this;
    }

    /**
     * Makes the last {@code attackers} hospitals hostile: from the first round on, each sends what
     * {@code attack} makes of its round instead of its honest update (issue 24's attack suite).
     *
     * <pre>{@code
     * demo.attack(Attack.SIGN_FLIP, 2); // hospitals 8 and 9 of 9 flip their updates
     * }</pre>
     *
     * @param attack the attack
     * @param attackers how many hospitals make it, 0 (none) to fewer than the hospitals
     * @return this demo
     */
    public FederatedDemo attack(Attack attack, int attackers) {
        if (attackers < 0 || attackers >= trainers.size()) {
            throw new IllegalArgumentException("--attackers must be 0.." + (trainers.size() - 1) + ", was " + attackers);
        }
        this.attack = Objects.requireNonNull(attack, "attack");
        this.attackers = attackers;
        return this;
    }

    /**
     * Runs the tasks from now on with incentives (issue 24): every tenth sample of each hospital's data
     * becomes the task's shared validation set (committed by hash), every verifier computes each
     * round's exact Shapley contributions on it and attests them with the model, and the ledger writes
     * credits, reputation and penalties. Call before the first task: the verifier services start with it.
     *
     * <pre>{@code
     * demo.incentives(3, 5, true);   // three negative rounds in a row suspend a hospital for five rounds
     * }</pre>
     *
     * @param negativeRoundsToSuspend consecutive negative rounds that suspend a hospital; 0 never
     * @param suspensionRounds rounds a suspension lasts
     * @param reputationWeights whether each round's close scales a hospital's weight by its reputation
     * @return this demo
     */
    public FederatedDemo incentives(int negativeRoundsToSuspend, int suspensionRounds, boolean reputationWeights) {
        return incentives(negativeRoundsToSuspend, suspensionRounds, reputationWeights, null, ContributionScore.CORRECT,
                ReputationScore.NON_NEGATIVE_RANK);
    }

    /**
     * As {@link #incentives(int, int, boolean)}, counting toward suspension only the negative
     * contributions of at least {@code suspendBelowPermille} thousandths of their round's total absolute
     * contribution, with coalitions worth what {@code score} says (correct validation samples, or the
     * validation loss, which moves with every sample's probability) and each round scoring reputations as
     * {@code reputationScore} says.
     *
     * @param negativeRoundsToSuspend consecutive negative rounds that suspend a hospital; 0 never
     * @param suspensionRounds rounds a suspension lasts
     * @param reputationWeights whether each round's close scales a hospital's weight by its reputation
     * @param suspendBelowPermille the threshold, or {@code null} to count every negative contribution
     * @param score what a coalition is worth on the validation set
     * @param reputationScore how a round scores each hospital's reputation
     * @return this demo
     */
    public FederatedDemo incentives(int negativeRoundsToSuspend, int suspensionRounds, boolean reputationWeights,
            Integer suspendBelowPermille, ContributionScore score, ReputationScore reputationScore) {
        if (!verifiers.isEmpty()) {
            throw new IllegalStateException("incentives are set before the first task");
        }
        this.incentives = Optional.of(new IncentiveRules(ContributionMethod.SHAPLEY, ContentHash.of(new byte[0]), 1,
                negativeRoundsToSuspend, suspensionRounds, reputationWeights, suspendBelowPermille).withScore(score)
                .withReputationScore(reputationScore));
        return this;
    }

    /**
     * Makes each hospital's reputation the mean of its round scores until it has {@code rounds} of them, then
     * an average in which each round weighs {@code 1 / rounds} (the rules' {@code reputationMemory}). Needs
     * incentives set first.
     *
     * @param rounds the memory, 2 to 1,000,000 rounds
     * @return this demo
     */
    public FederatedDemo reputationMemory(int rounds) {
        if (incentives.isEmpty() || !verifiers.isEmpty()) {
            throw new IllegalStateException("the reputation memory is set after incentives and before the first task");
        }
        this.incentives = Optional.of(incentives.get().withReputationMemory(rounds));
        return this;
    }

    /**
     * Marks, in every round of the next tasks, the hospitals whose update's norm per local step (the
     * task's mini-batches in the samples it declared) is more than {@code factor} times the round's median
     * or less than the median divided by it: they score below every other hospital (the rules'
     * {@code outOfLineFactor}, with the task's mini-batch as {@code localBatch}). Needs incentives set
     * first and a rule that records update norms ({@code clip_norm}).
     *
     * @param factor the factor, at least 2
     * @return this demo
     */
    public FederatedDemo outOfLine(int factor) {
        if (incentives.isEmpty() || !verifiers.isEmpty()) {
            throw new IllegalStateException("the out-of-line factor is set after incentives and before the first task");
        }
        this.incentives = Optional.of(incentives.get().withOutOfLine(factor, null));
        return this;
    }

    /**
     * Sets, for the next tasks, what else a round counts toward a penalty and what a penalty does: a round
     * in which the rule excluded a hospital's update or discarded at least {@code setAsidePermille}
     * thousandths of it extends its streak; a penalty costs {@code penaltyCredits} and, with
     * {@code penaltyWeightPermille}, lowers the hospital's weight to that many thousandths for the
     * suspension's rounds instead of suspending it. Needs incentives set first.
     *
     * @param setAsidePermille the share of an update the rule must discard, or {@code null} for none
     * @param penaltyCredits the credits a penalty costs, or {@code null} for none
     * @param penaltyWeightPermille the weight a penalty leaves, in thousandths, or {@code null} to suspend
     * @return this demo
     */
    public FederatedDemo penalties(Integer setAsidePermille, Long penaltyCredits, Integer penaltyWeightPermille) {
        if (incentives.isEmpty() || !verifiers.isEmpty()) {
            throw new IllegalStateException("penalty rules are set after incentives and before the first task");
        }
        this.incentives = Optional.of(incentives.get().withSetAside(setAsidePermille)
                .withPenaltyEffects(penaltyCredits, penaltyWeightPermille));
        return this;
    }

    /**
     * Values the contributions of the next tasks on each organisation's private validation set (the rules'
     * {@code validationMode: PRIVATE}): each organisation's verifier commits the samples carved from its own
     * hospitals by hash before round 1 and values every round on them; a round's contributions are the
     * median of the agreeing organisations' vectors. Needs incentives set first.
     *
     * @return this demo
     */
    public FederatedDemo privateValidation() {
        if (incentives.isEmpty() || !verifiers.isEmpty()) {
            throw new IllegalStateException("private validation sets are set after incentives and before the first task");
        }
        this.incentives = Optional.of(incentives.get().withPrivateValidation());
        return this;
    }

    /** @return whether penalties may suspend hospitals, so that rounds take fewer updates than there are hospitals */
    private boolean suspending() {
        return incentives.map(r -> r.negativeRoundsToSuspend() > 0 && !r.lowersWeight()).orElse(false);
    }

    private boolean hostile(int site) {
        return site >= trainers.size() - attackers;
    }

    private boolean answers(int site, int round) {
        return silentHospital == 0 || site + 1 != silentHospital || round < silentFrom;
    }

    /** The set organisation {@code org} (0-based) values {@code taskId} on: the shared one, or its own part. */
    private ValidationSet validationSetOf(String taskId, int org) {
        ValidationSet shared = validationSets.get(taskId);
        return incentives.orElseThrow().privateValidation() ? shared.ofOrganisation(org, ORGS) : shared;
    }

    /** Starts each organisation's verifier service at {@code block}, unless they run already. */
    private void startVerifiers(long block) {
        if (!verifiers.isEmpty()) {
            return;
        }
        for (int org = 0; org < verifierLedgers.size(); org++) {
            FedLedger v = verifierLedgers.get(org);
            String msp = v.whoAmI().msp();
            int mine = org;
            RoundStrategy strategy = incentives.isEmpty() ? RoundStrategy.standard()
                    : RoundStrategy.scoring(taskId -> validationSetOf(taskId, mine).scorer());
            verifiers.add(VerifierService.start(v, stateDirectory.resolve("verifier-" + msp), block,
                    o -> outcomes.computeIfAbsent(key(o), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(o),
                    strategy));
        }
    }

    /**
     * Connects the consortium's people, registers them, and starts a verifier service per organisation.
     *
     * @param connect how person {@code user} of organisation {@code org} (1..3) connects
     * @param out where progress goes
     * @param stateDirectory where the verifier services keep their checkpoints
     */
    public static FederatedDemo start(BiFunction<Integer, String, LedgerConnection> connect, PrintStream out,
            Path stateDirectory) {
        return new FederatedDemo(connect, out, stateDirectory, 1);
    }

    /**
     * As {@link #start(BiFunction, PrintStream, Path)}, with {@code trainersPerOrg} trainers (sites) in each
     * organisation: the tasks must then be split into {@code 3 * trainersPerOrg} sites.
     */
    public static FederatedDemo start(BiFunction<Integer, String, LedgerConnection> connect, PrintStream out,
            Path stateDirectory, int trainersPerOrg) {
        return new FederatedDemo(connect, out, stateDirectory, trainersPerOrg);
    }

    private FedLedger open(BiFunction<Integer, String, LedgerConnection> connect, int org, String user) {
        LedgerConnection c = connect.apply(org, user);
        connections.add(c);
        FedLedger ledger = FedLedger.over(c);
        identities.put(ledger, c);
        return ledger;
    }

    private void register(FedLedger admin, FedLedger member, Role... roles) {
        if (!member.whoAmI().registered()) {
            member.membership().requestRoles(roles);
            admin.admin().register(identities.get(member).identity().certificatePem(), roles);
        }
    }

    private static String key(VerifierService.Outcome o) {
        if (o instanceof VerifierService.Outcome.Attested a) {
            return a.taskId() + "/" + a.round();
        } else if (o instanceof VerifierService.Outcome.AlreadyAttested a) {
            return a.taskId() + "/" + a.round();
        } else if (o instanceof VerifierService.Outcome.ClosedOverdue c) {
            return c.taskId() + "/" + c.round();
        } else if (o instanceof VerifierService.Outcome.Resolved r) {
            return r.taskId() + "/" + r.round();
        } else if (o instanceof VerifierService.Outcome.Failed f) {
            return f.taskId() + "/" + f.round();
        } else if (o instanceof VerifierService.Outcome.PartialSumAttested p) {
            return p.taskId() + "/" + p.round();
        }
        return "";
    }

    /**
     * Runs one task to its last round and compares it with the centralised reference.
     *
     * @throws AwaitTimeoutException when a round does not become final within a minute
     */
    public TaskResult run(DemoTask spec) throws Exception {
        String taskId = spec.name() + "-" + UUID.randomUUID().toString().substring(0, 6);
        if (incentives.isPresent()) {
            ValidationSet validation = ValidationSet.carve(spec.sites(), spec.model());
            validationSets.put(taskId, validation);
            spec = new DemoTask(spec.name(), spec.description(), validation.training(), spec.test(), spec.model(),
                    spec.reference(), spec.rounds(), spec.localEpochs(), spec.localBatch(), spec.tolerance(), spec.scaling(),
                    spec.reader(), spec.seed());
        }
        List<LocalModel> models = new ArrayList<>();
        for (int k = 0; k < spec.sites().size(); k++) {
            models.add(spec.model().apply(k));
        }
        long samples = spec.sites().stream().mapToLong(Dataset::size).sum();
        if (spec.sites().size() != trainers.size()) {
            throw new IllegalArgumentException("the task has " + spec.sites().size() + " sites but the consortium "
                    + trainers.size() + " trainers");
        }
        out.printf("%n== %s: %s ==%n", taskId, spec.description());
        for (int k = 0; k < spec.sites().size(); k++) {
            out.printf("   hospital %d (Org%dMSP): %d training samples, per class %s%n", k + 1, k % ORGS + 1,
                    spec.sites().get(k).size(), java.util.Arrays.toString(spec.sites().get(k).classCounts()));
        }
        out.printf("   held-out test set: %d samples; %d rounds of %d local epoch(s); %d training samples in all%n",
                spec.test().size(), spec.rounds(), spec.localEpochs(), samples);
        if (attackers > 0) {
            out.printf("   hospitals %d..%d are hostile: %s each round instead of their honest update%n",
                    trainers.size() - attackers + 1, trainers.size(), attack.optionName());
        }
        if (silentHospital != 0) {
            out.printf("   hospital %d falls silent from round %d on; the task needs %d of %d updates, and the coordinator"
                    + " closes a round with what arrived within %d s%n", silentHospital, silentFrom,
                    spec.sites().size() - 1, spec.sites().size(), SILENT_COLLECT.toSeconds());
        }
        UpdateCodec codec = rule.codec();
        if (codec.kind() != CodecKind.FLOAT32) {
            ModelSchema schema = models.get(0).weights().schema();
            long float32 = ModelCodec.encodedSize(schema);
            long coded = codec.encodedSize(schema);
            out.printf("   updates in %s: %d bytes each (float32: %d bytes; %.2fx fewer), summed exactly by %s%n",
                    codec.name(), coded, float32, (double) float32 / coded, rule.rule().wireName());
        }

        TaskDefinition.Builder builder = TaskDefinition.builder(taskId, models.get(0).weights())
                .rule(rule)
                .updates(silentHospital == 0 && !suspending() ? spec.sites().size()
                        : suspending() ? Math.max(2, rule.rule().minimumInputs(rule)) : spec.sites().size() - 1,
                        spec.sites().size())
                .attestationQuorum(2).roundDuration(Duration.ofMinutes(10)).maxSamples(1_000_000)
                .maxPayloadBytes(16L * 1024 * 1024).allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP");
        if (rule.hierarchical()) {
            // A partial sum weighs each update by its samples: no organisation bound can reweigh it.
            builder.maxOrgSharePercent(100);
            out.printf("   hierarchical: each hospital's update stays in its organisation; each organisation publishes"
                    + " the exact %s of its %d hospitals' updates, attested by its verifier (%d public partial sums"
                    + " a round instead of %d updates)%n", rule.orgMedian() ? "coordinate-wise median (times their"
                    + " samples)" : "sum", trainers.size() / ORGS, ORGS, trainers.size());
        }
        if (privacy != null) {
            DpMechanism mechanism = privacy.mechanism(spec.rounds());
            List<DatasetBinding> datasets = new ArrayList<>();
            for (int org = 1; org <= ORGS; org++) {
                admins.get(org - 1).privacy().createDataset(taskId, privacy.plainEpsilon(), privacy.plainDelta());
                datasets.add(new DatasetBinding("Org" + org + "MSP", taskId));
            }
            builder.differentialPrivacy(mechanism, datasets.toArray(new DatasetBinding[0]));
            out.printf("   differential privacy: each hospital's data is a dataset with budget epsilon %s at delta %s"
                    + " on the ledger; local DP-SGD with noise multiplier %s, sampling rate %s, %d steps per round,"
                    + " clip norm %s%n", privacy.plainEpsilon(), privacy.plainDelta(), mechanism.noiseMultiplier(),
                    mechanism.samplingRate(), mechanism.stepsPerRound(), mechanism.clipNorm());
        }
        if (secureThreshold > 0) {
            builder.secureAggregation(secureThreshold);
            out.printf("   secure aggregation, threshold %d: each hospital's update is masked; only the sum is"
                    + " unmasked%n", secureThreshold);
        }
        if (incentives.isPresent()) {
            ValidationSet validation = validationSets.get(taskId);
            IncentiveRules r = incentives.get();
            // Steps are counted in the task's own mini-batches: its training plan, which every hospital follows.
            builder.incentives((r.privateValidation() ? r : r.withValidationSet(validation.hash()))
                    .withOutOfLine(r.outOfLineFactor(), r.outOfLineFactor() == null ? null : spec.localBatch()));
            String sets = !r.privateValidation() ? String.format("a validation set of %d samples (every %dth of each"
                    + " hospital's, committed as %s)", validation.size(), ValidationSet.EVERY,
                    validation.hash().hex().substring(0, 12)) : String.format("each organisation's private validation"
                    + " set (every %dth sample of its own hospitals': %s samples, committed by hash before round 1;"
                    + " a round's contributions are the median of the organisations')", ValidationSet.EVERY,
                    String.join("/", java.util.stream.IntStream.range(0, ORGS).mapToObj(o -> String.valueOf(
                            validation.ofOrganisation(o, ORGS).size())).toList()));
            out.printf("   incentives: exact Shapley contributions (%s) on %s, credits, reputation%s; %s%n",
                    r.scoring() == ContributionScore.LOG_LOSS ? "on its loss" : "on its correct samples", sets,
                    (r.reputationScoring() == ReputationScore.RANK
                            ? " (each round's rank, a suspended hospital last)" : r.reputationScoring()
                            == ReputationScore.SHARE ? " (each round's share of its total absolute contribution)" : "")
                            + (r.reputationMemory() == null ? "" : " averaged over " + r.reputationMemory() + " rounds")
                            + (r.outOfLineFactor() == null
                            ? "" : ", an update out of line by more than " + r.outOfLineFactor() + "x the round's"
                            + " median norm per local step (" + spec.localBatch() + " samples) scored last"), r.negativeRoundsToSuspend() == 0 ? "no suspension"
                            : r.negativeRoundsToSuspend() + " negative rounds in a row" + (r.suspendBelowPermille()
                                    == null ? "" : " (each at least " + r.suspendBelowPermille() + "/1000 of the"
                                    + " round's total)") + (r.setAsidePermille() == null ? "" : " or set aside by the"
                                    + " rule (excluded, or at least " + r.setAsidePermille() + "/1000 discarded)")
                                    + (r.lowersWeight() ? " lower a hospital's weight to " + r.penaltyWeightPermille()
                                            + "/1000 for " : " suspend a hospital for ") + r.suspensionRounds()
                                    + " rounds" + (r.penaltyCredits() == null ? "" : " and cost it "
                                            + r.penaltyCredits() + " credits") + (r.reputationWeights()
                                            ? "; weights scaled by reputation" : ""));
        }
        TaskDefinition definition = builder.build();
        // The verifier services follow the ledger from the demo's first task on.
        startVerifiers(coordinator.coordinator().createTask(definition).blockNumber());
        if (incentives.isPresent() && incentives.get().privateValidation()) {
            // Each organisation commits its own set before round 1 opens, so that it values every round.
            for (int org = 0; org < ORGS; org++) {
                verifierLedgers.get(org).verifier(taskId).commitValidationSet(validationSetOf(taskId, org).scorer());
            }
        }
        if (secureThreshold > 0) {
            SecureRandom random = new SecureRandom();
            List<SecureTrainer> secure = new ArrayList<>();
            for (FedLedger t : trainers) {
                secure.add(t.secureTrainer(taskId, MaskingKeys.generate(random)));
            }
            secure.forEach(SecureTrainer::registerKeys);
            secure.forEach(SecureTrainer::shareKey);
            secureTrainers.put(taskId, secure);
        }

        out.printf("%5s %9s %8s %8s %9s %9s %9s %9s  %s%s%n", "round", "accuracy", "loss", "updates", "round ms",
                "train ms", "ledger ms", "verify ms", "verdicts", privacy == null ? "" : "  epsilon");
        List<RoundResult> results = new ArrayList<>();
        LocalModel evaluator = spec.model().apply(0);
        Progress progress = Progress.onTerminal(spec.name(), spec.rounds());
        progress.step(0);
        for (int round = 1; round <= spec.rounds(); round++) {
            // A pipelined round's model is FINAL with the next round's proposal: its line comes one round later.
            for (RoundResult r : round(spec, taskId, round, models, evaluator)) {
                results.add(r);
                progress.clear();
                out.printf("%5d %9.4f %8.4f %8d %9d %9d %9d %9d  %s%s%n", r.round(), r.accuracy(), r.loss(),
                        r.updates(), r.roundMillis(), r.trainingMillis(), r.ledgerMillis(), r.verificationMillis(),
                        r.verdicts(), privacy == null ? "" : "  " + epsilonAfter.remove(taskId + "/" + r.round()));
                if (incentives.isPresent()) {
                    printIncentives(taskId, r.round());
                }
                progress.step(r.round());
            }
        }
        progress.clear();

        double centralised = spec.centralisedAccuracy();
        TaskResult result = new TaskResult(taskId, spec.description(), results, centralised, spec.tolerance(),
                audit(taskId));
        if (incentives.isPresent()) {
            List<Long> sorted = contributionMillis.stream().sorted().toList();
            out.printf("   contributions per round on one thread: median %d ms, max %d ms over %d rounds%n",
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
            contributionMillis.clear();
            for (CreditRecord c : coordinator.incentives().credits(taskId)) {
                out.printf("   hospital %d (%s): data credit %d, contribution credit %d%s over %d rounds; reputation %d%n",
                        hospital(c.contributor()), c.msp(), c.dataCredit(), c.contributionCredit(),
                        c.penaltyCredit() == null ? "" : ", penalties cost " + c.penaltyCredit(), c.rounds(),
                        coordinator.incentives().reputation(c.contributor()).reputation());
            }
        }
        out.printf("   federated %.4f vs centralised %.4f (all data pooled): %s the bar (centralised - %.0f points)%n",
                result.federatedAccuracy(), centralised, result.meetsQualityBar() ? "meets" : "MISSES",
                spec.tolerance() * 100);
        return result;
    }

    /**
     * Issue 25's straggler scenario on this consortium: every hospital trains again and again, each
     * local training followed by a pause of {@code pause} (standing for a busier machine), {@code
     * slowdown} times longer for the last {@code stragglers} hospitals, until a global model reaches
     * {@code bar} on the test set or {@code limit} has passed. Synchronous: every round waits for every
     * hospital. Buffered: the task's rule is FedAvg with {@code max_staleness}, a buffer closes (with its
     * proposal) as soon as it holds {@code buffer} updates, and a straggler's update, trained from an
     * older model, is rebased onto the buffer's base and weighed down by its staleness, or goes to a
     * later buffer ({@link org.fedledger.sdk.Trainer#submitBuffered}). Buffers are pipelined: a full buffer's
     * proposal opens the next buffer on its output ({@link RoundDriver#pipeline}), and the next proposal makes
     * it FINAL once the organisations' verifier services agreed. Synchronous rounds are not pipelined here: each
     * round waits for its FINAL model before the next one opens.
     *
     * @param spec the task (its sites are the hospitals)
     * @param buffered buffered rounds, or synchronous ones
     * @param stragglers how many of the last hospitals are slow
     * @param pause each fast hospital's pause after local training
     * @param slowdown how many times longer a straggler pauses
     * @param buffer updates per buffer (buffered only)
     * @param maxStaleness the buffered task's {@code max_staleness}
     * @param bar the accuracy that ends the run
     * @param limit the longest the run goes on
     * @return every global model with its accuracy and time, and whether the task's audit passed
     * @throws Exception when a round does not become final or a hospital's loop fails
     */
    public StragglerRun runStragglers(DemoTask spec, boolean buffered, int stragglers, Duration pause, int slowdown,
            int buffer, int maxStaleness, double bar, Duration limit) throws Exception {
        int n = spec.sites().size();
        if (n != trainers.size() || stragglers < 0 || stragglers >= n || slowdown < 1 || buffer < 2 || buffer > n) {
            throw new IllegalArgumentException("the scenario needs one site per trainer (" + trainers.size() + "),"
                    + " fewer stragglers than hospitals, a slowdown of at least 1 and a buffer of 2.." + n);
        }
        String mode = buffered ? "buffered" : "sync";
        String taskId = spec.name() + "-" + mode + "-" + UUID.randomUUID().toString().substring(0, 6);
        List<LocalModel> models = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            models.add(spec.model().apply(k));
        }
        int perRound = buffered ? buffer : n;
        RuleSpec taskRule = buffered ? RuleSpec.of(RuleName.FEDAVG, Map.of(RuleSpec.MAX_STALENESS,
                String.valueOf(maxStaleness))) : RuleSpec.of(RuleName.FEDAVG);
        TaskDefinition definition = TaskDefinition.builder(taskId, models.get(0).weights()).rule(taskRule)
                .updates(perRound, perRound).attestationQuorum(2).roundDuration(Duration.ofMinutes(10))
                .maxSamples(1_000_000).maxOrgSharePercent(100).maxPayloadBytes(16L * 1024 * 1024)
                .allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP").build();
        startVerifiers(coordinator.coordinator().createTask(definition).blockNumber());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService hospitals = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "straggler-scenario");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> loops = new ArrayList<>();
        RoundDriver driver = RoundDriver.of(coordinator, taskId, RoundPolicy.expecting(perRound).collectFor(limit)
                .decideWithin(Duration.ofMinutes(1)));
        List<StragglerRun.GlobalModel> made = new ArrayList<>();
        LocalModel evaluator = spec.model().apply(0);
        out.printf("%6s %7s %9s %8s %8s %8s %6s%n", "mode", "version", "accuracy", "loss", "ms", "updates", "stale");
        long t0 = System.nanoTime();
        RoundRecord open = driver.open();
        for (int k = 0; k < n; k++) {
            int site = k;
            Duration wait = k >= n - stragglers ? pause.multipliedBy(slowdown) : pause;
            loops.add(hospitals.submit(() -> {
                hospitalLoop(spec, taskId, site, models.get(site), wait, buffered, stop);
                return null;
            }));
        }
        long finalVersion = 0;
        java.util.Set<Integer> onProposals = new java.util.HashSet<>();
        try {
            while (true) {
                VerifiedModel global;
                if (buffered) {
                    // Pipelined: the full buffer's proposal opens the next buffer on its output and makes the
                    // buffer before it FINAL, so the hospitals never wait for a buffer while one is verified.
                    open = driver.pipeline(open.round());
                    long version = coordinator.auditor().task(taskId).currentVersion();
                    if (open.baseVersion() > version) {
                        onProposals.add(open.round());
                    }
                    if (version == finalVersion) {
                        continue; // the first buffer's proposal: nothing FINAL yet
                    }
                    finalVersion = version;
                    global = coordinator.auditor().verifiedModel(taskId, version);
                } else {
                    RoundRecord closed = driver.collect(open.round());
                    driver.propose(closed.round());
                    global = driver.advance(closed.round()).model().orElseThrow(
                            () -> new IllegalStateException("round " + closed.round() + " of task '" + taskId
                                    + "' did not become final"));
                    open = coordinator.auditor().round(taskId, closed.round() + 1);
                }
                long millis = millis(System.nanoTime() - t0);
                evaluator.setWeights(global.model());
                Evaluation evaluation = evaluator.evaluate(spec.test());
                double accuracy = evaluation.accuracy();
                RoundRecord decided = coordinator.auditor().round(taskId, global.record().round());
                int stale = (int) coordinator.auditor().updates(taskId, decided.round()).stream()
                        .filter(u -> u.baseVersion() < decided.baseVersion()
                                && decided.accepted().stream().anyMatch(a -> a.contributor().equals(u.contributor())))
                        .count();
                made.add(new StragglerRun.GlobalModel(global.version(), accuracy, evaluation.loss(), millis,
                        decided.accepted().size(), stale, global.record().hash(), onProposals.contains(decided.round())));
                out.printf("%6s %7d %9.4f %8.4f %8d %8d %6d%n", mode, global.version(), accuracy, evaluation.loss(),
                        millis, decided.accepted().size(), stale);
                for (Future<?> loop : loops) {
                    if (loop.isDone()) {
                        loop.get(); // a hospital's loop ends only by failing while the run goes on
                    }
                }
                if (accuracy >= bar || millis >= limit.toMillis()) {
                    stop.set(true);
                    hospitals.shutdownNow();
                    if (buffered) {
                        driver.awaitDecision(open.round() - 1); // the last proposal, left to its verifiers
                    }
                    return new StragglerRun(taskId, mode, made, audit(taskId));
                }
            }
        } finally {
            stop.set(true);
            hospitals.shutdownNow();
        }
    }

    /** One hospital of the straggler scenario: trains, pauses and submits until the run stops. */
    private void hospitalLoop(DemoTask spec, String taskId, int site, LocalModel local, Duration wait,
            boolean buffered, java.util.concurrent.atomic.AtomicBoolean stop) throws InterruptedException {
        Trainer trainer = trainers.get(site).trainer(taskId);
        int last = 0;
        while (!stop.get()) {
            try {
                if (buffered) {
                    VerifiedModel from = trainer.currentModel();
                    local.setWeights(from.model());
                    long used = local.train(spec.sites().get(site), spec.localEpochs());
                    Thread.sleep(wait.toMillis());
                    trainer.submitBuffered(from, local.weights(), used, Duration.ofMinutes(5));
                } else {
                    RoundRecord round = trainer.awaitOpenRound(Duration.ofMinutes(5));
                    if (round.round() <= last) {
                        Thread.sleep(20); // this hospital already answered the open round
                        continue;
                    }
                    last = round.round();
                    trainer.trainRound(round.round(), global -> {
                        local.setWeights(global);
                        long used = local.train(spec.sites().get(site), spec.localEpochs());
                        try {
                            Thread.sleep(wait.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new LocalTraining.Result(local.weights(), used);
                    });
                }
            } catch (ContractRefusedException e) {
                if (e.code() != ErrorCode.STALE_BASE_MODEL) {
                    throw e;
                }
                // Trained from a model further behind than max_staleness: train again from the current one.
            } catch (RuntimeException e) {
                if (!stop.get()) {
                    throw e;
                }
            }
        }
    }

    /**
     * Each hospital's reputation on the ledger now, as the demo prints it after an incentives task. A
     * reputation follows its hospital across tasks: after this demo's first task it is that task's.
     *
     * <pre>{@code
     * TaskResult result = demo.run(task);
     * boolean ranked = Ranking.attackersBelowHonest(demo.reputations(), 2);
     * }</pre>
     *
     * @return hospital 1's reputation first, in millionths ({@link org.fedledger.protocol.record.ReputationRecord#MAX})
     */
    public List<Long> reputations() {
        return trainers.stream().map(t -> coordinator.incentives().reputation(t.whoAmI().id()).reputation()).toList();
    }

    /**
     * The agreed contributions of each FINAL round of a task run with incentives, in round order: per
     * round, hospital 1's value first, in the vector's units ({@code null} for a hospital not in the round).
     *
     * <pre>{@code
     * TaskResult result = demo.run(task);
     * List<List<Long>> values = demo.agreedContributions(result.audit().taskId());
     * }</pre>
     *
     * @param taskId the task
     * @return one list per round with agreed contributions
     */
    public List<List<Long>> agreedContributions(String taskId) {
        List<List<Long>> rounds = new ArrayList<>();
        int latest = coordinator.auditor().task(taskId).lastRound();
        for (int round = 1; round <= latest; round++) {
            coordinator.incentives().agreed(taskId, round).ifPresent(agreed -> {
                List<Long> byHospital = new ArrayList<>(java.util.Collections.nCopies(trainers.size(), (Long) null));
                for (int i = 0; i < agreed.contributions().contributors().size(); i++) {
                    byHospital.set(hospital(agreed.contributions().contributors().get(i)) - 1,
                            agreed.contributions().values().get(i));
                }
                rounds.add(byHospital);
            });
        }
        return rounds;
    }

    /**
     * The hospitals each FINAL round of a task run with incentives marked out of line, in round order
     * (the rounds of {@link #agreedContributions}): per round, the hospitals' numbers, 1 first.
     *
     * @param taskId the task
     * @return one list per round with agreed contributions
     */
    public List<List<Integer>> outOfLineHospitals(String taskId) {
        List<List<Integer>> rounds = new ArrayList<>();
        int latest = coordinator.auditor().task(taskId).lastRound();
        for (int round = 1; round <= latest; round++) {
            coordinator.incentives().agreed(taskId, round).ifPresent(agreed -> rounds.add(agreed.outOfLine() == null
                    ? List.of() : agreed.outOfLine().stream().map(this::hospital).sorted().toList()));
        }
        return rounds;
    }

    /**
     * One line per round: each hospital's agreed Shapley value (validation samples or nats) and its
     * reputation, a hospital the round marked out of line flagged with {@code !}, one the rule set aside with
     * {@code ~}.
     */
    private void printIncentives(String taskId, int round) {
        RoundContributionsRecord record = coordinator.incentives().agreed(taskId, round).orElseThrow();
        ContributionVector agreed = record.contributions();
        List<String> outOfLine = record.outOfLine() == null ? List.of() : record.outOfLine();
        List<String> setAside = record.setAside() == null ? List.of() : record.setAside();
        // The coordinator (an auditor too) computes the contributions once more, on one thread, to time them.
        TaskRecord task = coordinator.auditor().task(taskId);
        RoundRecord r = coordinator.auditor().round(taskId, round);
        Model base = coordinator.auditor().verifiedModel(taskId, r.baseVersion()).model();
        long t0 = System.nanoTime();
        ContributionVector again = Contributions.compute(agreed.method(), incentives.orElseThrow().scoring(), task, r,
                task.rule().spec(), base,
                a -> coordinator.auditor().updatePayload(taskId, round, a.contributor()),
                validationSetOf(taskId, 0).scorer());
        long ms = millis(System.nanoTime() - t0);
        contributionMillis.add(ms);
        String check = (again.equals(agreed) ? "equal to" : "DIFFERENT from") + " the agreed ones";
        if (incentives.orElseThrow().privateValidation()) {
            // On private sets the coordinator's organisation recomputes its own vector, not the median.
            String msp = coordinator.whoAmI().msp();
            Optional<ContributionVector> attested = coordinator.incentives().attested(taskId, round, record.seq())
                    .stream().filter(c -> c.msp().equals(msp)).map(c -> c.contributions()).findFirst();
            check = "on " + msp + "'s own set, " + attested.map(v -> v.equals(again) ? "equal to" : "DIFFERENT from")
                    .orElse("not attested beside") + " its attested ones; agreed: the median of "
                    + record.agreeing().size() + " organisations'";
        }
        StringBuilder line = new StringBuilder(String.format("        contributions of %d in %d ms on one thread (%s);"
                + " shapley / reputation:", agreed.contributors().size(), ms, check));
        for (int i = 0; i < agreed.contributors().size(); i++) {
            String who = agreed.contributors().get(i);
            line.append(String.format(" h%d%s%s %+.1f/%.2f", hospital(who), outOfLine.contains(who) ? "!" : "",
                    setAside.contains(who) ? "~" : "",
                    (double) agreed.values().get(i) / agreed.scale(),
                    coordinator.incentives().reputation(who).reputation() / 1e6));
        }
        out.println(line);
    }

    private int hospital(String contributorId) {
        for (int k = 0; k < trainers.size(); k++) {
            if (trainers.get(k).whoAmI().id().equals(contributorId)) {
                return k + 1;
            }
        }
        throw new IllegalArgumentException("no hospital is " + contributorId);
    }

    /**
     * A round whose model is not FINAL yet when the demo moves on (pipelined): what its line will show.
     *
     * @param round the demo's round
     * @param ledgerRound the ledger's round number
     * @param trainingMillis its slowest hospital's training
     * @param ledgerMillis its ledger time (open, submits, proposal)
     * @param proposedNanos when its proposal committed
     */
    private record Pending(int round, int ledgerRound, long trainingMillis, long ledgerMillis, long proposedNanos) {
    }

    /** By task: its pipelined round waiting for the next proposal, and when its last model became FINAL. */
    private final Map<String, Pending> pending = new java.util.HashMap<>();
    private final Map<String, Finalised> finalisedByProposal = new java.util.HashMap<>();
    private final Map<String, RoundRecord> openedOnProposal = new java.util.HashMap<>();
    private final Map<String, RoundDriver> drivers = new java.util.HashMap<>();
    private final Map<String, Long> lastFinalNanos = new java.util.HashMap<>();
    /** By task and round: the largest epsilon spent once the round's updates were in. */
    private final Map<String, String> epsilonAfter = new java.util.HashMap<>();

    /**
     * Runs round {@code round} and returns the lines of the models that became FINAL meanwhile: this
     * round's, or, when the task pipelines (docs/round-modes.md), the previous round's, which this round's
     * proposal made FINAL, and at the last round both.
     */
    private List<RoundResult> round(DemoTask spec, String taskId, int round, List<LocalModel> models,
            LocalModel evaluator) throws Exception {
        RoundDriver driver = drivers.computeIfAbsent(taskId, id -> RoundDriver.of(coordinator, id,
                RoundPolicy.expecting(spec.sites().size())
                        .collectFor(silentHospital == 0 ? Duration.ofSeconds(30) : SILENT_COLLECT)
                        .decideWithin(Duration.ofMinutes(1))));
        long t0 = System.nanoTime();
        // A pipelined round was opened by the previous round's proposal, and the driver returned it.
        RoundRecord next = openedOnProposal.remove(taskId);
        RoundRecord opened = next != null ? next : driver.open();
        long tOpened = System.nanoTime();

        // Every hospital, in parallel: the verified global model, local training, the update.
        List<Future<long[]>> training = new ArrayList<>();
        for (int k = 0; k < spec.sites().size(); k++) {
            int site = k;
            if (!answers(site, round)) {
                continue;
            }
            training.add(sites.submit(() -> {
                LocalModel local = models.get(site);
                long[] trainNanos = new long[1];
                List<SecureTrainer> secure = secureTrainers.get(taskId);
                if (secure != null) { // masked: train from the verified global model, then mask and submit
                    local.setWeights(trainers.get(site).trainer(taskId).currentModel().model());
                    long s = System.nanoTime();
                    long used = local.train(spec.sites().get(site), spec.localEpochs());
                    long trained = System.nanoTime() - s;
                    return new long[] {trained, secure.get(site).submitUpdate(opened.round(), local.weights(), used)
                            .blockNumber()};
                }
                LocalTraining siteTraining = global -> {
                    if (hostile(site)) {
                        long s = System.nanoTime();
                        LocalTraining.Result sent = attack.update(new AttackSite(local, global, spec.sites().get(site),
                                spec.localEpochs(), AttackSite.seed(spec.seed(), site, round)));
                        trainNanos[0] = System.nanoTime() - s;
                        return sent;
                    }
                    local.setWeights(global);
                    long s = System.nanoTime();
                    long used = local.train(spec.sites().get(site), spec.localEpochs());
                    trainNanos[0] = System.nanoTime() - s;
                    return new LocalTraining.Result(local.weights(), used);
                };
                Trainer trainer = trainers.get(site).trainer(taskId);
                long block;
                try {
                    block = (privacy == null ? trainer.trainRound(opened.round(), siteTraining)
                            : trainer.trainRoundPrivately(opened.round(), (global, mechanism) -> {
                                // The sites' DP-SGD was built from the demo's mechanism: it must be the task's.
                                if (!mechanism.equals(privacy.mechanism(spec.rounds()))) {
                                    throw new IllegalStateException("task '" + taskId + "' declares " + mechanism
                                            + " but the sites train " + privacy.mechanism(spec.rounds()));
                                }
                                return siteTraining.train(global);
                            })).blockNumber();
                } catch (ContractRefusedException e) {
                    if (e.code() != ErrorCode.CONTRIBUTOR_SUSPENDED) {
                        throw e;
                    }
                    // A penalty suspended this hospital from the task: it sits this round out.
                    return new long[] {0, -1};
                }
                return new long[] {trainNanos[0], block};
            }));
        }
        // While the hospitals train: the line of the model the last pipelined proposal made FINAL.
        List<RoundResult> lines = new ArrayList<>();
        Finalised finalised = finalisedByProposal.remove(taskId);
        if (finalised != null) {
            lines.add(finalised.line(this, spec, taskId, evaluator));
        }
        long slowestTraining = 0;
        int suspended = 0;
        for (Future<long[]> f : training) {
            long[] done = f.get();
            slowestTraining = Math.max(slowestTraining, done[0]);
            suspended += done[1] < 0 ? 1 : 0;
        }
        if (suspended > 0) {
            driver = RoundDriver.of(coordinator, taskId, RoundPolicy.expecting(training.size() - suspended)
                    .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofMinutes(1)));
        }
        if (rule.hierarchical()) {
            publishPartialSums(taskId, opened.round());
        }
        long tSubmitted = System.nanoTime();
        if (privacy != null) { // before a pipelined next round's updates count too
            epsilonAfter.put(taskId + "/" + round, epsilonSpent(taskId));
        }
        // Every synchronous task without secure aggregation or incentives (the client knows its fixed terms).
        if (coordinator.aggregator(taskId).pipelines()) {
            lines.addAll(pipelinedRound(spec, taskId, round, driver, opened, t0, tOpened, tSubmitted, slowestTraining,
                    evaluator));
            return lines;
        }
        // Once Org1's own peer has every hospital's update, the driver aggregates and proposes, and the
        // proposal closes the full round.
        RoundRecord closed = driver.collect(opened.round());
        List<SecureTrainer> secure = secureTrainers.get(taskId);
        if (secure != null) { // the survivors are fixed: every hospital that submitted reveals, in parallel
            List<Future<?>> reveals = new ArrayList<>();
            List<String> trainerIds = trainers.stream().map(t -> t.whoAmI().id()).toList();
            for (var accepted : closed.accepted()) {
                int site = trainerIds.indexOf(accepted.contributor());
                reveals.add(sites.submit(() -> secure.get(site).reveal(closed.round())));
            }
            for (Future<?> f : reveals) {
                f.get();
            }
        }
        driver.propose(closed.round());
        long tProposed = System.nanoTime();

        // The verifier services recompute and attest; the round is FINAL at a quorum of two.
        VerifiedModel global;
        try {
            // Every round but the last is made FINAL by the opening of the next one.
            RoundOutcome outcome = round < spec.rounds() ? driver.advance(closed.round())
                    : driver.awaitDecision(closed.round());
            global = outcome.model().orElseThrow(() -> new IllegalStateException("round " + round + " of task '"
                    + taskId + "' FAILED: " + outcome.round().accepted().size() + " updates"));
        } catch (AwaitTimeoutException e) {
            out.printf("   round %d is not final: %s; verifier outcomes: %s; services: %s%n", round,
                    coordinator.auditor().round(taskId, round).state(), outcomes.get(taskId + "/" + round),
                    verifiers.stream().map(v -> v.failure().map(Throwable::toString).orElse("running")).toList());
            throw e;
        }
        long tFinal = System.nanoTime();
        lines.add(result(spec, taskId, global, evaluator, new Pending(round, closed.round(), millis(slowestTraining),
                ledgerMillis(t0, tOpened, tSubmitted, slowestTraining, tProposed), tProposed), t0, tFinal));
        return lines;
    }

    /** The ledger's part of a round: the open, the submits without the slowest training, the proposal. */
    private static long ledgerMillis(long t0, long tOpened, long tSubmitted, long slowestTraining, long tProposed) {
        return millis((tOpened - t0) + (tSubmitted - tOpened - slowestTraining) + (tProposed - tSubmitted));
    }

    /**
     * The rest of a pipelined round once its updates are in: the driver proposes it and opens the next
     * round on the proposal, which makes the previous round FINAL; the last round is proposed alone and
     * awaited.
     */
    private List<RoundResult> pipelinedRound(DemoTask spec, String taskId, int round, RoundDriver driver,
            RoundRecord opened, long t0, long tOpened, long tSubmitted, long slowestTraining, LocalModel evaluator)
            throws Exception {
        boolean last = round == spec.rounds();
        if (last) {
            driver.propose(driver.collect(opened.round()).round());
        } else {
            RoundRecord next = driver.pipeline(opened.round());
            if (next.round() != opened.round() + 1) {
                throw new IllegalStateException("round " + opened.round() + " of task '" + taskId + "' was not"
                        + " proposed on its base: " + coordinator.auditor().round(taskId, opened.round()).state());
            }
            openedOnProposal.put(taskId, next);
        }
        long tProposed = System.nanoTime();
        lastFinalNanos.putIfAbsent(taskId, t0);
        Pending previous = pending.remove(taskId);
        List<RoundResult> lines = new ArrayList<>();
        if (previous != null) { // this round's proposal made the previous round FINAL
            Finalised made = new Finalised(previous, lastFinalNanos.get(taskId), tProposed);
            lastFinalNanos.put(taskId, tProposed);
            if (last) {
                lines.add(made.line(this, spec, taskId, evaluator));
            } else {
                finalisedByProposal.put(taskId, made); // evaluated while the next round trains
            }
        }
        Pending mine = new Pending(round, opened.round(), millis(slowestTraining),
                ledgerMillis(t0, tOpened, tSubmitted, slowestTraining, tProposed), tProposed);
        if (!last) {
            pending.put(taskId, mine);
            return lines;
        }
        VerifiedModel global = driver.awaitDecision(opened.round()).model().orElseThrow(
                () -> new IllegalStateException("round " + round + " of task '" + taskId + "' FAILED"));
        long tFinal = System.nanoTime();
        lines.add(result(spec, taskId, global, evaluator, mine, lastFinalNanos.remove(taskId), tFinal));
        return lines;
    }

    /**
     * A pipelined round made FINAL by the next round's proposal, whose line is still to be written.
     *
     * @param round the round
     * @param sinceNanos when the previous model became FINAL
     * @param finalNanos when this one did
     */
    private record Finalised(Pending round, long sinceNanos, long finalNanos) {
        RoundResult line(FederatedDemo demo, DemoTask spec, String taskId, LocalModel evaluator) {
            RoundRecord decided = demo.coordinator.auditor().round(taskId, round.ledgerRound());
            return demo.result(spec, taskId, demo.coordinator.auditor().verifiedModel(taskId, decided.baseVersion() + 1),
                    evaluator, round, sinceNanos, finalNanos);
        }
    }

    /**
     * A round's line once its model is FINAL.
     *
     * @param sinceNanos when the interval this line reports began: the round's open, or for a pipelined
     *     round the previous model's finalisation
     * @param finalNanos when the model became FINAL
     */
    private RoundResult result(DemoTask spec, String taskId, VerifiedModel global, LocalModel evaluator, Pending round,
            long sinceNanos, long finalNanos) {
        evaluator.setWeights(global.model());
        Evaluation eval = evaluator.evaluate(spec.test());
        List<AttestationRecord> attestations = coordinator.auditor().attestations(taskId, round.ledgerRound(),
                global.record().proposalSeq());
        StringBuilder verdicts = new StringBuilder();
        attestations.forEach(a -> verdicts.append(a.msp()).append(':').append(a.verdict()).append(' '));
        int updates = coordinator.auditor().round(taskId, round.ledgerRound()).accepted().size();
        return new RoundResult(round.round(), eval.accuracy(), eval.loss(), updates,
                millis(finalNanos - sinceNanos), round.trainingMillis(), round.ledgerMillis(),
                millis(finalNanos - round.proposedNanos()), verdicts.toString().strip(), global.record().hash());
    }

    /** The largest epsilon any hospital's dataset of the task has spent, as the ledger computes it. */
    private String epsilonSpent(String taskId) {
        double most = 0;
        for (int org = 1; org <= ORGS; org++) {
            most = Math.max(most, Double.parseDouble(coordinator.privacy().spent("Org" + org + "MSP", taskId)
                    .epsilonSpent()));
        }
        return String.format(java.util.Locale.ROOT, "%.3f", most);
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }

    /** Audits the task as the coordinator (an auditor too in the demo) and prints the verdict. */
    private AuditReport audit(String taskId) {
        AuditReport report = TaskAudit.of(coordinator).run(taskId);
        out.printf("   audit: %s; %d models replayed bit for bit, %d transactions verified in a chain of %d blocks,"
                + " %d findings; %d ms%n", report.verdict(), report.lineage().size() - 1,
                report.chain().verifiedTransactions(),
                report.chain().height(), report.findings().size(), report.timings().total());
        report.findings().forEach(f -> out.printf("   %s %s round %d, %s: %s%n", f.severity(), f.code(), f.round(),
                f.subject(), f.message()));
        return report;
    }

    @Override
    public void close() {
        verifiers.forEach(VerifierService::close);
        sites.shutdownNow();
        connections.forEach(LedgerConnection::close);
    }
}
