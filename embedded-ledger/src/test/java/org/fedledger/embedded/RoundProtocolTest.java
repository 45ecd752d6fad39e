package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The round protocol on the embedded ledger, through the SDK's connections, in the protocol's words. */
class RoundProtocolTest {
    private final Network net = Network.inMemory();
    private final Task task = Task.create(net, "mnist");

    @AfterEach
    void close() {
        net.close();
    }

    @Test
    void three_organisations_train_one_round_to_a_final_global_model() {
        assertThat(task.openRound()).containsEntry("state", "OPEN");
        task.threeUpdatesAndClose(1);
        assertThat((List<?>) task.round(net.auditor, 1).get("accepted")).hasSize(3);

        Task.Proposal proposal = task.aggregate(1);
        assertThat(task.propose(1, proposal)).containsEntry("seq", 1.0).containsEntry("outputHash", proposal.outputHash());
        task.attest(net.verifier2, 1, 1, "AGREE", proposal.outputHash());
        task.attest(net.verifier3, 1, 1, "AGREE", proposal.outputHash());
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "PROPOSED");
        assertThat(task.resolve(net.coordinator, 1)).containsEntry("state", "FINAL");

        assertThat(task.round(net.auditor, 1)).containsEntry("state", "FINAL");
        Map<String, Object> v1 = Network.json(net.auditor.evaluate(TransactionName.GET_GLOBAL_MODEL, List.of("mnist", "1")));
        assertThat(v1).containsEntry("hash", proposal.outputHash()).containsEntry("attestedBy", List.of("Org2MSP", "Org3MSP"));
        byte[] bytes = net.auditor.evaluate(TransactionName.READ_MODEL_PAYLOAD, List.of("mnist", "1"));
        assertThat(ContentHash.of(bytes).hex()).isEqualTo(proposal.outputHash());
        assertThat(task.openRound()).containsEntry("round", 2.0).containsEntry("baseVersion", 1.0);
    }

    @Test
    void every_valid_transaction_delivers_exactly_one_event_after_commit_in_block_order() {
        task.openRound();
        task.threeUpdatesAndClose(1);
        List<String> names = new ArrayList<>();
        List<String> txIds = new ArrayList<>();
        try (EventStream events = net.auditor.events(EventPosition.startOf(0))) {
            while (names.size() < 24 && events.hasNext()) {
                ChaincodeEventRecord e = events.next();
                names.add(e.name());
                txIds.add(e.transactionId());
            }
        }
        assertThat(names.subList(0, 18)).containsOnly(EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED);
        assertThat(names.subList(18, 24)).containsExactly(EventNames.TASK_CREATED, EventNames.ROUND_OPENED,
                EventNames.UPDATE_ACCEPTED, EventNames.UPDATE_ACCEPTED, EventNames.UPDATE_ACCEPTED, EventNames.ROUND_CLOSED);
        assertThat(txIds).doesNotHaveDuplicates();
        long committedTransactions = 0;
        for (long b = 0; b < net.ledger.height(); b++) {
            committedTransactions += net.ledger.block(b).orElseThrow().transactions().size();
        }
        assertThat(committedTransactions).isEqualTo(24);
    }

    @Test
    void a_listener_resumed_after_a_handled_transaction_neither_misses_nor_repeats_an_event() {
        task.openRound();
        task.threeUpdatesAndClose(1);
        List<ChaincodeEventRecord> all = new ArrayList<>();
        try (EventStream events = net.auditor.events(EventPosition.startOf(0))) {
            while (all.size() < 15 && events.hasNext()) {
                all.add(events.next());
            }
        }
        ChaincodeEventRecord handled = all.get(11);
        List<ChaincodeEventRecord> resumed = new ArrayList<>();
        try (EventStream events = net.auditor.events(EventPosition.after(handled.blockNumber(), handled.transactionId()))) {
            while (resumed.size() < 3 && events.hasNext()) {
                resumed.add(events.next());
            }
        }
        assertThat(resumed).containsExactlyElementsOf(all.subList(12, 15));
    }

    @Test
    void disagreeing_verifiers_dispute_the_round_and_a_re_proposal_becomes_final() {
        task.openRound();
        task.threeUpdatesAndClose(1);
        Task.Proposal honest = task.aggregate(1);
        Task.Proposal forged = honest.forgedWith(Task.model(42f));
        task.propose(1, forged);
        task.attest(net.verifier1, 1, 1, "DISAGREE", honest.outputHash());
        task.attest(net.verifier2, 1, 1, "DISAGREE", honest.outputHash());
        task.resolve(net.verifier2, 1);
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "DISPUTED");

        assertThat(task.propose(1, honest)).containsEntry("seq", 2.0);
        task.attest(net.verifier2, 1, 2, "AGREE", honest.outputHash());
        task.attest(net.verifier3, 1, 2, "AGREE", honest.outputHash());
        task.resolve(net.verifier3, 1);
        Map<String, Object> v1 = Network.json(net.auditor.evaluate(TransactionName.GET_GLOBAL_MODEL, List.of("mnist", "1")));
        assertThat(v1).containsEntry("proposalSeq", 2.0).containsEntry("hash", honest.outputHash());
    }

    @Nested
    class Refusals {
        @Test
        void an_update_to_a_closed_round_is_refused_with_ROUND_NOT_OPEN_and_nothing_is_ordered() {
            task.openRound();
            task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
            task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
            task.closeRound(1);
            long height = net.ledger.height();
            ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                    () -> task.submitUpdate(net.trainer3, 1, Task.model(3f), 600));
            assertThat(e.code()).isEqualTo(ErrorCode.ROUND_NOT_OPEN);
            assertThat(e.transactionId()).isPresent();
            assertThat(e.detail()).doesNotStartWith("ROUND_NOT_OPEN");
            assertThat(e.retryable()).isTrue();
            assertThat(net.ledger.height()).isEqualTo(height);
        }

        @Test
        void a_second_different_update_from_the_same_trainer_is_refused_with_DUPLICATE_UPDATE() {
            task.openRound();
            task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
            ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                    () -> task.submitUpdate(net.trainer1, 1, Task.model(5f), 100));
            assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_UPDATE);
        }

        @Test
        void an_unregistered_identity_is_refused_with_UNKNOWN_IDENTITY() {
            var stranger = net.ledger.connect(net.ledger.organisation("Org3MSP").client("stranger"));
            ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                    () -> stranger.submit(TransactionName.OPEN_ROUND, List.of("mnist"), Map.of()));
            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_IDENTITY);
        }

        @Test
        void a_query_for_a_missing_round_is_refused_with_NOT_FOUND_and_no_transaction_id() {
            ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                    () -> task.round(net.auditor, 7));
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.transactionId()).isEmpty();
        }

        @Test
        void an_admin_of_one_organisation_cannot_register_a_member_of_another() {
            var admin1 = net.admin("Org1MSP");
            String pem = net.ledger.organisation("Org2MSP").client("newcomer").certificatePem();
            ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class,
                    () -> admin1.submit(TransactionName.REGISTER_PARTICIPANT, List.of(pem, "trainer"), Map.of()));
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }
}
