package org.fedledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.fedledger.core.model.ContentHash;
import org.fedledger.it.fabric.Consortium;
import org.fedledger.it.fabric.Member;
import org.fedledger.it.fabric.TrainingTask;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.transaction.TransactionName;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/**
 * What only a real network decides: the MAJORITY endorsement policy, MVCC validation at commit,
 * private data held by peers that did not endorse, and chaincode events after commit.
 */
class ValidationIT {
    private final Consortium net = Consortium.get();

    @Test
    void a_transaction_endorsed_by_one_organisation_only_is_invalidated_and_writes_nothing() {
        TrainingTask task = net.newTask("policy", Map.of());
        task.openRound();
        Member.Committed alone = net.trainer1.submitAndWait(task.updateChunks(TrainingTask.model(1f)), List.of("Org1MSP"),
                TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(1f), 10));
        assertThat(alone.status().getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        assertThat(Consortium.jsonList(net.auditor.evaluate(TransactionName.LIST_UPDATES, task.id(), "1"))).isEmpty();
        // Endorsed by a majority, the same update is accepted.
        task.submitUpdate(net.trainer1, 1, TrainingTask.model(1f), 10);
        assertThat(Consortium.jsonList(net.auditor.evaluate(TransactionName.LIST_UPDATES, task.id(), "1"))).hasSize(1);
    }

    @Test
    void a_submit_endorsed_before_a_close_and_ordered_after_it_fails_with_an_mvcc_read_conflict() {
        TrainingTask task = net.newTask("race", Map.of());
        task.openRound();
        task.submitUpdate(net.trainer1, 1, TrainingTask.model(1f), 10);
        task.submitUpdate(net.trainer2, 1, TrainingTask.model(2f), 10);
        // Org3's trainer is endorsed while the round is OPEN; the coordinator's close commits first.
        Transaction late = net.trainer3.endorse(task.updateChunks(TrainingTask.model(3f)), List.of(),
                TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(3f), 10));
        task.closeRound(net.coordinator, 1);
        Status status = submit(late);
        assertThat(status.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "CLOSED");
        assertThat(Consortium.jsonList(net.auditor.evaluate(TransactionName.LIST_UPDATES, task.id(), "1"))).hasSize(2);
    }

    @Test
    void an_organisation_whose_peer_did_not_endorse_a_submit_still_reads_its_payload() throws InterruptedException {
        TrainingTask task = net.newTask("pvtdata", Map.of());
        task.openRound();
        Member.Committed committed = net.trainer1.submitAndWait(task.updateChunks(TrainingTask.model(7f)),
                List.of("Org1MSP", "Org2MSP"), TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(7f), 70));
        assertThat(committed.valid()).isTrue();
        String contributor = (String) Consortium.json(committed.result()).get("contributor");
        String hash = (String) Consortium.json(committed.result()).get("hash");

        // Org3's verifier reads through Org3's own peer, which only received the block and the private
        // data through gossip; it may commit the block a moment after Org1's peer did.
        byte[] bytes = readWhenCommitted(net.verifier3, task.id(), contributor);
        assertThat(ContentHash.of(bytes).hex()).isEqualTo(hash);
    }

    private static byte[] readWhenCommitted(Member reader, String taskId, String contributor) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                return reader.evaluateBytes(TransactionName.READ_UPDATE_PAYLOAD, taskId, "1", contributor);
            } catch (Member.Refused notYet) {
                if (notYet.code() != ErrorCode.NOT_FOUND || Instant.now().isAfter(until)) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void every_valid_transaction_emits_exactly_one_chaincode_event_and_an_invalid_one_none() throws Exception {
        TrainingTask task = net.newTask("events", Map.of());
        List<Status> valid = new ArrayList<>();
        Member.Committed opened = net.coordinator.submitAndWait(Map.of(), List.of(), TransactionName.OPEN_ROUND, task.id());
        assertThat(opened.valid()).isTrue();
        valid.add(opened.status());
        for (Member trainer : List.of(net.trainer1, net.trainer2)) {
            Member.Committed c = trainer.submitAndWait(task.updateChunks(TrainingTask.model(1f)), List.of(),
                    TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(1f), 10));
            assertThat(c.valid()).isTrue();
            valid.add(c.status());
        }
        Member.Committed invalid = net.trainer3.submitAndWait(task.updateChunks(TrainingTask.model(3f)),
                List.of("Org3MSP"), TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(3f), 10));
        assertThat(invalid.valid()).isFalse();
        Member.Committed close = net.coordinator.submitAndWait(Map.of(), List.of(), TransactionName.CLOSE_ROUND, task.id(), "1");
        assertThat(close.valid()).isTrue();
        valid.add(close.status());

        long first = valid.stream().mapToLong(Status::getBlockNumber).min().orElseThrow();
        List<ChaincodeEvent> events = eventsUntil(net.auditor, first, close.status().getTransactionId());
        Set<String> ours = new HashSet<>();
        valid.forEach(s -> ours.add(s.getTransactionId()));
        ours.add(invalid.status().getTransactionId());
        List<String> oursInOrder = events.stream().map(ChaincodeEvent::getTransactionId).filter(ours::contains).toList();

        assertThat(oursInOrder).containsExactlyElementsOf(valid.stream().map(Status::getTransactionId).toList());
        assertThat(events.stream().filter(e -> ours.contains(e.getTransactionId())).map(ChaincodeEvent::getEventName))
                .containsExactly(EventNames.ROUND_OPENED, EventNames.UPDATE_ACCEPTED, EventNames.UPDATE_ACCEPTED,
                        EventNames.ROUND_CLOSED);
    }

    private static Status submit(Transaction endorsed) {
        try {
            return endorsed.submitAsync().getStatus();
        } catch (Exception e) {
            throw new IllegalStateException("could not submit " + endorsed.getTransactionId(), e);
        }
    }

    /** Chaincode events from {@code startBlock} up to and including the event of {@code lastTxId}. */
    private static List<ChaincodeEvent> eventsUntil(Member reader, long startBlock, String lastTxId) {
        List<ChaincodeEvent> events = new ArrayList<>();
        var request = reader.network().newChaincodeEventsRequest(reader.contract().getChaincodeName())
                .startBlock(startBlock).build();
        try (CloseableIterator<ChaincodeEvent> it = request.getEvents(
                options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))) {
            while (it.hasNext()) {
                ChaincodeEvent event = it.next();
                events.add(event);
                if (event.getTransactionId().equals(lastTxId)) {
                    return events;
                }
            }
        } catch (GatewayRuntimeException e) {
            throw new AssertionError("no event for " + lastTxId + " within 30 s; saw " + events.size() + " events", e);
        }
        throw new AssertionError("event stream ended before the event of " + lastTxId);
    }
}
