package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/** Block cutting, the number of organisations and its policy, and the life of streams and connections. */
class OrderingTest {

    private static Endorsed registration(EmbeddedLedger ledger, String msp, String name) {
        Identity member = ledger.organisation(msp).client(name);
        return ledger.endorse(member, TransactionName.REQUEST_ROLES, List.of("trainer"), Map.of(),
                ledger.defaultEndorsers(member));
    }

    @Test
    void a_block_is_cut_when_it_holds_the_configured_number_of_transactions() {
        // The timeout is far away: only the count can cut these blocks.
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().blockCutting(3, Duration.ofHours(1)).build()) {
            List<Endorsed> endorsed = List.of(registration(ledger, "Org1MSP", "a"), registration(ledger, "Org2MSP", "b"),
                    registration(ledger, "Org3MSP", "c"));
            List<CompletableFuture<CommitStatus>> futures = endorsed.stream().map(ledger::submit).toList();
            List<CommitStatus> statuses = futures.stream().map(CompletableFuture::join).toList();
            assertThat(statuses).extracting(CommitStatus::blockNumber).containsOnly(1L);
            assertThat(statuses).allMatch(CommitStatus::valid);
            assertThat(ledger.block(1).orElseThrow().transactions()).hasSize(3);
        }
    }

    @Test
    void a_lone_transaction_is_cut_into_a_block_by_the_timeout() {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().blockCutting(1000, Duration.ofMillis(5)).build()) {
            CommitStatus status = ledger.submit(registration(ledger, "Org1MSP", "a")).join();
            assertThat(status.blockNumber()).isEqualTo(1);
            assertThat(ledger.block(1).orElseThrow().transactions()).hasSize(1);
        }
    }

    @Test
    void five_organisations_need_three_endorsements_under_majority() {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().organisations(5).inMemory().build()) {
            Identity admin4 = ledger.organisation("Org4MSP").admin();
            assertThat(ledger.organisations()).hasSize(5);
            assertThat(ledger.defaultEndorsers(admin4)).containsExactly("Org4MSP", "Org1MSP", "Org2MSP");
            Endorsed twoOnly = ledger.endorse(ledger.organisation("Org4MSP").client("t"), TransactionName.REQUEST_ROLES,
                    List.of("trainer"), Map.of(), List.of("Org4MSP", "Org5MSP"));
            assertThat(ledger.submit(twoOnly).join().code()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
            assertThat(ledger.submit(registration(ledger, "Org4MSP", "t")).join().code()).isEqualTo(TxValidationCode.VALID);
        }
    }

    @Test
    void policy_any_accepts_one_endorsement() {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().policy(EndorsementPolicy.ANY).inMemory().build()) {
            assertThat(ledger.defaultEndorsers(ledger.organisation("Org2MSP").admin())).containsExactly("Org2MSP");
            assertThat(ledger.submit(registration(ledger, "Org2MSP", "t")).join().valid()).isTrue();
        }
    }

    @Test
    void a_waiting_event_stream_ends_when_it_is_closed() throws Exception {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build()) {
            LedgerConnection c = ledger.connect(ledger.organisation("Org1MSP").admin());
            EventStream events = c.events(EventPosition.startOf(1));
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(events::hasNext);
            events.close();
            assertThat(waiting.get(60, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void a_connection_to_a_closed_ledger_reports_it_unavailable() {
        EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
        LedgerConnection c = ledger.connect(ledger.organisation("Org1MSP").admin());
        ledger.close();
        assertThatThrownBy(() -> c.evaluate(TransactionName.WHO_AM_I, List.of()))
                .isInstanceOf(LedgerUnavailableException.class);
        assertThatThrownBy(() -> ledger.submit(registration(ledger, "Org1MSP", "late")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bad_configuration_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> EmbeddedLedger.builder().organisations(0)).hasMessageContaining("1..16");
        assertThatThrownBy(() -> EmbeddedLedger.builder().organisations(List.of("A", "A"))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> EmbeddedLedger.builder().blockCutting(0, Duration.ofMillis(1)))
                .hasMessageContaining("maxTransactions");
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build()) {
            assertThatThrownBy(() -> ledger.organisation("Nope")).hasMessageContaining("no organisation Nope");
            Identity foreign = org.fedledger.embedded.identity.Organisation.openOrCreate("Org1MSP", null).client("x");
            assertThatThrownBy(() -> ledger.connect(foreign)).hasMessageContaining("not issued by the CA of Org1MSP");
        }
    }
}
