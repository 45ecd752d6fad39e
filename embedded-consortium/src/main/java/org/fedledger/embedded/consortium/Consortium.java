package org.fedledger.embedded.consortium;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.sdk.rounds.RoundPolicy;

/**
 * A consortium running in this JVM on an in-memory embedded ledger, so that a trainer can be tried end to
 * end from a unit test: organisations {@code Org1MSP..Org<N>MSP}, each with a registered trainer
 * ({@code User1}) and a verifier ({@code User2}) whose {@link org.fedledger.sdk.verifier.VerifierService}
 * runs; Org1's {@code User3} creates the task and, on a background thread, drives its rounds with the SDK's
 * {@link org.fedledger.sdk.rounds.RoundDriver} (open, collect, close, aggregate, propose, await the
 * verifiers). The caller plays the trainers: {@link #trainerProfile(int)} names one, {@link
 * #connect(ConnectionProfile)} connects it, and the trainer's code runs over that connection exactly as it
 * runs over {@code FedLedger.open(profile)} on a Fabric network. Trainers the caller does not play can be
 * simulated with {@link Builder#trainer(int, LocalTraining)}. Closing the consortium stops everything and
 * removes what it kept on disk.
 *
 * <pre>{@code
 * TaskDefinition task = TaskDefinition.builder("bc1", initialModel).updates(3, 3)
 *         .allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP").build();
 * try (Consortium consortium = Consortium.builder(task).rounds(5).start();
 *         LedgerConnection hospital = consortium.connect(consortium.trainerProfile(2))) {
 *     myTrainer.run(FedLedger.over(hospital), consortium.taskId());   // with two simulated trainers
 *     List<RoundOutcome> rounds = consortium.awaitRounds(Duration.ofMinutes(2));
 * }
 * }</pre>
 */
public interface Consortium extends AutoCloseable {
    /**
     * @param task the task the consortium runs; its {@code allowedOrgs} must be organisations of the
     *     consortium ({@code Org1MSP..Org<N>MSP})
     * @return a builder with the defaults: three organisations, one round, a round policy expecting an
     *     update from every organisation's trainer (at most the task's maximum)
     */
    static Builder builder(TaskDefinition task) {
        return new Builder(task);
    }

    /** @return the task's id */
    String taskId();

    /** @return the organisations' MSP ids, in order: {@code Org1MSP} first */
    List<String> organisations();

    /**
     * The profile of an organisation's registered trainer: {@code ledger=embedded}, {@code mspId} and
     * {@code user} (the keys every ledger kind takes). Open it with {@link #connect(ConnectionProfile)}:
     * the ledger lives in this consortium, not in a data folder another provider could open.
     *
     * @param organisation 1 for {@code Org1MSP}, up to the number of organisations
     * @return the profile
     * @throws IllegalArgumentException when there is no such organisation
     */
    ConnectionProfile trainerProfile(int organisation);

    /**
     * Connects the identity a profile names ({@code mspId} and {@code user}; {@code Admin} is the
     * organisation's admin, any other user a client member, registered or not) to the consortium's
     * ledger. The caller closes the connection; the consortium closes those still open when it closes.
     *
     * @param profile a profile with {@code mspId} and {@code user}
     * @return the connection
     * @throws IllegalArgumentException when a key is missing or names no organisation of the consortium
     * @throws IllegalStateException when the consortium is closed
     */
    LedgerConnection connect(ConnectionProfile profile);

    /**
     * Waits until the coordinator has driven every round.
     *
     * @param timeout how long to wait
     * @return each round's outcome, in order (a round FAILED when too few trainers answered)
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when the rounds are not done within {@code timeout}
     * @throws org.fedledger.sdk.errors.FedLedgerClientException the coordinator's or a simulated trainer's
     *     failure, as it was thrown
     * @throws IllegalStateException any other failure of theirs, as its cause
     */
    List<RoundOutcome> awaitRounds(Duration timeout);

    /** Stops the coordinator, the simulated trainers and the verifier services, and closes the ledger. */
    @Override
    void close();

    /**
     * Configures a {@link Consortium}; each setter checks its argument.
     *
     * <pre>{@code
     * Consortium consortium = Consortium.builder(task).organisations(4).rounds(10)
     *         .policy(RoundPolicy.expecting(3).collectFor(Duration.ofSeconds(5)))
     *         .trainer(3, global -> new LocalTraining.Result(global, 100)).start();
     * }</pre>
     */
    final class Builder {
        final TaskDefinition task;
        int organisations = 3;
        int rounds = 1;
        RoundPolicy policy;
        final Map<Integer, LocalTraining> simulatedTrainers = new TreeMap<>();

        private Builder(TaskDefinition task) {
            this.task = Objects.requireNonNull(task, "task");
        }

        /**
         * @param count organisations {@code Org1MSP..Org<count>MSP}
         * @return this
         * @throws IllegalArgumentException unless 3..16: the proposer's organisation never attests, and a
         *     task's attestation quorum is at least 2
         */
        public Builder organisations(int count) {
            if (count < 3 || count > 16) {
                throw new IllegalArgumentException("organisations must be 3..16, was " + count);
            }
            this.organisations = count;
            return this;
        }

        /**
         * @param count the rounds the coordinator drives
         * @return this
         * @throws IllegalArgumentException unless at least 1
         */
        public Builder rounds(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, was " + count);
            }
            this.rounds = count;
            return this;
        }

        /**
         * @param policy when the coordinator closes a round and how long it waits for the verifiers
         * @return this
         */
        public Builder policy(RoundPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Has the consortium play an organisation's trainer itself: every round, it trains with
         * {@code training} and submits, as {@code Trainer.trainRound} does. The caller then does not
         * connect that trainer.
         *
         * @param organisation 1 for {@code Org1MSP}, ...
         * @param training the simulated site's local training
         * @return this
         * @throws IllegalArgumentException when the organisation is below 1
         */
        public Builder trainer(int organisation, LocalTraining training) {
            if (organisation < 1) {
                throw new IllegalArgumentException("organisation must be at least 1, was " + organisation);
            }
            simulatedTrainers.put(organisation, Objects.requireNonNull(training, "training"));
            return this;
        }

        /**
         * Starts the ledger, registers every member, creates the task, starts the verifier services, the
         * simulated trainers and the coordinator.
         *
         * @return the running consortium; close it when done
         * @throws IllegalArgumentException when the task or a simulated trainer names an organisation
         *     outside the consortium
         * @throws java.io.UncheckedIOException when the verifiers' state folder cannot be made
         * @throws org.fedledger.sdk.errors.ContractRefusedException when the chaincode refuses the task
         */
        public Consortium start() {
            return InJvmConsortium.start(this);
        }
    }
}
