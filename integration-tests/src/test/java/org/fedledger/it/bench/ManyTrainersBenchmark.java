package org.fedledger.it.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.gateway.GatewayLedger;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.testing.SdkParticipants;

/**
 * Issue 25's many-trainers target: the ledger operations of a round with {@code --trainers} trainers
 * (threads, each its own identity, spread over the three organisations), on the embedded ledger or the
 * local Fabric network. Each round: the owner opens it (the open also makes the last round FINAL), every
 * trainer submits at once, and then, in a hierarchical task, each organisation's aggregator publishes its
 * partial sum and its verifier attests it; the owner's aggregator proposes on the full round, two other
 * organisations' verifiers recompute and attest. Flat exact FedAvg (every trainer's update public to every
 * organisation) runs first in the same run, as the baseline. No training: the updates are small models,
 * so the time is the ledger's. On Fabric every other step waits until every organisation's peer has its
 * block (the next step is often another organisation's); a trainer's submit does so too with
 * {@code --trainer-commit every-peer}, and returns on its own peer's commit, as the SDK does, with
 * {@code own-peer} (its only next step is its own organisation's partial sum, read from that peer). Both
 * run by default, in that order.
 *
 * <p>A mode ending in {@code -pipelined} runs the rounds as the round driver does (docs/round-modes.md): the
 * owner's aggregator proposes with {@code proposeAndOpen}, so no round but the first has an open of its own;
 * every organisation's verifier attests; and each trainer goes the way of a trainer process,
 * {@code trainRound}: it reads the round's base (the last proposal) and waits for its own organisation's
 * verdict on it before it submits (work the unpipelined modes' bare submits skip). A round then lasts from
 * the last round's attestations to its own.
 *
 * <pre>
 * scripts/fedledger.sh bench-trainers --network fabric --trainers 100 --rounds 5
 * </pre>
 */
public final class ManyTrainersBenchmark {
    private ManyTrainersBenchmark() {
    }

