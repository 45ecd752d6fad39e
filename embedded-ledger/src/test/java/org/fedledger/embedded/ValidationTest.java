package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.ValidationCode;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fabric's validation at commit: endorsement policy, MVCC and phantom reads, duplicates; no event for invalid ones. */
class ValidationTest {
    private final Network net = Network.inMemory();
    private final Task task = Task.create(net, "mnist");

    @AfterEach
    void close() {
        net.close();
    }

    private Endorsed updateEndorsedBy(Network n, Task t, int trainer, float seed, List<String> endorsers) {
        var id = switch (trainer) {
            case 1 -> n.trainer1Id;
            case 2 -> n.trainer2Id;
            default -> n.trainer3Id;
        };
        return n.ledger.endorse(id, TransactionName.SUBMIT_UPDATE, t.updateArgs(1, Task.model(seed), 100),
                Task.updateChunks(Task.model(seed)), endorsers);
    }

    @Test
    void verifiers_of_three_organisations_attesting_the_same_proposal_at_once_all_commit_valid() {
        // Issue 22: all three endorsed before any is ordered, as independent verifier services do.
        task.openRound();
        task.threeUpdatesAndClose(1);
        Task.Proposal proposal = task.aggregate(1);
        task.propose(1, proposal);
        List<Endorsed> endorsed = new java.util.ArrayList<>();
        for (String org : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
            var verifier = net.ledger.organisation(org).client("verifier" + org.charAt(3));
            endorsed.add(net.ledger.endorse(verifier, TransactionName.ATTEST_MODEL, List.of("mnist", "1", "1", "AGREE",
                    proposal.outputHash()), Map.of(), net.ledger.defaultEndorsers(verifier)));
        }
        List<CompletableFuture<CommitStatus>> commits = endorsed.stream().map(net.ledger::submit)
                .toList();
        assertThat(commits).extracting(c -> c.join().code()).containsOnly(TxValidationCode.VALID);
        assertThat(task.resolve(net.aggregator, 1)).containsEntry("state", "FINAL");
    }

