package org.fedledger.sdk;

import org.fedledger.protocol.record.CallerIdentity;
import org.fedledger.sdk.events.ProtocolEvents;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerProvider;

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
     * closing the returned object closes the connection it opened.
     */
    static FedLedger open(ConnectionProfile profile) {
        return new Client(LedgerProvider.open(profile), true, RetryPolicy.defaults());
    }

    /** Uses a connection the application opened and will close; {@link #close()} leaves it open. */
    static FedLedger over(LedgerConnection connection) {
        return over(connection, RetryPolicy.defaults());
    }

    /** As {@link #over(LedgerConnection)}, with a retry policy for transient failures. */
    static FedLedger over(LedgerConnection connection, RetryPolicy retry) {
        return new Client(connection, false, retry);
    }

    /** @return who this identity is on the ledger: id, organisation, admin flag, registration and roles */
    CallerIdentity whoAmI();

    /** @return what this identity does for itself: request roles from its organisation's admin */
    Membership membership();

    /** @return what an organisation's admin does: approve its members' role requests, change roles, revoke */
    Admin admin();

    /** @return what a coordinator does: create tasks, open and close rounds */
    Coordinator coordinator();

    /** @return what a trainer does in task {@code taskId} */
    Trainer trainer(String taskId);

    /** @return what an aggregator does in task {@code taskId} */
    Aggregator aggregator(String taskId);

    /** @return what a verifier does in task {@code taskId} */
    Verifier verifier(String taskId);

    /** @return read-only access for auditors (and every participant) */
    Auditor auditor();

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