    /**
     * @param args {@code --network embedded|fabric --trainers 100 --rounds 5 --modes
     *     flat,hierarchical,flat-pipelined,hierarchical-pipelined --trainer-commit every-peer,own-peer}
     * @throws Exception when a transaction is refused or a round does not complete
     */
    public static void main(String[] args) throws Exception {
        BenchFlags flags = BenchFlags.parse(args, "--network", "--trainers", "--modes", "--trainer-commit");
        String network = flags.text("--network", "embedded");
        int trainers = flags.integer("--trainers", 100);
        int rounds = flags.integer("--rounds", 5);
        List<String> modes = List.of(flags.text("--modes", "flat,hierarchical,hierarchical-pipelined").split(","));
        // On Fabric, what a trainer's submit waits for: its own peer's commit, as the SDK does, or (the test
        // harness's connection, the earlier measurements') every organisation's peer, which no trainer needs.
        List<String> waits = "embedded".equals(network) ? List.of(OWN_PEER)
                : List.of(flags.text("--trainer-commit", EVERY_PEER + "," + OWN_PEER).split(","));
        EmbeddedLedger embedded = "embedded".equals(network) ? EmbeddedLedger.builder().inMemory().build() : null;
        BiFunction<Integer, String, LedgerConnection> connect = embedded != null ? (org, user) -> {
            var organisation = embedded.organisation("Org" + org + "MSP");
            return embedded.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
        } : (org, user) -> FabricNetwork.get().sdkConnection(org, user);
        System.out.printf(Locale.ROOT, "%d trainers on the %s ledger, %d rounds per mode, load %s%n", trainers, network,
                rounds, load());
        // A thread per trainer, as separate sites would submit.
        ExecutorService pool = Executors.newFixedThreadPool(trainers + 3);
        try (SdkParticipants p = SdkParticipants.register(connect)) {
            long t0 = System.nanoTime();
            List<FedLedger> sites = register(p, pool, trainers);
            List<FedLedger> aggregators = List.of(p.aggregator, p.register(2, "User7", Role.AGGREGATOR),
                    p.register(3, "User7", Role.AGGREGATOR));
            System.out.printf(Locale.ROOT, "%d trainers registered in %d ms%n", trainers, (System.nanoTime() - t0)
                    / 1_000_000);
            System.out.printf(Locale.ROOT, "%-24s %8s %8s %8s %8s %8s %8s   %s%n", "mode", "round", "total ms",
                    "submit", "partial", "propose", "attest", "public update transactions");
            List<FedLedger> ownPeer = embedded != null ? sites : ownPeerConnections(trainers);
            try {
                for (String wait : waits) {
                    List<FedLedger> trainerSites = switch (wait) {
                        case OWN_PEER -> ownPeer;
                        case EVERY_PEER -> sites;
                        default -> throw new IllegalArgumentException("--trainer-commit takes " + OWN_PEER + " or "
                                + EVERY_PEER + ", not '" + wait + "'");
                    };
                    for (String mode : modes) {
                        if (!List.of("flat", "hierarchical", "flat-pipelined", "hierarchical-pipelined")
                                .contains(mode)) {
                            throw new IllegalArgumentException("--modes takes flat, hierarchical, flat-pipelined"
                                    + " and hierarchical-pipelined, not '" + mode + "'");
                        }
                        run(p, trainerSites, aggregators, pool, mode.startsWith("hierarchical"),
                                mode.endsWith("-pipelined"), rounds,
                                mode + (waits.size() > 1 ? " " + wait : ""), embedded == null && OWN_PEER.equals(wait)
                                        ? FabricNetwork.get()::awaitAllPeersAt : null);
                    }
                }
            } finally {
                if (ownPeer != sites) {
                    ownPeer.forEach(FedLedger::close);
                }
            }
        } finally {
            pool.shutdownNow();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** A trainer's submit returns once its own organisation's peer has committed it. */
    private static final String OWN_PEER = "own-peer";
    /** A trainer's submit returns once every organisation's peer has committed it (the test harness's wait). */
    private static final String EVERY_PEER = "every-peer";

    /** The registered trainers again, each over a plain SDK connection to the local network: own-peer commits. */
    private static List<FedLedger> ownPeerConnections(int trainers) {
        List<FedLedger> out = new ArrayList<>();
        for (int i = 0; i < trainers; i++) {
            out.add(FedLedger.over(GatewayLedger.open(FabricNetwork.get().profile(i % 3 + 1, "User" + (8 + i / 3)))));
        }
        return out;
    }

    /** Trainer {@code i} is {@code User(8 + i / 3)} of organisation {@code i mod 3 + 1}: User1..User7 have other roles. */
    private static List<FedLedger> register(SdkParticipants p, ExecutorService pool, int trainers) throws Exception {
        List<Future<FedLedger>> registered = new ArrayList<>();
        for (int i = 0; i < trainers; i++) {
            int org = i % 3 + 1;
            String user = "User" + (8 + i / 3);
            registered.add(pool.submit(() -> p.register(org, user, Role.TRAINER)));
        }
        List<FedLedger> out = new ArrayList<>();
        for (Future<FedLedger> f : registered) {
            out.add(f.get());
        }
        return out;
    }

    private static void run(SdkParticipants p, List<FedLedger> sites, List<FedLedger> aggregators, ExecutorService pool,
            boolean hierarchical, boolean pipelined, int rounds, String label,
            java.util.function.LongConsumer awaitAllPeers) throws Exception {
        RuleSpec rule = RuleSpec.parse("exact_fedavg:scale_bits=24" + (hierarchical ? ",hierarchical=1" : ""));
        TaskDefinition task = SdkParticipants.task((hierarchical ? "many-tiered" : "many-flat")
                + (pipelined ? "-piped" : "")).rule(rule)
                .updates(sites.size(), sites.size()).maxOrgSharePercent(100).maxSamples(1000)
                .roundDuration(java.time.Duration.ofMinutes(10)).build();
        p.coordinator.coordinator().createTask(task);
        String id = task.taskId();
        List<FedLedger> verifiers = List.of(p.verifier1, p.verifier2, p.verifier3);
        // Each site keeps its trainer object across rounds, as a trainer process does (it caches the task).
        List<org.fedledger.sdk.Trainer> trainerOf = sites.stream().map(site -> site.trainer(id)).toList();
        // Under pipelining every organisation's verifier attests: its own trainers wait for its verdict.
        List<FedLedger> attesting = pipelined ? verifiers : List.of(p.verifier2, p.verifier3);
        List<Long> totals = new ArrayList<>();
        long t0 = System.nanoTime();
        int number = pipelined ? p.coordinator.coordinator().openRound(id).record().round() : 0;
        for (int round = 1; round <= rounds; round++) {
            if (!pipelined) {
                t0 = System.nanoTime();
                number = p.coordinator.coordinator().openRound(id).record().round();
            }
            int current = number;
            List<Future<org.fedledger.sdk.Receipt<?>>> submits = new ArrayList<>();
            for (int i = 0; i < sites.size(); i++) {
                org.fedledger.sdk.Trainer trainer = trainerOf.get(i);
                float seed = round * 1000 + i;
                org.fedledger.core.model.Model update = SdkParticipants.model(seed / 997f);
                long samples = 1 + (long) seed % 100;
                submits.add(pool.submit(() -> pipelined
                        ? trainer.trainRound(current, global -> new org.fedledger.sdk.LocalTraining.Result(update,
                                samples))
                        : trainer.submitUpdate(current, update, samples)));
            }
            long lastBlock = 0;
            for (Future<org.fedledger.sdk.Receipt<?>> f : submits) {
                lastBlock = Math.max(lastBlock, f.get().blockNumber());
            }
            if (awaitAllPeers != null) {
                // Trainers that returned on their own peer's commit: the next step may be another organisation's
                // (a flat round's proposal), so the round goes on once every peer has the last update, once.
                awaitAllPeers.accept(lastBlock);
            }
            long tSubmitted = System.nanoTime();
            if (hierarchical) {
                List<Future<?>> partials = new ArrayList<>();
                for (int org = 0; org < 3; org++) {
                    FedLedger aggregator = aggregators.get(org);
                    FedLedger verifier = verifiers.get(org);
                    partials.add(pool.submit(() -> {
                        aggregator.aggregator(id).publishPartialSum(current);
                        return verifier.verifier(id).attestPartialSum(current);
                    }));
                }
                await(partials);
            }
            long tPartials = System.nanoTime();
            Aggregation next = p.aggregator.aggregator(id).aggregate(current);
            if (pipelined) {
                p.aggregator.aggregator(id).proposeAndOpen(next);
            } else {
                p.aggregator.aggregator(id).propose(next);
            }
            long tProposed = System.nanoTime();
            List<Future<?>> attests = new ArrayList<>();
            for (FedLedger verifier : attesting) {
                attests.add(pool.submit(() -> {
                    Verification v = verifier.verifier(id).verify(current, 1);
                    if (v.verdict() != Verdict.AGREE) {
                        throw new IllegalStateException("round " + current + ": " + v.reason().orElse("DISAGREE"));
                    }
                    return verifier.verifier(id).attest(v);
                }));
            }
            await(attests);
            long tAttested = System.nanoTime();
            long total = ms(tAttested - t0);
            totals.add(total);
            System.out.printf(Locale.ROOT, "%-24s %8d %8d %8d %8d %8d %8d   %d%n", label,
                    number, total, ms(tSubmitted - t0), ms(tPartials - tSubmitted), ms(tProposed - tPartials),
                    ms(tAttested - tProposed), hierarchical ? 3 : sites.size());
            if (pipelined) {
                t0 = tAttested;
                number++;
            }
        }
        p.verifier3.verifier(id).resolve(rounds);
        List<Long> sorted = totals.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-24s median %d ms a round (%s to the quorum's attestations), %d trainers,"
                + " load %s%n", label, sorted.get(sorted.size() / 2), pipelined ? "the last round's attestations"
                : "open", sites.size(),
                load());
    }

    private static void await(List<Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }
}
