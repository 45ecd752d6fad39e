package org.fedledger.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import com.google.gson.GsonBuilder;
import org.fedledger.cli.demo.Attack;
import org.fedledger.cli.demo.DemoPrivacy;
import org.fedledger.cli.demo.DemoReport;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.cli.demo.RoundResult;
import org.fedledger.cli.demo.StragglerRun;
import org.fedledger.cli.demo.TaskResult;
import org.fedledger.core.aggregation.CodecKind;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.protocol.record.ContributionScore;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.ReputationScore;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.storage.OwnerOnlyFiles;
import org.fedledger.trainer.model.DpSgd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedledger demo}: three hospitals train two models together over the ledger (breast cancer
 * with logistic regression, then handwritten digits with an MLP, both split non-IID), with a verifier
 * service per organisation; prints a table per round and writes a report folder.
 *
 * <pre>{@code
 * fedledger demo --network fabric --rounds 20 --report demo-report
 * fedledger demo --trainers-per-org 3 --attackers 2 --incentives --seed 7
 * fedledger demo --mode async --network fabric
 * }</pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Federated training of three hospitals over the ledger, verified by every organisation.")
public final class DemoCommand implements Callable<Integer> {
    /** Which ledger the demo runs on. */
    public enum Network {
        /** The chaincode run in-process with Fabric's semantics: no binaries needed. */
        embedded,
        /** The local Fabric network of test-network/network.sh (up and deployed). */
        fabric
    }

    /**
     * How the demo's tasks run their rounds. The names are the {@code --mode} values; a later mode (such
     * as hierarchical rounds) is another constant here and another branch of {@link #call()}.
     */
    public enum Mode {
        /** Synchronous rounds, each waiting for every hospital's update: the demo as it always was. */
        sync,
        /**
         * Buffered asynchronous rounds in issue 25's straggler scenario ({@link FederatedDemo#runStragglers}):
         * nine hospitals train again and again, the last three slower; FedAvg with {@code max_staleness}
         * closes a buffer as soon as it is full, until a model reaches the accuracy bar (the settings are
         * the {@code ASYNC_*} constants).
         */
        async,
        /**
         * Hierarchical rounds: exact FedAvg with {@code hierarchical=1}; each hospital's update stays in its
         * organisation, each organisation publishes the exact partial sum of its hospitals, attested by its
         * verifier service, and every global model is flat exact FedAvg's, bit for bit.
         */
        hierarchical
    }

