package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.ValidationCode;
import org.fedledger.sdk.progress.Progress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A submit whose commit status does not come sends the same signed transaction again after a short
 * wait, instead of waiting out a long deadline; time here is a fake clock that only the waits move.
 */
class CommitWatchTest {
    private static final Duration STATUS_WAIT = Duration.ofSeconds(4);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BACKOFF = Duration.ofMillis(500);
    private static final CommitWatch.Outcome VALID = new CommitWatch.Outcome(ValidationCode.VALID, 42);

    private long now;
    private final List<Progress> lines = new ArrayList<>();

    private CommitWatch watch() {
        return new CommitWatch(STATUS_WAIT, TIMEOUT, BACKOFF, () -> now, d -> now += d.toNanos(), lines::add);
    }

    /**
     * A transaction on a fake network: each status request and each send takes the next scripted
     * answer. A status request that finds nothing lasts its whole wait, as the peer's does.
     */
    private final class Network implements CommitWatch.Sent {
        final Deque<Object> statuses = new ArrayDeque<>();
        final Deque<Object> sends = new ArrayDeque<>();
        int sent;
        final List<Duration> waits = new ArrayList<>();

        @Override
        public String transactionId() {
            return "tx1";
        }

        @Override
        public Optional<CommitWatch.Outcome> status(Duration wait) {
            waits.add(wait);
            Object next = statuses.isEmpty() ? "nothing" : statuses.remove();
            if (next instanceof CommitWatch.Outcome o) {
                return Optional.of(o);
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            now += wait.toNanos();
            return Optional.empty();
        }

        @Override
        public void resend() {
            Object next = sends.isEmpty() ? "taken" : sends.remove();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            sent++;
        }
    }

    private static LedgerUnavailableException noLeader() {
        return new LedgerUnavailableException("submit failed: UNAVAILABLE (no Raft leader)", null);
    }

    @Test
    void a_committed_transaction_is_sent_once_and_its_status_returned_at_once() {
        Network n = new Network();
        n.statuses.add(VALID);

        assertThat(watch().sendAndAwait("submitUpdate", n)).isEqualTo(VALID);
        assertThat(n.sent).isEqualTo(1);
        assertThat(lines).isEmpty();
    }

    @Test
    void a_transaction_lost_with_its_orderer_is_sent_again_after_the_short_wait_and_commits_within_seconds() {
        Network n = new Network();
        n.statuses.add("nothing");
        n.statuses.add(VALID);

        assertThat(watch().sendAndAwait("submitUpdate", n)).isEqualTo(VALID);
        assertThat(n.sent).isEqualTo(2);
        assertThat(Duration.ofNanos(now)).isEqualTo(STATUS_WAIT);
        assertThat(lines).singleElement().satisfies(p -> {
            assertThat(p.call()).isEqualTo("submitUpdate");
            assertThat(p.detail()).contains("no commit status for transaction tx1 within 4.0 s")
                    .contains("sending the same signed transaction again");
        });
    }

    @Test
    void sends_refused_while_the_orderers_elect_a_leader_are_tried_again_after_a_backoff() {
        Network n = new Network();
        n.statuses.add("nothing");
        n.sends.add("taken");
        n.sends.add(noLeader());
        n.sends.add(noLeader());
        n.statuses.add(VALID);

        assertThat(watch().sendAndAwait("openRound", n)).isEqualTo(VALID);
        assertThat(n.sent).isEqualTo(2);
        assertThat(Duration.ofNanos(now)).isEqualTo(STATUS_WAIT.plus(BACKOFF).plus(BACKOFF));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).detail()).contains("the orderers did not take transaction tx1").contains("no Raft leader");
    }

    @Test
    void a_peer_that_does_not_answer_the_status_request_is_asked_again_after_a_backoff() {
        Network n = new Network();
        n.statuses.add(new LedgerUnavailableException("peer restarting", null));
        n.statuses.add(VALID);

        assertThat(watch().await("closeRound", n)).isEqualTo(VALID);
        assertThat(Duration.ofNanos(now)).isEqualTo(BACKOFF);
        assertThat(lines).singleElement().satisfies(p -> assertThat(p.detail()).contains("peer restarting"));
    }

    @Test
    void a_thread_interrupted_while_it_waits_gives_up_at_once_without_saying_it_tries_again() {
        Network n = new Network();
        // gRPC's blocking call cancels on an interrupt, fails with CANCELLED and sets the flag again.
        n.statuses.add(new LedgerUnavailableException("CANCELLED: Thread interrupted", null));
        n.statuses.add(VALID);
        Thread.currentThread().interrupt();
        try {
            CommitStatusUnknownException e = catchThrowableOfType(CommitStatusUnknownException.class,
                    () -> watch().await("submitUpdate", n));
            assertThat(e).isNotNull();
            assertThat(e.getCause()).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(lines).as("progress lines").isEmpty();
        assertThat(now).as("no backoff slept").isZero();
        assertThat(n.statuses).as("not asked again").containsExactly(VALID);
    }

    @Test
    void no_status_wait_runs_past_the_timeout() {
        Network n = new Network();
        CommitStatusUnknownException e = catchThrowableOfType(CommitStatusUnknownException.class,
                () -> watch().sendAndAwait("submitUpdate", n));

        assertThat(e.transactionId()).hasValue("tx1");
        assertThat(Duration.ofNanos(now)).isEqualTo(TIMEOUT);
        assertThat(n.waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(STATUS_WAIT));
        assertThat(n.sent).isEqualTo(8);
    }

    @Nested
    class Invalid {
        @Test
        void an_invalid_commit_is_an_outcome_and_is_not_sent_again() {
            Network n = new Network();
            CommitWatch.Outcome conflict = new CommitWatch.Outcome(ValidationCode.MVCC_READ_CONFLICT, 9);
            n.statuses.add(conflict);

            assertThat(watch().sendAndAwait("attestModel", n)).isEqualTo(conflict);
            assertThat(n.sent).isEqualTo(1);
        }
    }
}
