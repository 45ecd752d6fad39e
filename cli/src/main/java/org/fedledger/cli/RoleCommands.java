package org.fedledger.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.rounds.RoundDriver;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.sdk.rounds.RoundPolicy;
import org.fedledger.sdk.Receipt;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Trainer;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.LocalModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One command per role step, each acting as the identity of the {@code FEDLEDGER_*} connection
 * profile: {@code task create}, {@code round open}, {@code round close}, {@code train} (one site),
 * {@code aggregate}, {@code attest}. The datasets and models are the demo's, so these commands play a demo round by hand;
 * {@code train --data-file} trains on an organisation's own file of the same layout instead. Each
 * also takes {@code --profile FILE}.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org1.properties FEDLEDGER_USER=User3 fedledger task create --task bc1 --dataset breast-cancer
 * }</pre>
 */
final class RoleCommands {
    private RoleCommands() {
    }

    /** Options every role command shares. */
    static final class Common {
        @Option(names = "--task", required = true, description = "the task id")
        String task;

        @Option(names = "--json", description = "print the ledger record as JSON")
        boolean json;

        @Mixin
        ProfileOption connection;

        /** @return the connection profile: the file given, else the environment's */
        ConnectionProfile profile() {
            return connection.profile();
        }

        void print(Receipt<? extends Record> receipt, String human) {
            System.out.println(json ? RecordJson.write(receipt.record())
                    : human + " (transaction " + receipt.transactionId() + ", block " + receipt.blockNumber() + ")");
        }
    }

    static DemoTask dataset(String name, int sites) {
        return switch (name) {
            case "breast-cancer" -> DemoTask.breastCancer(sites, 1);
            case "digits" -> DemoTask.digits(sites, 1);
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: breast-cancer, digits");
        };
    }

    /** {@code fedledger task create}: a coordinator creates a task of one of the demo's datasets. */
    @Command(name = "task", mixinStandardHelpOptions = true, description = "Create a task (coordinator).")
    static final class TaskCommand {
        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a task with the dataset's model.")
        int create(@Mixin Common common,
                @Option(names = "--dataset", defaultValue = "breast-cancer", description = "breast-cancer or digits") String name,
                @Option(names = "--updates", defaultValue = "3", description = "updates a round needs and takes") int updates,
                @Option(names = "--quorum", defaultValue = "2", description = "attesting organisations") int quorum,
                @Option(names = "--round-minutes", defaultValue = "10", description = "round duration") int minutes,
                @Option(names = "--rule", defaultValue = "fedavg", converter = RuleOption.class,
                        description = RuleOption.SYNTAX + "; fixed for the task's life (default: ${DEFAULT-VALUE})")
                RuleSpec rule) {
            LocalModel model = dataset(name, 3).model().apply(0);
            TaskDefinition definition = TaskDefinition.builder(common.task, model.weights()).rule(rule)
                    .updates(updates, updates).attestationQuorum(quorum).roundDuration(Duration.ofMinutes(minutes))
                    .maxSamples(1_000_000).maxPayloadBytes(16L * 1024 * 1024).allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP")
                    .build();
            try (FedLedger ledger = FedLedger.open(common.profile())) {
                common.print(ledger.coordinator().createTask(definition), "task " + common.task + " created");
            }
            return FedLedgerCli.OK;
        }
    }

    /** {@code fedledger round open|close}: a coordinator moves a task's rounds. */
    @Command(name = "round", mixinStandardHelpOptions = true,
            description = "Open, close, resolve or drive rounds (coordinator; resolve also aggregator or verifier).")
    static final class RoundCommand {
        @Command(name = "open", mixinStandardHelpOptions = true, description = "Open the task's next round.")
        int open(@Mixin Common common) {
            try (FedLedger ledger = FedLedger.open(common.profile())) {
                Receipt<RoundRecord> r = ledger.coordinator().openRound(common.task);
                common.print(r, "round " + r.record().round() + " of " + common.task + " is OPEN until "
                        + java.time.Instant.ofEpochSecond(r.record().deadline()));
            }
            return FedLedgerCli.OK;
        }

        @Command(name = "close", mixinStandardHelpOptions = true, description = "Close an open round.")
        int close(@Mixin Common common, @Option(names = "--round", required = true) int round) {
            try (FedLedger ledger = FedLedger.open(common.profile())) {
                Receipt<RoundRecord> r = ledger.coordinator().closeRound(common.task, round);
                common.print(r, "round " + round + " of " + common.task + " is " + r.record().state() + " with "
                        + r.record().accepted().size() + " updates");
            }
            return FedLedgerCli.OK;
        }
        @Command(name = "run", mixinStandardHelpOptions = true, description = "Drive the task's rounds (coordinator "
                + "and aggregator): resume the current round wherever it stands, or open the next; close once the "
                + "expected updates arrived, or with those that did after --collect-seconds; propose; await the "
                + "verifiers.")
        int run(@Mixin Common common,
                @Option(names = "--rounds", defaultValue = "1", description = "rounds to drive to their end") int rounds,
                @Option(names = "--expect", defaultValue = "3", description = "updates to wait for") int expect,
                @Option(names = "--collect-seconds", defaultValue = "60", description = "how long to wait for them")
                int collectSeconds,
                @Option(names = "--decide-seconds", defaultValue = "120", description = "how long to wait for the "
                        + "verifiers") int decideSeconds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
            }
            try (FedLedger ledger = FedLedger.open(common.profile())) {
                RoundDriver driver = RoundDriver.of(ledger, common.task, new RoundPolicy(expect,
                        Duration.ofSeconds(collectSeconds), Duration.ofSeconds(decideSeconds)));
                for (int i = 0; i < rounds; i++) {
                    RoundOutcome outcome = driver.runRound();
                    RoundRecord r = outcome.round();
                    System.out.println("round " + r.round() + " of " + common.task + " is " + r.state() + " with "
                            + r.accepted().size() + " accepted updates" + outcome.model().map(m -> "; global model version "
                            + m.version() + " " + m.record().hash()).orElse(""));
                }
            }
            return FedLedgerCli.OK;
        }

