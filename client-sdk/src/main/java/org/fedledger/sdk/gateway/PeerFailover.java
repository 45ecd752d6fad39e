package org.fedledger.sdk.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.FedLedgerClientException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.progress.Progress;
import org.fedledger.sdk.progress.ProgressListener;

/**
 * Where an evaluation or an endorsement goes: the organisation's own peer, and when that is
 * unreachable (the peer or its chaincode server down, or its Gateway not yet knowing the other peers
 * after a restart) the other organisations' peers the profile names, in order. An endorsement that
 * fails there ordered nothing, so asking the next peer is safe; the transaction then goes to the
 * orderers, and its commit status comes, through that peer's Gateway. Every peer
 * of the channel holds the same public state once it has committed the same blocks ({@link ReadYourWrites}
 * waits for that), so a record read there is the same record. Private
 * data is different: a peer holds a task's payloads only when its organisation is one of the task's, and
 * only once the payload reached it, so a private-data read that another organisation's peer answers with
 * {@code NOT_FOUND} is not an answer: it counts as unreachable and the own peer is asked again on the
 * next attempt. A {@code NOT_FOUND} from the own peer sends the read to the others too (the own copy
 * may have been written while that peer was down); when none of them holds it, it is the answer.
 *
 * <p>After the own peer failed, it is asked last for {@code recheck}, so reads do not pay for its
 * failure each time, and first again after that, so a restarted peer is used again within
 * {@code recheck}.
 *
 * @param <P> a peer's connection
 */
final class PeerFailover<P> {
    private final P own;
    private final String ownName;
    private final List<P> others;
    private final Function<P, String> names;
    private final Duration recheck;
    private final LongSupplier nanoClock;
    private final ProgressListener progress;
    /** Until when (nanoClock) the own peer is asked last; 0 = it is asked first. */
    private volatile long ownDownUntil;
    private volatile boolean ownDown;

    PeerFailover(P own, List<P> others, Function<P, String> names, Duration recheck, LongSupplier nanoClock,
            ProgressListener progress) {
        this.own = Objects.requireNonNull(own, "own");
        this.others = List.copyOf(others);
        this.names = Objects.requireNonNull(names, "names");
        this.ownName = names.apply(own);
        this.recheck = Objects.requireNonNull(recheck, "recheck");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs {@code evaluate} on the first peer that answers.
     *
     * @param what the call, for progress lines
     * @param privateData whether the call reads a private data collection
     * @param evaluate the evaluation on one peer, throwing the SDK's exceptions
     * @return the first answer
     * @throws LedgerUnavailableException the own peer's failure, when no peer answered
     * @throws FedLedgerClientException any other failure, from the peer that answered with it
     */
    <T> T evaluate(String what, boolean privateData, Function<P, T> evaluate) {
        long start = nanoClock.getAsLong();
        boolean ownFirst = !ownDown || start - ownDownUntil >= 0;
        LedgerUnavailableException ownFailure = null;
        ContractRefusedException ownNotHeld = null;
        ContractRefusedException otherNotFound = null;
        if (ownFirst) {
            try {
                T answer = evaluate.apply(own);
                ownDown = false;
                return answer;
            } catch (LedgerUnavailableException e) {
                ownFailure = e;
                ownDown = true;
                ownDownUntil = nanoClock.getAsLong() + recheck.toNanos();
            } catch (ContractRefusedException e) {
                if (!(privateData && e.code() == ErrorCode.NOT_FOUND)) {
                    throw e;
                }
                // The own peer lacks this payload (a copy written while it was down): another task
                // organisation's peer answers with its own copy, the same bytes.
                ownNotHeld = e;
            }
        }
        for (P other : others) {
            try {
                T answer = evaluate.apply(other);
                if (ownFailure != null) {
                    progress.waiting(new Progress(what, Duration.ofNanos(nanoClock.getAsLong() - start), ownName
                            + " is unreachable (" + ownFailure.getMessage() + "); asked " + names.apply(other)
                            + " instead"));
                }
                return answer;
            } catch (LedgerUnavailableException e) {
                // this one is down too: the next
            } catch (ContractRefusedException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                if (!privateData) {
                    if (ownFirst) {
                        throw e;
                    }
                    // The own peer was skipped, not found down: this peer may only be behind it (a record
                    // this connection learned of from an event on its own peer), so the own peer decides.
                    otherNotFound = e;
                    break;
                }
                // that organisation's peer does not hold the payload (yet): not an answer
            }
        }
        if (ownNotHeld != null) {
            throw ownNotHeld;
        }
        if (ownFirst) {
            throw ownFailure;
        }
        try {
            T answer = evaluate.apply(own);
            ownDown = false;
            return answer;
        } catch (LedgerUnavailableException e) {
            ownDownUntil = nanoClock.getAsLong() + recheck.toNanos();
            if (otherNotFound != null) {
                throw otherNotFound;
            }
            throw e;
        }
    }
}