    /**
     * A hierarchical task's update writes only its trainer's organisation's internal collection, whose own
     * endorsement policy is that organisation alone: endorsed by it, the update is valid without the
     * channel's majority; endorsed by another organisation alone (a peer writing a collection it does not
     * speak for), it is invalid and writes nothing.
     */
    @Test
    void an_internal_update_needs_its_organisations_endorsement_and_nothing_else() {
        Task hierarchical = new Task(net, "tiered");
        net.coordinator.submit(TransactionName.CREATE_TASK, List.of(org.fedledger.protocol.testing.StandardTask.json(
                "tiered", Map.of("rule", Map.of("name", "exact_fedavg", "params", Map.of("scale_bits", "20",
                        "hierarchical", "1")), "maxOrgSharePercent", 100))),
                Task.chunks(org.fedledger.protocol.key.TransientKeys.MODEL_PREFIX,
                        org.fedledger.core.model.ModelCodec.encode(Task.model(0f))));
        hierarchical.openRound();
        Endorsed byOrg1Only = updateEndorsedBy(net, hierarchical, 2, 2f, List.of("Org1MSP"));
        assertThat(net.ledger.submit(byOrg1Only).join().code()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        Endorsed byOrg2Only = updateEndorsedBy(net, hierarchical, 2, 2f, List.of("Org2MSP"));
        assertThat(net.ledger.submit(byOrg2Only).join().code()).isEqualTo(TxValidationCode.VALID);
        assertThat(net.ledger.heldPrivateValues("Org2MSP")).anyMatch(v -> java.util.Arrays.equals(v,
                Task.updateChunks(Task.model(2f)).get("payload/0")));
        for (String other : List.of("Org1MSP", "Org3MSP")) {
            assertThat(net.ledger.heldPrivateValues(other)).as(other).noneMatch(v -> java.util.Arrays.equals(v,
                    Task.updateChunks(Task.model(2f)).get("payload/0")));
        }
    }

    @Test
    void an_update_endorsed_by_one_organisation_fails_the_majority_policy_and_writes_nothing() {
        task.openRound();
        CommitStatus status = net.ledger.submit(updateEndorsedBy(net, task, 2, 2f, List.of("Org2MSP"))).join();
        assertThat(status.code()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        assertThat(Task.utf8(net.auditor.evaluate(TransactionName.LIST_UPDATES, List.of("mnist", "1")))).isEqualTo("[]");
        assertThat(net.ledger.transaction(status.txId()).orElseThrow().code())
                .isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    }

    @Test
    void the_same_update_endorsed_by_two_organisations_is_valid() {
        task.openRound();
        CommitStatus status = net.ledger.submit(updateEndorsedBy(net, task, 2, 2f, List.of("Org2MSP", "Org3MSP"))).join();
        assertThat(status.code()).isEqualTo(TxValidationCode.VALID);
        assertThat(status.event()).isPresent();
    }

    @Test
    void endorsements_of_different_results_do_not_add_up_to_the_policy() {
        task.openRound();
        Endorsed a = updateEndorsedBy(net, task, 2, 2f, List.of("Org2MSP"));
        Endorsed b = updateEndorsedBy(net, task, 2, 7f, List.of("Org3MSP"));
        Endorsed mixed = new Endorsed(a.proposal(), List.of(a.responses().get(0), b.responses().get(0)));
        assertThat(net.ledger.submit(mixed).join().code()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        // Even the same update endorsed under another proposal is another result (tx id, proposal hash).
        Endorsed again = updateEndorsedBy(net, task, 2, 2f, List.of("Org3MSP"));
        Endorsed sameUpdate = new Endorsed(again.proposal(), List.of(again.responses().get(0),
                updateEndorsedBy(net, task, 2, 2f, List.of("Org2MSP")).responses().get(0)));
        assertThat(net.ledger.submit(sameUpdate).join().code()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        Endorsed both = net.ledger.endorse(net.trainer2Id, TransactionName.SUBMIT_UPDATE, task.updateArgs(1, Task.model(2f), 100),
                Task.updateChunks(Task.model(2f)), List.of("Org2MSP", "Org3MSP"));
        assertThat(net.ledger.submit(both).join().code()).isEqualTo(TxValidationCode.VALID);
    }

    @Test
    void an_update_endorsed_before_the_close_and_committed_after_it_is_an_MVCC_read_conflict() {
        task.openRound();
        task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
        task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
        Endorsed late = updateEndorsedBy(net, task, 3, 3f, List.of("Org3MSP", "Org1MSP"));
        task.closeRound(1);
        CommitStatus status = net.ledger.submit(late).join();
        assertThat(status.code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(status.event()).isPresent();
        assertThat((List<?>) task.round(net.auditor, 1).get("accepted")).hasSize(2);
        assertThat(net.ledger.block(status.blockNumber()).orElseThrow().validationCodes())
                .containsExactly(TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(net.allEvents()).hasSize(2 * 9 + 5).noneMatch(e -> e.transactionId().equals(status.txId()));
    }

    @Test
    void a_close_endorsed_before_another_update_committed_is_a_phantom_read() {
        task.openRound();
        task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
        task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
        Endorsed close = net.ledger.endorse(net.coordinatorId, TransactionName.CLOSE_ROUND, List.of("mnist", "1"), Map.of(),
                List.of("Org1MSP", "Org2MSP"));
        task.submitUpdate(net.trainer3, 1, Task.model(3f), 600);
        assertThat(net.ledger.submit(close).join().code()).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "OPEN");
    }

    @Test
    void an_update_and_a_close_ordered_together_after_endorsement_on_one_state_commit_the_update_only() throws Exception {
        task.openRound();
        task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
        task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
        Endorsed update = updateEndorsedBy(net, task, 3, 3f, List.of("Org3MSP", "Org1MSP"));
        Endorsed close = net.ledger.endorse(net.coordinatorId, TransactionName.CLOSE_ROUND, List.of("mnist", "1"), Map.of(),
                List.of("Org1MSP", "Org2MSP"));
        // Usually one block: the close's range read sees the update staged before it in the same block.
        CompletableFuture<CommitStatus> u = net.ledger.submit(update);
        CompletableFuture<CommitStatus> c = net.ledger.submit(close);
        assertThat(u.get().code()).isEqualTo(TxValidationCode.VALID);
        assertThat(c.get().code()).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "OPEN");
        assertThat(com.google.gson.JsonParser.parseString(Task.utf8(net.auditor.evaluate(TransactionName.LIST_UPDATES,
                List.of("mnist", "1")))).getAsJsonArray()).hasSize(3);
    }

    @Test
    void a_transaction_submitted_twice_is_a_duplicate_the_second_time() {
        task.openRound();
        Endorsed e = updateEndorsedBy(net, task, 1, 1f, List.of("Org1MSP", "Org2MSP"));
        assertThat(net.ledger.submit(e).join().code()).isEqualTo(TxValidationCode.VALID);
        assertThat(net.ledger.submit(e).join().code()).isEqualTo(TxValidationCode.DUPLICATE_TXID);
    }

    @Test
    void an_endorser_that_refuses_stops_the_transaction_before_ordering() {
        long height = net.ledger.height();
        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class, () -> net.ledger.endorse(
                net.trainer1Id, TransactionName.OPEN_ROUND, List.of("mnist"), Map.of(), List.of("Org1MSP", "Org2MSP")));
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(net.ledger.height()).isEqualTo(height);
    }

    @Test
    void bad_calls_are_refused_with_a_clear_message() {
        assertThatThrownBy(() -> net.ledger.endorse(net.trainer1Id, TransactionName.OPEN_ROUND, List.of(), Map.of(),
                List.of("Org1MSP"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 1 arguments");
        assertThatThrownBy(() -> net.ledger.endorse(net.trainer1Id, TransactionName.OPEN_ROUND, List.of("mnist"), Map.of(),
                List.of("Org9MSP"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Org9MSP");
        assertThatThrownBy(() -> net.ledger.endorse(net.trainer1Id, TransactionName.OPEN_ROUND, List.of("mnist"), Map.of(),
                List.of("Org1MSP", "Org1MSP"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
    }

    @Test
    void two_closes_of_one_round_in_one_block_commit_the_first_and_invalidate_the_second() throws Exception {
        task.openRound();
        task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
        task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
        Endorsed first = net.ledger.endorse(net.coordinatorId, TransactionName.CLOSE_ROUND, List.of("mnist", "1"), Map.of(),
                net.ledger.defaultEndorsers(net.coordinatorId));
        Endorsed second = net.ledger.endorse(net.coordinatorId, TransactionName.CLOSE_ROUND, List.of("mnist", "1"), Map.of(),
                net.ledger.defaultEndorsers(net.coordinatorId));
        CompletableFuture<CommitStatus> a = net.ledger.submit(first);
        CompletableFuture<CommitStatus> b = net.ledger.submit(second);
        assertThat(a.get().code()).isEqualTo(TxValidationCode.VALID);
        assertThat(b.get().code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
    }

    @Test
    void an_invalid_commit_reaches_the_sdk_as_commit_invalidated_with_fabrics_validation_code() {
        task.openRound();
        CommitStatus s = net.ledger.submit(updateEndorsedBy(net, task, 2, 2f, List.of("Org2MSP"))).join();
        CommitInvalidatedException e = EmbeddedConnection.invalid(s);
        assertThat(e.validationCode()).isEqualTo(ValidationCode.ENDORSEMENT_POLICY_FAILURE);
        assertThat(e.blockNumber()).isEqualTo(s.blockNumber());
        assertThat(e.transactionId()).hasValue(s.txId());
        assertThat(e.retryable()).isFalse();
        Committed ok = net.trainer2.submit(TransactionName.SUBMIT_UPDATE, task.updateArgs(1, Task.model(2f), 100),
                Task.updateChunks(Task.model(2f)));
        assertThat(ok.blockNumber()).isGreaterThan(s.blockNumber());
        assertThat(net.ledger.defaultEndorsers(net.trainer2Id)).containsExactly("Org2MSP", "Org1MSP");
    }
}
