package org.fedledger.sdk;

import java.time.Clock;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.protocol.record.CallerIdentity;
import org.fedledger.sdk.events.ProtocolEvents;
import org.fedledger.sdk.gateway.GatewayLedger;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerProvider;
import org.fedledger.sdk.progress.ProgressListener;

/**
 * The SDK's one entry point: a FedLedger channel as one identity sees it, with one small API per
 * role. The same code runs on a consortium's Fabric network and on the embedded ledger; which one is
 * a matter of the {@link ConnectionProfile} alone.
 *
 * <pre>{@code
 * try (FedLedger ledger = FedLedger.open(ConnectionProfile.fromEnvironment())) {
 *     Trainer trainer = ledger.trainer("breast-cancer");
 *     RoundRecord round = trainer.awaitOpenRound(Duration.ofMinutes(5));
 *     Model local = train(trainer.currentModel().model());
 *     trainer.submitUpdate(round.round(), local, samples);
 * }
 * }</pre>
 */
public interface FedLedger extends AutoCloseable {

    /**
     * Opens the ledger the profile names ({@code ledger=fabric}, the default, or {@code embedded});
     * closing the returned object closes the connection it opened. Transient failures are retried
     * under {@link RetryPolicy#from(ConnectionProfile)} (30 s unless the profile says otherwise); what a
     * call does while it waits goes to {@link ProgressListener#logger()}.
     *
     * @throws IllegalArgumentException when the profile lacks what its ledger kind needs
     */
    static FedLedger open(ConnectionProfile profile) {
        return open(profile, ProgressListener.logger());
    }

    /**
     * As {@link #open(ConnectionProfile)}, with the listener that hears each retry, each read failed
     * over to another organisation's peer and each transaction resent after a lost commit status.
     *
     * <pre>{@code
     * FedLedger ledger = FedLedger.open(profile, p -> System.err.println(p.line()));
     * }</pre>
     *
     * @throws IllegalArgumentException when the profile lacks what its ledger kind needs
     */
    static FedLedger open(ConnectionProfile profile, ProgressListener progress) {
        java.util.Objects.requireNonNull(progress, "progress");
        RetryPolicy retry = RetryPolicy.from(profile);
        LedgerConnection connection = GatewayLedger.KIND.equals(profile.ledger()) ? GatewayLedger.open(profile, progress)
                : LedgerProvider.open(profile);
        return new Client(connection, true, retry, progress, Clock.systemUTC());
    }

    /** Uses a connection the application opened and will close; {@link #close()} leaves it open. */
    static FedLedger over(LedgerConnection connection) {
        return over(connection, RetryPolicy.defaults());
    }

    /** As {@link #over(LedgerConnection)}, with a retry policy for transient failures. */
    static FedLedger over(LedgerConnection connection, RetryPolicy retry) {
        return over(connection, retry, ProgressListener.logger());
    }

    /**
     * As {@link #over(LedgerConnection)}, with a retry policy and the listener that hears each retry.
     *
     * <pre>{@code
     * FedLedger ledger = FedLedger.over(connection, RetryPolicy.defaults(), ProgressListener.none());
     * }</pre>
     */
    static FedLedger over(LedgerConnection connection, RetryPolicy retry, ProgressListener progress) {
        return new Client(connection, false, retry, java.util.Objects.requireNonNull(progress, "progress"),
                Clock.systemUTC());
    }

    /**
     * As {@link #over(LedgerConnection, RetryPolicy)}, reading time from {@code clock}: when an await
     * times out, and whether a round's deadline has passed ({@link Verifier#closeIfOverdue}, the
     * verifier service). A ledger's own time (a transaction's timestamp) is the ledger's; a test that
     * gives the embedded ledger and the SDK one clock moves past a deadline without waiting for it.
     *
     * <pre>{@code
     * FedLedger verifier = FedLedger.over(connection, RetryPolicy.defaults(), Clock.systemUTC());
     * }</pre>
     *
     * @param connection a connection the application opened and will close
     * @param retry the retry policy for transient failures
     * @param clock where the SDK reads the time
     * @return the client; {@link #close()} leaves the connection open
     */
    static FedLedger over(LedgerConnection connection, RetryPolicy retry, Clock clock) {
        return new Client(connection, false, retry, ProgressListener.logger(), clock);
    }

    /** @return the clock this client reads time from: the system's unless one was given */
    Clock clock();

    /** @return who this identity is on the ledger: id, organisation, admin flag, registration and roles */
    CallerIdentity whoAmI();

    /** @return what this identity does for itself: request roles from its organisation's admin */
    Membership membership();

    /** @return what an organisation's admin does: approve its members' role requests, change roles, revoke */
    Admin admin();

    /** @return what a coordinator does: create tasks, open and close rounds */
    Coordinator coordinator();

    /**
     * @return what a trainer does in task {@code taskId}; the same object for the same task, so that a
     *     top-k task's error feedback carries from one round to the next
     */
    Trainer trainer(String taskId);

    /**
     * @param taskId a secure task
     * @param keys this trainer's masking keys for the task, which the caller keeps across rounds
     * @return what a trainer does in a secure task: keys, masked updates, reveals
     */
    SecureTrainer secureTrainer(String taskId, MaskingKeys keys);

    /** @return what an aggregator does in task {@code taskId} */
    Aggregator aggregator(String taskId);

    /** @return what a verifier does in task {@code taskId} */
    Verifier verifier(String taskId);

    /** @return datasets with privacy budgets, what they spent, and tasks' privacy mechanisms */
    Privacy privacy();

    /** @return read-only access for auditors (and every participant) */
    Auditor auditor();

    /** @return read-only queries of incentives: rules, contributions, credits, reputation */
    org.fedledger.sdk.incentives.Incentives incentives();

    /**
     * Waits until this identity's peer has committed {@code blockNumber} (a receipt's block), so that
     * what it reads next includes that transaction: for acting right after another organisation.
     *
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when the peer does not get there in time
     */
    void awaitBlock(long blockNumber, java.time.Duration timeout);

    /** @return the channel's protocol events, typed and checkpointed */
    ProtocolEvents events();

    /** Closes the connection if {@link #open(ConnectionProfile)} made it; otherwise nothing. */
    @Override
    void close();
}