        @Command(name = "resolve", mixinStandardHelpOptions = true,
                description = "Decide a round that waits: FINAL at the quorum, DISPUTED out of reach, FAILED once its"
                        + " window has passed (coordinator, aggregator or verifier).")
        int resolve(@Mixin Common common, @Option(names = "--round", required = true) int round) {
            try (FedLedger ledger = FedLedger.open(common.profile())) {
                Receipt<RoundRecord> r = ledger.verifier(common.task).resolve(round);
                common.print(r, "round " + round + " of " + common.task + " is " + r.record().state());
            }
            return FedLedgerCli.OK;
        }
    }

    /** {@code fedledger train}: one hospital's trainer takes part in the task's open round. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train one site locally on the verified global model and submit the update (trainer).")
    static final class TrainCommand implements java.util.concurrent.Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--dataset", defaultValue = "breast-cancer", description = "breast-cancer or digits")
        String name;

        @Option(names = "--site", description = "train on this site (1..sites) of the bundled dataset's demo split")
        Integer site;

        @Option(names = "--sites", defaultValue = "3", description = "how many sites the bundled data is split into")
        int sites;

        @Option(names = "--data-file", description = "train on this organisation's own file, in the dataset's layout, "
                + "instead of a demo site (scaled like the task's reference data)")
        Path dataFile;

        @Option(names = "--wait-minutes", defaultValue = "10", description = "how long to wait for an open round")
        int minutes;

        @Override
        public Integer call() {
            if ((site == null) == (dataFile == null)) {
                throw new IllegalArgumentException("give either --site (a site of the bundled dataset) or --data-file "
                        + "(your own data), not " + (site == null ? "neither" : "both"));
            }
            if (site != null && (site < 1 || site > sites)) {
                throw new IllegalArgumentException("--site must be 1.." + sites + ", was " + site);
            }
            DemoTask spec = dataset(name, sites);
            Dataset data = site != null ? spec.sites().get(site - 1) : spec.ownData(dataFile);
            LocalModel local = spec.model().apply(site != null ? site - 1 : 0);
            try (FedLedger ledger = FedLedger.open(common.profile())) {
                Trainer trainer = ledger.trainer(common.task);
                RoundRecord round = trainer.awaitOpenRound(Duration.ofMinutes(minutes));
                Receipt<UpdateRecord> r = trainer.trainRound(round.round(), global -> {
                    local.setWeights(global);
                    return new LocalTraining.Result(local.weights(), local.train(data, 1));
                });
                common.print(r, "update " + r.record().hash() + " of " + r.record().samples()
                        + " samples submitted to round " + round.round() + " (from model version " + round.baseVersion()
                        + ")");
            }
            return FedLedgerCli.OK;
        }
    }

    /** {@code fedledger aggregate}: the aggregator proposes a closed round's next model. */
    @Command(name = "aggregate", mixinStandardHelpOptions = true,
            description = "Aggregate a closed round with the task's rule and propose it (aggregator).")
    static final class AggregateCommand implements java.util.concurrent.Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--round", required = true, description = "the closed round")
        int round;

        @Override
        public Integer call() {
            try (FedLedger ledger = FedLedger.open(common.profile())) {
                Aggregation next = ledger.aggregator(common.task).aggregate(round);
                var r = ledger.aggregator(common.task).propose(next);
                common.print(r, "proposal " + r.record().seq() + " of round " + round + ": output "
                        + r.record().outputHash() + ", " + next.manifest().inputs().size() + " inputs");
            }
            return FedLedgerCli.OK;
        }
    }

    /**
     * {@code fedledger attest}: one verifier step by hand, what the verifier service does on each
     * proposal: recompute the round's latest proposal (or {@code --seq}) and attest the verdict.
     */
    @Command(name = "attest", mixinStandardHelpOptions = true,
            description = "Recompute a round's proposal and attest the verdict for this organisation (verifier).")
    static final class AttestCommand implements java.util.concurrent.Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--round", required = true, description = "the proposed round")
        int round;

        @Option(names = "--seq", description = "the proposal's sequence number (default: the round's latest)")
        Integer seq;

        @Override
        public Integer call() {
            try (FedLedger ledger = FedLedger.open(common.profile())) {
                int proposal = seq != null ? seq : ledger.auditor().round(common.task, round).proposalSeq();
                if (proposal < 1) {
                    throw new IllegalArgumentException("round " + round + " of task " + common.task + " has no proposal yet");
                }
                Verification v = ledger.verifier(common.task).verify(round, proposal);
                var r = ledger.verifier(common.task).attest(v);
                // One step at a time by hand: the verifier that decides the quorum resolves the round too.
                if (ledger.verifier(common.task).tally(round, proposal).outcome() != Quorum.Outcome.OPEN) {
                    ledger.verifier(common.task).resolve(round);
                }
                common.print(r, "attested " + v.verdict() + " on proposal " + proposal + " of round " + round
                        + v.reason().map(why -> " (" + why + ")").orElse("") + "; the round is now "
                        + ledger.auditor().round(common.task, round).state());
            }
            return FedLedgerCli.OK;
        }
    }
}
