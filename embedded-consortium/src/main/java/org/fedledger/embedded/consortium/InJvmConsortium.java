package org.fedledger.embedded.consortium;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.Trainer;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.RoundFailedException;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundDriver;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.sdk.rounds.RoundPolicy;
import org.fedledger.sdk.verifier.VerifierService;

/** The {@link Consortium} on an in-memory {@link EmbeddedLedger}, its roles on a thread each. */
final class InJvmConsortium implements Consortium {
    static final String TRAINER = "User1";
    static final String VERIFIER = "User2";
    static final String COORDINATOR = "User3";
    /** How long a simulated trainer waits for a round to open or a model to become final. */
    private static final Duration TRAINER_WAIT = Duration.ofMinutes(10);

    private final EmbeddedLedger ledger;
    private final Path stateDirectory;
    private final String taskId;
    private final List<LedgerConnection> connections = new ArrayList<>();
    private final List<VerifierService> verifiers = new ArrayList<>();
    private final ExecutorService threads;
    private CompletableFuture<List<RoundOutcome>> rounds;
    private final CompletableFuture<List<RoundOutcome>> firstTrainerFailure = new CompletableFuture<>();
    private boolean closed;

    private InJvmConsortium(Consortium.Builder b, Path stateDirectory) {
        this.stateDirectory = stateDirectory;
        this.taskId = b.task.taskId();
        this.ledger = EmbeddedLedger.builder().organisations(b.organisations).inMemory().build();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "consortium-" + taskId);
            t.setDaemon(true);
            return t;
        });
    }

    static Consortium start(Consortium.Builder b) {
        List<String> outside = b.task.argument().allowedOrgs().stream()
                .filter(msp -> !msp.matches("Org([1-9][0-9]?)MSP") || number(msp) > b.organisations).toList();
        if (!outside.isEmpty()) {
            throw new IllegalArgumentException("the task allows " + outside + ", outside the consortium's Org1MSP..Org"
                    + b.organisations + "MSP");
        }
        b.simulatedTrainers.keySet().stream().filter(org -> org > b.organisations).findFirst().ifPresent(org -> {
            throw new IllegalArgumentException("no organisation " + org + " to simulate a trainer in: the consortium has "
                    + b.organisations);
        });
        Path state;
        try {
            state = Files.createTempDirectory("fedledger-consortium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the verifiers' state folder", e);
        }
        InJvmConsortium consortium = new InJvmConsortium(b, state);
        try {
            consortium.run(b);
            return consortium;
        } catch (RuntimeException e) {
            consortium.close();
            throw e;
        }
    }

    private static int number(String msp) {
        return Integer.parseInt(msp.substring(3, msp.length() - 3));
    }

    /** Registers everyone, creates the task and starts every role's thread. */
    private void run(Consortium.Builder b) {
        List<String> orgs = ledger.organisations();
        Person coordinator = person(orgs.get(0), COORDINATOR);
        Person firstAdmin = person(orgs.get(0), "Admin");
        register(firstAdmin, coordinator, Role.COORDINATOR, Role.AGGREGATOR, Role.AUDITOR);
        List<FedLedger> verifierLedgers = new ArrayList<>();
        for (String msp : orgs) {
            Person admin = msp.equals(orgs.get(0)) ? firstAdmin : person(msp, "Admin");
            register(admin, person(msp, TRAINER), Role.TRAINER);
            Person verifier = person(msp, VERIFIER);
            register(admin, verifier, Role.VERIFIER);
            verifierLedgers.add(verifier.ledger());
        }
        long taskBlock = coordinator.ledger().coordinator().createTask(b.task).blockNumber();
        for (FedLedger verifier : verifierLedgers) {
            verifiers.add(VerifierService.start(verifier, stateDirectory.resolve("verifier-" + verifier.whoAmI().msp()),
                    taskBlock, outcome -> { }));
        }
        b.simulatedTrainers.forEach((org, training) -> {
            Trainer trainer = person(orgs.get(org - 1), TRAINER).ledger().trainer(taskId);
            CompletableFuture.runAsync(() -> train(trainer, training, b.rounds), threads)
                    .exceptionally(e -> {
                        firstTrainerFailure.completeExceptionally(e.getCause() == null ? e : e.getCause());
                        return null;
                    });
        });
        // By default a round closes once every organisation's trainer has submitted (or the task's maximum).
        RoundPolicy policy = b.policy != null ? b.policy
                : RoundPolicy.expecting(Math.min(b.task.argument().maxUpdates(), b.organisations));
        RoundDriver driver = RoundDriver.of(coordinator.ledger(), taskId, policy);
        rounds = CompletableFuture.supplyAsync(() -> {
            List<RoundOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < b.rounds; i++) {
                outcomes.add(driver.runRound());
            }
            return List.copyOf(outcomes);
        }, threads);
    }

    /** A simulated site: every round, the verified global model, its training, the update. */
    private static void train(Trainer trainer, LocalTraining training, int rounds) {
        for (int i = 0; i < rounds; i++) {
            RoundRecord round = trainer.awaitOpenRound(TRAINER_WAIT);
            trainer.trainRound(round.round(), training);
            try {
                trainer.awaitModel(round.baseVersion() + 1, TRAINER_WAIT);
            } catch (RoundFailedException e) {
                // The round failed for want of others' updates: this site joins the next one.
            }
        }
    }

    /** A member of organisation {@code msp}, connected; the connection closes with the consortium. */
    private Person person(String msp, String user) {
        LedgerConnection connection = connect(ConnectionProfile.of(Map.of("mspId", msp, "user", user)));
        return new Person(FedLedger.over(connection), connection.identity().certificatePem());
    }

    /** The member asks for {@code roles} with its own identity and its organisation's admin approves them. */
    private static void register(Person admin, Person member, Role... roles) {
        member.ledger().membership().requestRoles(roles);
        admin.ledger().admin().register(member.certificatePem(), roles);
    }

    /** A connected member and the certificate its admin registers. */
    private record Person(FedLedger ledger, String certificatePem) {
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public List<String> organisations() {
        return ledger.organisations();
    }

    @Override
    public ConnectionProfile trainerProfile(int organisation) {
        List<String> orgs = ledger.organisations();
        if (organisation < 1 || organisation > orgs.size()) {
            throw new IllegalArgumentException("organisation must be 1.." + orgs.size() + ", was " + organisation);
        }
        return ConnectionProfile.of(Map.of("ledger", "embedded", "mspId", orgs.get(organisation - 1), "user", TRAINER));
    }

    @Override
    public synchronized LedgerConnection connect(ConnectionProfile profile) {
        if (closed) {
            throw new IllegalStateException("the consortium of task '" + taskId + "' is closed");
        }
        LedgerConnection connection = ledger.connect(ledger.identity(profile));
        connections.add(connection);
        return connection;
    }

    @Override
    public List<RoundOutcome> awaitRounds(Duration timeout) {
        try {
            CompletableFuture.anyOf(rounds, firstTrainerFailure).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return rounds.get();
        } catch (TimeoutException e) {
            throw new AwaitTimeoutException("the " + taskId + " consortium's rounds", timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the consortium of task '" + taskId + "' failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting the rounds of task '" + taskId + "'", e);
        }
    }

    @Override
    public void close() {
        List<LedgerConnection> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(connections);
        }
        verifiers.forEach(VerifierService::close);
        threads.shutdownNow();
        open.forEach(LedgerConnection::close);
        ledger.close();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(stateDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is no failure of the consortium's work.
        }
    }

    @Override
    public String toString() {
        return "Consortium[task=" + taskId + ", organisations=" + ledger.organisations() + "]";
    }
}
