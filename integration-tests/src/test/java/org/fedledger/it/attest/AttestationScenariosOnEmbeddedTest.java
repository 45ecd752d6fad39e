package org.fedledger.it.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.fedledger.core.model.ContentHash;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.RetryPolicy;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.RoundFailedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attestation scenarios on the embedded ledger, in every build; its proposals take their
 * timestamps from a clock the test moves, so a round's window passes without waiting for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestationScenariosOnEmbeddedTest extends AttestationScenarios {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().clock(clock).build();

    @Override
    protected LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @AfterAll
    void closeLedger() {
        ledger.close();
    }

    @Test
    void a_round_left_undecided_by_a_silent_organisation_fails_once_its_window_has_passed(@TempDir Path state)
            throws Exception {
        // Issue 21: one AGREE, one DISAGREE (of the proposer's organisation), the third organisation silent.
        SdkParticipants p = people();
        long first = p.auditor.auditor().blockHeight();
        String task = newTask(SdkParticipants.task("silent").roundDuration(Duration.ofMinutes(10)));
        int round = trainedRound(p, task, 1f);
        p.aggregator.aggregator(task).propose(p.aggregator.aggregator(task).aggregate(round));
        var waiting = CompletableFuture.supplyAsync(() -> p.trainer1.trainer(task).awaitModel(1, Duration.ofMinutes(10)));
        p.verifier2.verifier(task).attest(p.verifier2.verifier(task).verify(round, 1));
        p.verifier1.verifier(task).attest(new Verification(round, 1, Verdict.DISAGREE, ContentHash.of(new byte[] {7}),
                java.util.Optional.of("the proposer's organisation's verifier, hostile")));
        assertThat(catchThrowableOfType(ContractRefusedException.class, () -> p.verifier2.verifier(task).resolve(round))
                .code()).isEqualTo(ErrorCode.RESOLUTION_PENDING);

        // Org2's verifier service learns of the undecided round from the events and, once the window has
        // passed by its clock, resolves it: nobody else has to cooperate.
        CountDownLatch failed = new CountDownLatch(1);
        // Org2's verifier, reading time from the clock the test moves.
        try (LedgerConnection connection = connect(2, "User2");
                FedLedger verifier2 = FedLedger.over(connection, RetryPolicy.defaults(), clock);
                VerifierService org2 = VerifierService.start(verifier2, state, first, o -> {
                    if (o instanceof VerifierService.Outcome.Resolved r && r.state() == RoundState.FAILED) {
                        failed.countDown();
                    }
                })) {
            assertThat(p.auditor.auditor().round(task, round).state()).isEqualTo(RoundState.PROPOSED);
            clock.advance(Duration.ofMinutes(10).plus(VerifierService.RESOLVE_GRACE.multipliedBy(4)));
            assertThat(failed.await(1, TimeUnit.MINUTES)).isTrue();
            assertThat(org2.failure()).isEmpty();
        }
        assertThat(p.auditor.auditor().round(task, round).state()).isEqualTo(RoundState.FAILED);
        Throwable failure = catchThrowableOfType(ExecutionException.class, () -> waiting.get(2, TimeUnit.MINUTES))
                .getCause();
        assertThat(failure).isInstanceOf(RoundFailedException.class);
        assertThat(p.coordinator.coordinator().openRound(task).record().round()).isEqualTo(round + 1);
    }
}
