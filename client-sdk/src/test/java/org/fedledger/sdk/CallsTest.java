package org.fedledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.CallerIdentity;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.LedgerRejectedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.fedledger.sdk.ledger.ValidationCode;
import org.fedledger.sdk.progress.Progress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Retries: which failures are retried, how often, with what waits, and what is never retried. */
class CallsTest {
    private static final String WHO = "{\"admin\":false,\"id\":\"x509::CN=a::CN=ca\",\"msp\":\"Org1MSP\",\"registered\":true,"
            + "\"revoked\":false,\"roles\":[\"trainer\"]}";

    /** A connection that answers each call with the next scripted outcome. */
    static class ScriptedConnection extends EmptyChainConnection {
        final Deque<Supplier<byte[]>> outcomes = new ArrayDeque<>();
        int calls;

        ScriptedConnection then(Supplier<byte[]> outcome) {
            outcomes.add(outcome);
            return this;
        }

        @Override
        public LedgerIdentity identity() {
            return new LedgerIdentity("Org1MSP", "-----BEGIN CERTIFICATE-----");
        }

        @Override
        public byte[] evaluate(TransactionName transaction, List<String> arguments) {
            calls++;
            return outcomes.remove().get();
        }

        @Override
        public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData) {
            calls++;
            return new Committed("tx" + calls, 7, outcomes.remove().get());
        }
    }

    private final List<Duration> waits = new ArrayList<>();

    private Calls calls(ScriptedConnection c, int attempts) {
        return new Calls(c, RetryPolicy.of(attempts, Duration.ofMillis(100), Duration.ofMillis(400)), waits::add);
    }

    private static Supplier<byte[]> ok() {
        return () -> WHO.getBytes(StandardCharsets.UTF_8);
    }

    private static Supplier<byte[]> failing(RuntimeException e) {
        return () -> {
            throw e;
        };
    }

    @Test
    void the_auditors_chain_reads_are_retried_while_the_ledger_is_unreachable_but_an_out_of_range_block_is_not() {
        int[] heightReads = {0};
        int[] blockReads = {0};
        ScriptedConnection chain = new ScriptedConnection() {
            @Override
            public long blockHeight() {
                if (++heightReads[0] < 3) {
                    throw new LedgerUnavailableException("peer down", null);
                }
                return 12;
            }

            @Override
            public byte[] block(long number) {
                blockReads[0]++;
                return super.block(number);
            }
        };
        Auditor auditor = new Client(chain, false, calls(chain, 5)).auditor();

        assertThat(auditor.blockHeight()).isEqualTo(12);
        assertThat(heightReads[0]).isEqualTo(3);
        assertThat(waits).hasSize(2);
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> auditor.block(40));
        assertThat(e).hasMessageContaining("block 40");
        assertThat(blockReads[0]).as("a block beyond the chain is not retried").isEqualTo(1);
    }

    @Nested
    class Submit {
        @Test
        void retries_an_unreachable_ledger_and_a_lost_commit_status_then_succeeds() {
            ScriptedConnection c = new ScriptedConnection()
                    .then(failing(new LedgerUnavailableException("peer down", null)))
                    .then(failing(new CommitStatusUnknownException("tx-lost", null)))
                    .then(ok());
            Receipt<CallerIdentity> r = calls(c, 5).submit(TransactionName.WHO_AM_I, Map.of(), CallerIdentity.class);
            assertThat(r.record().msp()).isEqualTo("Org1MSP");
            assertThat(c.calls).isEqualTo(3);
            assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isBetween(Duration.ZERO, Duration.ofMillis(400)));
        }

        @Test
        void a_caller_interrupted_while_its_call_fails_is_not_retried() {
            ScriptedConnection c = new ScriptedConnection()
                    .then(failing(new LedgerUnavailableException("CANCELLED: Thread interrupted", null))).then(ok());
            Thread.currentThread().interrupt();
            try {
                LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                        () -> calls(c, 5).submit(TransactionName.WHO_AM_I, Map.of(), CallerIdentity.class));
                assertThat(e).isNotNull();
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(c.calls).as("one attempt").isEqualTo(1);
            assertThat(waits).as("no backoff").isEmpty();
        }

        @Test
        void retries_a_read_conflict_but_not_an_endorsement_policy_failure() {
            ScriptedConnection conflict = new ScriptedConnection()
                    .then(failing(new CommitInvalidatedException("t1", ValidationCode.MVCC_READ_CONFLICT, 3))).then(ok());
            calls(conflict, 3).submit(TransactionName.WHO_AM_I, Map.of(), CallerIdentity.class);
            assertThat(conflict.calls).isEqualTo(2);

            ScriptedConnection policy = new ScriptedConnection()
                    .then(failing(new CommitInvalidatedException("t2", ValidationCode.ENDORSEMENT_POLICY_FAILURE, 3))).then(ok());
            CommitInvalidatedException e = catchThrowableOfType(CommitInvalidatedException.class,
                    () -> calls(policy, 3).submit(TransactionName.WHO_AM_I, Map.of(), CallerIdentity.class));
            assertThat(e.validationCode()).isEqualTo(ValidationCode.ENDORSEMENT_POLICY_FAILURE);
            assertThat(policy.calls).isEqualTo(1);
        }

        @Test
        void never_retries_a_refusal_by_the_chaincode_even_a_retryable_code() {
            ScriptedConnection c = new ScriptedConnection()
                    .then(failing(new ContractRefusedException(ErrorCode.ROUND_NOT_OPEN, "closed", "t", null))).then(ok());
            ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                    () -> calls(c, 5).submit(TransactionName.WHO_AM_I, Map.of(), CallerIdentity.class));
            assertThat(e.code()).isEqualTo(ErrorCode.ROUND_NOT_OPEN);
            assertThat(e.retryable()).isTrue();
            assertThat(c.calls).isEqualTo(1);
        }

        @Test
        void gives_up_after_the_last_attempt_with_the_last_failure() {
            ScriptedConnection c = new ScriptedConnection();
            for (int i = 0; i < 3; i++) {
                c.then(failing(new LedgerUnavailableException("down " + i, null)));
            }
            LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                    () -> calls(c, 3).submit(TransactionName.WHO_AM_I, Map.of(), CallerIdentity.class));
            assertThat(e).hasMessage("down 2");
            assertThat(c.calls).isEqualTo(3);
            assertThat(waits).hasSize(2);
        }
    }

    @Nested
    class Evaluate {
        @Test
        void retries_an_unreachable_ledger_but_not_a_rejection() {
            ScriptedConnection down = new ScriptedConnection().then(failing(new LedgerUnavailableException("down", null)))
                    .then(ok());
            assertThat(calls(down, 2).evaluate(TransactionName.WHO_AM_I, CallerIdentity.class).registered()).isTrue();

            ScriptedConnection rejected = new ScriptedConnection()
                    .then(failing(new LedgerRejectedException("no such channel", null, null))).then(ok());
            assertThat(catchThrowableOfType(LedgerRejectedException.class,
                    () -> calls(rejected, 3).evaluate(TransactionName.WHO_AM_I, CallerIdentity.class))).isNotNull();
            assertThat(rejected.calls).isEqualTo(1);
        }
    }

    /** Time here is a fake clock that only the waits between attempts move. */
    @Nested
    class RetryBudget {
        private long now;
        private final List<Progress> lines = new ArrayList<>();

        private Calls calls(ScriptedConnection c, RetryPolicy policy) {
            return new Calls(c, policy, d -> {
                waits.add(d);
                now += d.toNanos();
            }, () -> now, lines::add);
        }

        /** A peer that is down (restarting) until the fake clock reaches {@code backAt}. */
        private ScriptedConnection restartingUntil(Duration backAt) {
            ScriptedConnection c = new ScriptedConnection();
            for (int i = 0; i < 1000; i++) {
                c.then(() -> {
                    if (now < backAt.toNanos()) {
                        throw new LedgerUnavailableException("UNAVAILABLE (io exception)", null);
                    }
                    return WHO.getBytes(StandardCharsets.UTF_8);
                });
            }
            return c;
        }

        @Test
        void outlasts_a_peer_restart_of_twelve_seconds_within_the_default_thirty_second_budget() {
            ScriptedConnection peer = restartingUntil(Duration.ofSeconds(12));

            CallerIdentity me = calls(peer, RetryPolicy.defaults()).evaluate(TransactionName.WHO_AM_I, CallerIdentity.class);

            assertThat(me.msp()).isEqualTo("Org1MSP");
            assertThat(Duration.ofNanos(now)).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(15));
            assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(3)));
        }

        @Test
        void gives_up_when_the_budget_is_used_with_the_last_failure_and_never_waits_past_it() {
            ScriptedConnection peer = restartingUntil(Duration.ofSeconds(12));

            LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                    () -> calls(peer, RetryPolicy.within(Duration.ofSeconds(10), Duration.ofMillis(200),
                            Duration.ofSeconds(3))).evaluate(TransactionName.WHO_AM_I, CallerIdentity.class));

            assertThat(e).hasMessageContaining("UNAVAILABLE");
            assertThat(Duration.ofNanos(now)).isLessThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(peer.calls).isEqualTo(waits.size() + 1);
        }

        @Test
        void reports_a_retry_once_the_call_has_waited_a_second_with_the_failure_and_the_budget_left() {
            ScriptedConnection c = new ScriptedConnection()
                    .then(() -> {
                        now += Duration.ofMillis(1500).toNanos(); // the peer took 1.5 s to fail
                        throw new LedgerUnavailableException("peer down", null);
                    })
                    .then(ok());

            calls(c, RetryPolicy.within(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                    .submit(TransactionName.WHO_AM_I, Map.of(), CallerIdentity.class);

            assertThat(lines).singleElement().satisfies(p -> {
                assertThat(p.call()).isEqualTo("whoAmI");
                assertThat(p.waited()).isEqualTo(Duration.ofMillis(1500));
                assertThat(p.detail()).contains("attempt 1 failed (peer down)")
                        .contains("28.5 s of the 30.0 s retry budget left");
            });
        }

        @Test
        void a_read_conflict_resolved_by_a_quick_retry_is_not_reported() {
            ScriptedConnection c = new ScriptedConnection()
                    .then(failing(new CommitInvalidatedException("t1", ValidationCode.MVCC_READ_CONFLICT, 3)))
                    .then(ok());

            calls(c, RetryPolicy.within(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMillis(100)))
                    .submit(TransactionName.WHO_AM_I, Map.of(), CallerIdentity.class);

            assertThat(c.calls).isEqualTo(2);
            assertThat(lines).isEmpty();
        }
    }

    @Nested
    class FromProfile {
        @Test
        void the_default_retries_for_thirty_seconds_with_backoff_from_200_ms_to_3_s() {
            RetryPolicy p = RetryPolicy.from(ConnectionProfile.of(Map.of()));
            assertThat(p).isEqualTo(RetryPolicy.defaults());
            assertThat(p.budget()).isEqualTo(Duration.ofSeconds(30));
            assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(200));
            assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(3));
        }

        @Test
        void a_profile_sets_the_budget_the_backoff_and_the_attempts() {
            RetryPolicy p = RetryPolicy.from(ConnectionProfile.of(Map.of("retryBudgetSeconds", "90",
                    "retryInitialBackoffMillis", "50", "retryMaxBackoffMillis", "1000", "retryMaxAttempts", "7")));
            assertThat(p).isEqualTo(new RetryPolicy(7, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(90)));
        }

        @Test
        void a_malformed_value_is_refused_naming_its_key() {
            IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                    () -> RetryPolicy.from(ConnectionProfile.of(Map.of("retryBudgetSeconds", "30s"))));
            assertThat(e).hasMessageContaining("retryBudgetSeconds").hasMessageContaining("'30s'");
        }
    }

    @Test
    void backoff_grows_to_its_bound_and_stays_within_it() {
        RetryPolicy policy = RetryPolicy.of(10, Duration.ofMillis(100), Duration.ofMillis(800));
        for (int attempt = 1; attempt <= 9; attempt++) {
            long bound = Math.min(100L << (attempt - 1), 800);
            for (int i = 0; i < 50; i++) {
                assertThat(policy.backoff(attempt).toMillis()).isBetween(0L, bound);
            }
        }
    }
}
