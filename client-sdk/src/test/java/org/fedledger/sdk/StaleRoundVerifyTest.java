package org.fedledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.fedledger.protocol.record.RoundState;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A verifier that reads a round from a peer behind the one that announced its proposal (reads fail over
 * to other organisations' peers, which commit a block a little later) must not turn that old record
 * into a verdict: an honest proposal checked against a round still OPEN looks wrong, and a DISAGREE on
 * the ledger would stop its own organisation's trainers. It is a retryable failure to read instead.
 */
class StaleRoundVerifyTest {

    @ParameterizedTest
    @EnumSource(value = RoundState.class, names = {"OPEN", "CLOSED"})
    void a_round_read_from_before_its_proposal_is_a_retryable_read_failure_not_a_disagreement(RoundState stale) {
        ClientCachesTest.CountingLedger ledger = new ClientCachesTest.CountingLedger();
        ledger.roundState = stale;
        ledger.roundProposalSeq = 0;

        LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                () -> ClientCachesTest.client(ledger).verifier("t").verify(1, 1));

        assertThat(e).isNotNull().hasMessageContaining("behind");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void a_round_read_with_an_earlier_proposal_than_the_one_verified_is_behind_too() {
        ClientCachesTest.CountingLedger ledger = new ClientCachesTest.CountingLedger();
        ledger.roundState = RoundState.DISPUTED;
        ledger.roundProposalSeq = 1;

        LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                () -> ClientCachesTest.client(ledger).verifier("t").verify(1, 2));

        assertThat(e).isNotNull().hasMessageContaining("with proposal 1, before its proposal 2");
    }
}