    /** Hospitals per organisation in the straggler scenario of {@code --mode async}: nine in all. */
    static final int ASYNC_TRAINERS_PER_ORG = 3;
    /** How many of the last hospitals are slow in {@code --mode async}. */
    static final int ASYNC_STRAGGLERS = 3;
    /** How many times longer a slow hospital pauses after its local training in {@code --mode async}. */
    static final int ASYNC_SLOWDOWN = 5;
    /** A fast hospital's pause after each local training in {@code --mode async}, standing for a busier machine. */
    static final Duration ASYNC_PAUSE = Duration.ofMillis(100);
    /** Updates per buffer in {@code --mode async}. */
    static final int ASYNC_BUFFER = 6;
    /** The buffered task's {@code max_staleness} in {@code --mode async}. */
    static final int ASYNC_MAX_STALENESS = 4;
    /** The longest a task of {@code --mode async} goes on without reaching its bar. */
    static final Duration ASYNC_LIMIT = Duration.ofMinutes(10);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--mode", defaultValue = "sync", description = "sync (default): synchronous rounds, each waiting"
            + " for every hospital; async: buffered rounds in issue 25's straggler scenario: nine hospitals (implies"
            + " --trainers-per-org 3), the last three " + ASYNC_SLOWDOWN + "x slower, FedAvg with max_staleness "
            + ASYNC_MAX_STALENESS + " closing a buffer at " + ASYNC_BUFFER + " updates, until a model reaches the"
            + " accuracy bar (--rounds then sets only the centralised reference's epochs); hierarchical: exact FedAvg"
            + " (scale_bits 24 unless --rule exact_fedavg sets it) whose hospitals' updates stay in their organisation,"
            + " which publishes their exact partial sum (implies --trainers-per-org 3 unless given)")
    Mode mode;

    @Option(names = "--network", description = "embedded (default) or fabric", defaultValue = "embedded")
    Network network;

    @Option(names = "--rounds", description = "federated rounds per task (default: ${DEFAULT-VALUE})", defaultValue = "30")
    int rounds;

    @Option(names = "--tasks", split = ",", description = "breast-cancer, digits (default: both)",
            defaultValue = "breast-cancer,digits")
    List<String> tasks;

    @Option(names = "--seed", defaultValue = "" + DemoTask.SEED, description = "the seed of the data's train/test"
            + " split, its Dirichlet partition across the hospitals, each hospital's initialisation and training, and"
            + " the hostile hospitals' noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--report", description = "report folder (default: ${DEFAULT-VALUE})", defaultValue = "demo-report")
    Path report;

    @Option(names = "--network-home", description = "the local network's state folder (default: ${DEFAULT-VALUE})",
            defaultValue = "test-network/.state")
    Path networkHome;

    @Option(names = "--trainers-per-org", defaultValue = "1",
            description = "hospitals (trainers) per organisation, 1..3 (default: ${DEFAULT-VALUE}; 3 = nine trainers)")
    int trainersPerOrg;

    @Option(names = "--silent-hospital", description = "this hospital (1..number of hospitals) stops answering, as a member"
            + " whose machine went down; the rounds go on with the others (default: none)", defaultValue = "0")
    int silentHospital;

    @Option(names = "--silent-from", description = "the first round the silent hospital misses (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    int silentFrom;

    @Option(names = "--rule", defaultValue = "fedavg", converter = RuleOption.class,
            description = "the tasks' rule: " + RuleOption.SYNTAX + " (default: ${DEFAULT-VALUE})")
    RuleSpec rule;

    @Option(names = "--attackers", defaultValue = "0", description = "this many hospitals (the last ones) are hostile"
            + " and make --attack every round (default: ${DEFAULT-VALUE})")
    int attackers;

    @Option(names = "--attack", defaultValue = "sign-flip", converter = AttackOption.class,
            description = "what the hostile hospitals do: sign-flip, boosted-replacement, little-is-enough,"
                    + " gaussian-noise, label-flip, free-rider or sample-inflation (default: ${DEFAULT-VALUE})")
    Attack attack;

    @Option(names = "--incentives", description = "run the tasks with incentives (issue 24): every tenth sample of each"
            + " hospital's data is the shared validation set, every verifier attests exact Shapley contributions, the"
            + " ledger writes credits, reputation and penalties (at most 9 hospitals)")
    boolean incentives;

    @Option(names = "--suspend-after", defaultValue = "0", description = "with --incentives: this many negative"
            + " contributions in a row suspend a hospital (default: ${DEFAULT-VALUE}, never)")
    int suspendAfter;

    @Option(names = "--suspend-for", defaultValue = "5", description = "with --incentives: rounds a suspension lasts"
            + " (default: ${DEFAULT-VALUE})")
    int suspendFor;

    @Option(names = "--suspend-below", description = "with --incentives: a negative contribution counts toward"
            + " suspension only when it is at least this many thousandths of the round's total absolute contribution"
            + " (default: every negative contribution counts)")
    Integer suspendBelow;

    @Option(names = "--contribution-score", defaultValue = "correct", converter = ScoreOption.class,
            description = "with --incentives: what a coalition of updates is worth on the validation set: correct"
            + " (its correctly classified samples, default) or log-loss (minus its cross-entropy in micro-nats, each"
            + " sample's capped at 20 nats), which moves with every sample's probability")
    ContributionScore contributionScore;

    @Option(names = "--reputation-score", defaultValue = "non-negative-rank", converter = ReputationScoreOption.class,
            description = "with --incentives: how each round scores a hospital's reputation: non-negative-rank (0 for"
            + " a negative contribution, else its rank; default), rank (its rank among the round's hospitals and"
            + " the suspended ones, these last) or share (half, plus half its share of the round's total absolute"
            + " contribution)")
    ReputationScore reputationScore;

    @Option(names = "--reputation-memory", description = "with --incentives: how many scored rounds a reputation"
            + " averages: the mean of a hospital's scores until it has that many, then each round weighs 1/N"
            + " (default: each round moves it an eighth of the way from 0.5)")
    Integer reputationMemory;

    @Option(names = "--out-of-line", description = "with --incentives and a rule with clip_norm: a hospital whose"
            + " update's norm per local step (the task's mini-batches in the samples it declared) is more than this"
            + " many times its round's median, or less than the median divided by it, scores below every other"
            + " hospital that round (default: nobody is marked)")
    Integer outOfLine;

    @Option(names = "--set-aside", description = "with --incentives and --suspend-after: a round in which the rule"
            + " excluded a hospital's update or discarded at least this many thousandths of it (trimmed coordinates,"
            + " coordinates not at the median, the share of its norm clipped) counts toward its penalty as a negative"
            + " one does (default: never)")
    Integer setAside;

    @Option(names = "--private-validation", description = "with --incentives: each organisation values the"
            + " contributions on its own validation set (every tenth sample of its own hospitals'), committed by hash"
            + " before round 1 and never disclosed; a round's contributions are the median of the organisations'"
            + " (default: one validation set shared by all)")
    boolean privateValidation;

    @Option(names = "--penalty-weight", description = "with --incentives and --suspend-after: a penalty lowers the"
            + " hospital's weight to this many thousandths (at least 1 sample) for --suspend-for rounds instead of"
            + " suspending it (default: suspends)")
    Integer penaltyWeight;

    @Option(names = "--penalty-credits", description = "with --incentives and --suspend-after: the credits each"
            + " penalty costs the hospital (default: none)")
    Long penaltyCredits;

    @Option(names = "--reputation-weights", description = "with --incentives: each round's close scales a hospital's"
            + " weight by its reputation (FedAvg then gives low contributors less influence)")
    boolean reputationWeights;

    @Option(names = "--codec", defaultValue = "float32", description = "how trainers encode their updates: float32"
            + " (default), int8 or int4 (blocks of 64 values, one power-of-two scale each, stochastic rounding),"
            + " int8/B or int4/B (blocks of B), topk:FRACTION (the largest FRACTION of each tensor's changes, with"
            + " error feedback); a compressed codec runs exact_fedavg (scale_bits 24 unless --rule sets it)")
    String codec;

    @Option(names = "--dp-epsilon", description = "differential privacy: each hospital's data is a dataset with this"
            + " epsilon budget on the ledger, which refuses any update beyond it; the sites train with local DP-SGD"
            + " whose noise the demo picks for the task's rounds to spend at most this (default: no privacy)")
    String dpEpsilon;

    @Option(names = "--dp-delta", defaultValue = "0.00001",
            description = "the datasets' delta with --dp-epsilon (default: ${DEFAULT-VALUE})")
    String dpDelta;

    /** The {@code --privacy} value that turns secure aggregation on. */
    static final String SECURE = "secure";

    @Option(names = "--privacy", defaultValue = "none", description = "none (default), or secure: each hospital"
            + " masks its update and only their sum is unmasked (secure aggregation, threshold 2; runs exact_fedavg,"
            + " scale_bits 24 unless --rule sets it; see docs/privacy.md)")
    String privacy;

    @Option(names = "--json", description = "print the results as JSON instead of tables")
    boolean json;

    @Option(names = "--keep-state", description = "keep the embedded ledger and the verifiers' state in this folder "
            + "(default: a temporary folder, removed at the end)")
    Path keepState;

    @Override
    public Integer call() throws Exception {
        checkMode();
        if (outOfLine != null && (!incentives || !rule.clipped())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out-of-line needs --incentives and"
                    + " a --rule with clip_norm, whose evidence records each update's norm (for example --rule"
                    + " median:clip_norm=1000, which clips nothing)");
        }
        if ((setAside != null || penaltyWeight != null || penaltyCredits != null) && (!incentives || suspendAfter == 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--set-aside, --penalty-weight and"
                    + " --penalty-credits shape penalties: they need --incentives and --suspend-after K");
        }
        if (reputationMemory != null && (!incentives || reputationMemory < IncentiveRules.MIN_REPUTATION_MEMORY
                || reputationMemory > IncentiveRules.MAX_REPUTATION_MEMORY)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reputation-memory needs"
                    + " --incentives and " + IncentiveRules.MIN_REPUTATION_MEMORY + " to "
                    + IncentiveRules.MAX_REPUTATION_MEMORY + " rounds, was " + reputationMemory);
        }
        if (privateValidation && !incentives) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--private-validation is where"
                    + " contributions are valued: it needs --incentives");
        }
        if (trainersPerOrg < 1 || trainersPerOrg > FederatedDemo.MAX_TRAINERS_PER_ORG) {
            throw new IllegalArgumentException("--trainers-per-org must be 1.." + FederatedDemo.MAX_TRAINERS_PER_ORG
                    + ", was " + trainersPerOrg);
        }
        if (silentHospital < 0 || silentHospital > 3 * trainersPerOrg) {
            throw new IllegalArgumentException("--silent-hospital must be 1.." + 3 * trainersPerOrg + ", was "
                    + silentHospital);
        }
        if (rounds < 1 || rounds > 500) {
            throw new IllegalArgumentException("--rounds must be 1..500, was " + rounds);
        }
        if (incentives && SECURE.equals(privacy)) {
            throw new IllegalArgumentException("--incentives measures each hospital's update, which --privacy secure"
                    + " hides: pick one");
        }
        if (dpEpsilon != null && SECURE.equals(privacy)) {
            throw new IllegalArgumentException("--dp-epsilon and --privacy secure are separate demos: pick one");
        }
        RuleSpec ruleSpec = withPrivacy(withCodec(rule, codec), privacy, attackers);
        Optional<DemoPrivacy> differentialPrivacy = Optional.ofNullable(dpEpsilon)
                .map(e -> new DemoPrivacy(e, dpDelta));
        Optional<DpSgd> dpSgd = differentialPrivacy.map(p -> DemoPrivacy.dpSgd(p.mechanism(rounds)));
        List<DemoTask> specs = new ArrayList<>();
        for (String t : tasks) {
            specs.add(DemoTask.named(t, 3 * trainersPerOrg, rounds, dpSgd, seed));
        }
        PrintStream out = json ? new PrintStream(PrintStream.nullOutputStream()) : new PrintStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), true, java.nio.charset.StandardCharsets.UTF_8);
        Files.createDirectories(report);
        // The ledger's keys, blocks and private payloads: owner-only, kept or not (a temporary folder is 0700).
        Path state = keepState != null ? OwnerOnlyFiles.folder(keepState) : Files.createTempDirectory("fedledger-demo");
        List<TaskResult> results = new ArrayList<>();
        List<BufferedResult> buffered = new ArrayList<>();
        long start = System.nanoTime();
        try {
            BiFunction<Integer, String, LedgerConnection> connect = network == Network.fabric
                    ? Ledgers.localFabric(networkHome) : Ledgers.embedded(state.resolve("ledger"));
            out.printf("FedLedger demo on the %s ledger: %d hospitals in 3 organisations (Org1MSP, Org2MSP, Org3MSP), a"
                    + " verifier service per organisation; Org1 coordinates and aggregates%n", network == Network.fabric
                            ? "local Fabric network's" : "embedded", 3 * trainersPerOrg);
            if (mode == Mode.async) {
                out.printf("Buffered asynchronous rounds (--mode async): every hospital trains again and again, pausing"
                        + " %d ms after each local training, the last %d pausing %dx as long; FedAvg with max_staleness"
                        + " %d closes a buffer as soon as it holds %d updates, a stale update rebased and weighed down;"
                        + " each task runs until a model reaches its accuracy bar (at most %d s)%n",
                        ASYNC_PAUSE.toMillis(), ASYNC_STRAGGLERS, ASYNC_SLOWDOWN, ASYNC_MAX_STALENESS, ASYNC_BUFFER,
                        ASYNC_LIMIT.toSeconds());
            }
            try (FederatedDemo demo = FederatedDemo.start(connect, out, state, trainersPerOrg)) {
                if (silentHospital != 0) {
                    demo.silentHospital(silentHospital, silentFrom);
                }
                demo.rule(ruleSpec);
                differentialPrivacy.ifPresent(demo::privacy);
                if (SECURE.equals(privacy)) {
                    demo.secureAggregation(2);
                }
                if (incentives) {
                    demo.incentives(suspendAfter, suspendFor, reputationWeights, suspendBelow, contributionScore,
                            reputationScore);
                    if (outOfLine != null) {
                        demo.outOfLine(outOfLine);
                    }
                    if (reputationMemory != null) {
                        demo.reputationMemory(reputationMemory);
                    }
                    if (setAside != null || penaltyWeight != null || penaltyCredits != null) {
                        demo.penalties(setAside, penaltyCredits, penaltyWeight);
                    }
                    if (privateValidation) {
                        demo.privateValidation();
                    }
                }
                if (attackers != 0) {
                    demo.attack(attack, attackers);
                }
                if (mode == Mode.async) {
                    for (DemoTask task : specs) {
                        buffered.add(runBuffered(demo, task, out));
                    }
                } else {
                    for (DemoTask task : specs) {
                        results.add(demo.run(task));
                    }
                }
            }
        } finally {
            if (keepState == null) {
                deleteTree(state);
            }
        }
        if (mode == Mode.async) {
            return reportBuffered(buffered, out, state, (System.nanoTime() - start) / 1e9);
        }
        Path chart = DemoReport.write(report, results);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            spec.commandLine().getOut().println(toJson(results, seconds));
        } else {
            out.printf("%nreport: %s (accuracy chart %s, per-round CSV and the audit as JSON and HTML per task); %.0f s in all%n",
                    report.toAbsolutePath(), chart.getFileName(), seconds);
            printKeptState(out, state);
        }
        return results.stream().allMatch(r -> r.meetsQualityBar() && r.auditPassed()) ? FedLedgerCli.OK
                : FedLedgerCli.QUALITY_BAR_MISSED;
    }

    /**
     * Refuses what {@code --mode} cannot run with, as a usage error, and sets what the mode implies.
     * {@code sync} takes every option; {@code async} is the straggler scenario: nine hospitals (an explicit
     * other {@code --trainers-per-org} is refused), honest, FedAvg with {@code max_staleness}, float32 updates.
     *
     * @throws picocli.CommandLine.ParameterException naming the option the mode cannot take and why
     */
    void checkMode() {
        if (mode == Mode.sync) {
            return;
        }
        if (mode == Mode.hierarchical) {
            checkHierarchical();
            return;
        }
        Map<String, String> refused = new LinkedHashMap<>();
        if (spec.commandLine().getParseResult().hasMatchedOption("--trainers-per-org")
                && trainersPerOrg != ASYNC_TRAINERS_PER_ORG) {
            refused.put("--trainers-per-org " + trainersPerOrg, "the straggler scenario has nine hospitals, 3 per"
                    + " organisation");
        }
        if (SECURE.equals(privacy)) {
            refused.put("--privacy secure", "a masked update carries its weight inside the mask, so a buffer cannot"
                    + " weigh it down by its staleness");
        }
        if (dpEpsilon != null) {
            refused.put("--dp-epsilon", "the budget is counted per round of the task, not per buffer");
        }
        if (incentives) {
            refused.put("--incentives", "contributions are measured per synchronous round");
        }
        if (attackers != 0) {
            refused.put("--attackers", "the straggler scenario's hospitals are honest");
        }
        if (silentHospital != 0) {
            refused.put("--silent-hospital", "a buffer closes with the updates that arrive, so no hospital is waited"
                    + " for");
        }
        if (!"float32".equals(codec)) {
            refused.put("--codec " + codec, "buffered rounds run FedAvg, which sums float32 updates");
        }
        if (!rule.equals(RuleSpec.of(RuleName.FEDAVG))) {
            refused.put("--rule " + rule, "buffered rounds run FedAvg with max_staleness");
        }
        refuse(refused);
        trainersPerOrg = ASYNC_TRAINERS_PER_ORG;
    }

    /**
     * @param refused each option {@code --mode} cannot run with, and why
     * @throws picocli.CommandLine.ParameterException naming them all, when there is any
     */
    private void refuse(Map<String, String> refused) {
        if (!refused.isEmpty()) {
            StringBuilder why = new StringBuilder("--mode " + mode + " cannot run with ");
            refused.forEach((option, reason) -> why.append(option).append(" (").append(reason).append("); "));
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), why.substring(0, why.length() - 2));
        }
    }

    /**
     * {@code --mode hierarchical}: refuses what an organisation's partial sum cannot carry (masked updates,
     * dataset budgets, contributions of individual updates, compressed codes, a rule other than plain exact
     * FedAvg) and implies three hospitals per organisation unless {@code --trainers-per-org} is given.
     */
    private void checkHierarchical() {
        Map<String, String> refused = new LinkedHashMap<>();
        if (SECURE.equals(privacy)) {
            refused.put("--privacy secure", "an organisation's partial sum already hides its hospitals' updates");
        }
        if (dpEpsilon != null) {
            refused.put("--dp-epsilon", "dataset budgets are spent on the public ledger by each update");
        }
        if (incentives) {
            refused.put("--incentives", "no other organisation sees an individual update to measure it");
        }
        if (!"float32".equals(codec)) {
            refused.put("--codec " + codec, "a partial sum adds plain exact codes");
        }
        if (!rule.equals(RuleSpec.of(RuleName.FEDAVG)) && (rule.rule() != RuleName.EXACT_FEDAVG || rule.clipped()
                || rule.centrallyNoised() || rule.buffered() || rule.codec().kind() != CodecKind.FLOAT32)) {
            refused.put("--rule " + rule, "hierarchical rounds run plain exact FedAvg");
        }
        refuse(refused);
        if (!spec.commandLine().getParseResult().hasMatchedOption("--trainers-per-org")) {
            trainersPerOrg = ASYNC_TRAINERS_PER_ORG;
        }
        Map<String, String> params = new TreeMap<>(rule.rule() == RuleName.EXACT_FEDAVG ? rule.params() : Map.of());
        params.putIfAbsent(RuleSpec.SCALE_BITS, "24");
        params.put(RuleSpec.HIERARCHICAL, "1");
        rule = RuleSpec.of(RuleName.EXACT_FEDAVG, params);
    }

    /**
     * A task of {@code --mode async}: the buffered run and its bar.
     *
     * @param run every global model of the run and the task's audit
     * @param centralised the centralised reference's accuracy
     * @param bar the accuracy bar: {@code centralised} less the task's tolerance
     */
    private record BufferedResult(StragglerRun run, double centralised, double bar) {
        boolean reachedBar() {
            return run.millisTo(bar).isPresent();
        }
    }

    /** Runs one task of {@code --mode async} to its accuracy bar and prints the time it took. */
    private static BufferedResult runBuffered(FederatedDemo demo, DemoTask task, PrintStream out) throws Exception {
        double centralised = task.centralisedAccuracy();
        double bar = centralised - task.tolerance();
        out.printf("%n== %s: %s ==%n   accuracy bar %.4f (centralised %.4f - %.0f points)%n", task.name(),
                task.description(), bar, centralised, task.tolerance() * 100);
        StragglerRun run = demo.runStragglers(task, true, ASYNC_STRAGGLERS, ASYNC_PAUSE, ASYNC_SLOWDOWN, ASYNC_BUFFER,
                ASYNC_MAX_STALENESS, bar, ASYNC_LIMIT);
        BufferedResult result = new BufferedResult(run, centralised, bar);
        out.printf("   %s: %s; %d models, %d of %d updates stale%n", run.task(), run.millisTo(bar)
                .map(ms -> String.format("the bar in %.1f s", ms / 1e3)).orElse("MISSES the bar within "
                        + ASYNC_LIMIT.toSeconds() + " s"), run.models().size(),
                run.models().stream().mapToInt(StragglerRun.GlobalModel::stale).sum(),
                run.models().stream().mapToInt(StragglerRun.GlobalModel::updates).sum());
        return result;
    }

    /** Writes the report of {@code --mode async}, prints or outputs its results, and returns the exit code. */
    private int reportBuffered(List<BufferedResult> results, PrintStream out, Path state, double seconds) {
        DemoReport.writeBuffered(report, results.stream().map(BufferedResult::run).toList());
        if (json) {
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (BufferedResult r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task", r.run().task());
                m.put("centralisedAccuracy", r.centralised());
                m.put("bar", r.bar());
                m.put("millisToBar", r.run().millisTo(r.bar()).orElse(null));
                m.put("audit", r.run().audit().verdict().name());
                m.put("models", r.run().models().stream().map(x -> {
                    Map<String, Object> model = new LinkedHashMap<>();
                    model.put("version", x.version());
                    model.put("accuracy", x.accuracy());
                    model.put("loss", x.loss());
                    model.put("millis", x.millis());
                    model.put("updates", x.updates());
                    model.put("stale", x.stale());
                    return model;
                }).toList());
                tasks.add(m);
            }
            spec.commandLine().getOut().println(new GsonBuilder().setPrettyPrinting().serializeNulls().create()
                    .toJson(Map.of("seconds", seconds, "mode", mode.name(), "tasks", tasks)));
        } else {
            out.printf("%nreport: %s (per task every buffer's model as CSV and the audit as JSON and HTML); %.0f s in"
                    + " all%n", report.toAbsolutePath(), seconds);
            printKeptState(out, state);
        }
        return results.stream().allMatch(r -> r.reachedBar() && r.run().auditPassed()) ? FedLedgerCli.OK
                : FedLedgerCli.QUALITY_BAR_MISSED;
    }

    /** With {@code --keep-state} on the embedded ledger: the profile that audits the kept ledger again. */
    private void printKeptState(PrintStream out, Path state) {
        if (keepState != null && network == Network.embedded) {
            out.printf("ledger kept: a profile with ledger=embedded, dataDirectory=%s, mspId=Org1MSP,"
                    + " user=User3 (the coordinator, an auditor too) audits it again with fedledger audit%n",
                    state.resolve("ledger").toAbsolutePath());
        }
    }

    /** Removes the demo's temporary state; what cannot be removed stays, and is no reason to fail the demo. */
    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException ignored) {
            // Left in the temporary folder, where the system cleans up.
        }
    }

    /** Reads {@code --contribution-score} by its command-line name. */
    static final class ScoreOption implements picocli.CommandLine.ITypeConverter<ContributionScore> {
        @Override
        public ContributionScore convert(String value) {
            return ContributionScore.fromName(value);
        }
    }

    /** Reads {@code --reputation-score} by its command-line name. */
    static final class ReputationScoreOption implements picocli.CommandLine.ITypeConverter<ReputationScore> {
        @Override
        public ReputationScore convert(String value) {
            return ReputationScore.fromName(value);
        }
    }

    /** Reads {@code --attack} by its command-line name. */
    static final class AttackOption implements picocli.CommandLine.ITypeConverter<Attack> {
        @Override
        public Attack convert(String value) {
            return Attack.fromName(value);
        }
    }

    private String toJson(List<TaskResult> results, double seconds) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TaskResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", r.task());
            m.put("federatedAccuracy", r.federatedAccuracy());
            m.put("centralisedAccuracy", r.centralisedAccuracy());
            m.put("meetsQualityBar", r.meetsQualityBar());
            m.put("audit", r.audit().verdict().name());
            List<Map<String, Object>> rounds = new ArrayList<>();
            for (RoundResult x : r.rounds()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("round", x.round());
                rm.put("accuracy", x.accuracy());
                rm.put("loss", x.loss());
                rm.put("updates", x.updates());
                rm.put("roundMillis", x.roundMillis());
                rm.put("trainingMillis", x.trainingMillis());
                rm.put("ledgerMillis", x.ledgerMillis());
                rm.put("verificationMillis", x.verificationMillis());
                rm.put("verdicts", x.verdicts());
                rounds.add(rm);
            }
            m.put("rounds", rounds);
            out.add(m);
        }
        return new GsonBuilder().setPrettyPrinting().create().toJson(Map.of("seconds", seconds, "tasks", out));
    }

    /**
     * The demo's rule with the trainers' update codec: float32 leaves the rule as it is; a compressed codec
     * becomes the {@code codec} parameter of exact FedAvg (from FedAvg, with {@code scale_bits} 24).
     *
     * @param rule the rule {@code --rule} names
     * @param codec {@code float32}, {@code int8}, {@code int4}, {@code int8/B}, {@code int4/B} or {@code topk:FRACTION}
     * @return the rule the demo's tasks fix
     * @throws IllegalArgumentException for an unknown codec, or a compressed one with a rule other than
     *     fedavg or exact_fedavg
     */
    static RuleSpec withCodec(RuleSpec rule, String codec) {
        String name = switch (codec) {
            case "int8", "int4" -> codec + "/64";
            default -> codec.replace(':', '/');
        };
        UpdateCodec parsed = UpdateCodec.parse(name);
        if (parsed.kind() == CodecKind.FLOAT32) {
            return rule;
        }
        if (rule.rule() != RuleName.FEDAVG && rule.rule() != RuleName.EXACT_FEDAVG) {
            throw new IllegalArgumentException("--codec " + codec + " needs exact sums: use --rule fedavg (the default)"
                    + " or exact_fedavg, not " + rule.rule().wireName());
        }
        Map<String, String> params = new TreeMap<>(rule.params());
        params.putIfAbsent(RuleSpec.SCALE_BITS, "24");
        params.put(RuleSpec.CODEC, parsed.name());
        return RuleSpec.of(RuleName.EXACT_FEDAVG, params);
    }

    /**
     * The demo's rule under {@code --privacy}: none leaves it as it is; secure needs plain exact sums, so
     * FedAvg becomes exact FedAvg with {@code scale_bits} 24 and anything that is not plain exact FedAvg
     * (another rule, clipping, a compressed codec) or a hostile hospital is refused.
     *
     * @param rule the rule after {@code --codec}
     * @param privacy {@code none} or {@code secure}
     * @param attackers the {@code --attackers} count
     * @return the rule the demo's tasks fix
     * @throws IllegalArgumentException for an unknown mode or a rule secure aggregation cannot sum
     */
    static RuleSpec withPrivacy(RuleSpec rule, String privacy, int attackers) {
        if ("none".equals(privacy)) {
            return rule;
        }
        if (!SECURE.equals(privacy)) {
            throw new IllegalArgumentException("--privacy must be none or secure, was '" + privacy + "'");
        }
        if (attackers > 0) {
            throw new IllegalArgumentException("--privacy secure runs honest hospitals only: a masked update cannot"
                    + " be checked, so the attack suite needs --privacy none");
        }
        RuleSpec exact = rule.rule() == RuleName.FEDAVG && rule.params().isEmpty()
                ? RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24")) : rule;
        if (exact.rule() != RuleName.EXACT_FEDAVG || exact.clipped() || exact.codec().kind() != CodecKind.FLOAT32) {
            throw new IllegalArgumentException("--privacy secure sums masked updates exactly: use --rule fedavg (the"
                    + " default) or exact_fedavg, without clip_norm or --codec, not " + rule);
        }
        return exact;
    }
}
