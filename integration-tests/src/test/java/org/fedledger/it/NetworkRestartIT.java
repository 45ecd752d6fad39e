package org.fedledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.it.fabric.Consortium;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.it.fabric.Member;
import org.fedledger.it.fabric.NetworkScript;
import org.fedledger.it.fabric.TrainingTask;
import org.fedledger.protocol.transaction.TransactionName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator stops and starts the network with the project's launcher in the middle of a task, and
 * the task goes on with nothing lost: every record and payload written before is still there, the
 * open round takes the remaining updates, and the next round works. Tagged {@code restarts}: it stops
 * the network under the other tests' feet, so {@code scripts/test.sh} runs it on its own, after them.
 */
@Tag("restarts")
class NetworkRestartIT {
    private final FabricNetwork network = FabricNetwork.get();
    private final Consortium net = Consortium.get();
    private final NetworkScript launcher = NetworkScript.of(network);

    @Test
    void the_whole_network_stops_and_starts_mid_round_and_the_task_continues_with_nothing_lost() {
        // An earlier task reached a FINAL model; this one's round 1 is OPEN with Org1's and Org2's
        // updates when the operator stops the whole network.
        TrainingTask earlier = net.newTask("restart-earlier", Map.of());
        String earlierModel = finalRound(earlier, 1);
        TrainingTask task = net.newTask("restart-all", Map.of());
        task.openRound();
        Map<String, Object> u1 = task.submitUpdate(net.trainer1, 1, TrainingTask.model(4f), 100);
        Map<String, Object> u2 = task.submitUpdate(net.trainer2, 1, TrainingTask.model(5f), 200);
        long[] before = heights();
        launcher.run("stop");
        launcher.run("start");

        // Every peer is back at the height it had; nothing was lost or rewritten.
        assertThat(heights()).containsExactly(before);
        assertThat(earlier.round(net.auditor, 1)).containsEntry("state", "FINAL");
        for (Member reader : List.of(net.verifier1, net.verifier2, net.verifier3)) {
            byte[] model = reader.evaluateBytes(TransactionName.READ_MODEL_PAYLOAD, earlier.id(), "1");
            assertThat(ContentHash.of(model).hex()).as("the earlier model on %s's peer", reader.mspId()).isEqualTo(earlierModel);
        }
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "OPEN");
        List<Map<String, Object>> updates = Consortium.jsonList(net.auditor.evaluate(TransactionName.LIST_UPDATES, task.id(), "1"));
        assertThat(updates).extracting(u -> u.get("hash")).containsExactlyInAnyOrder(u1.get("hash"), u2.get("hash"));
        byte[] update = net.aggregator.evaluateBytes(TransactionName.READ_UPDATE_PAYLOAD, task.id(), "1",
                (String) u2.get("contributor"));
        assertThat(ContentHash.of(update).hex()).isEqualTo(ModelCodec.hash(TrainingTask.model(5f)).hex());

        // The open round takes Org3's update and becomes FINAL; the next round opens on version 1.
        task.submitUpdate(net.trainer3, 1, TrainingTask.model(6f), 300);
        String v1 = finishRound(task, 1);
        assertThat(Consortium.json(net.trainer3.evaluate(TransactionName.GET_TASK, task.id())))
                .containsEntry("currentVersion", 1.0).containsEntry("currentModelHash", v1);
        assertThat(task.openRound()).containsEntry("round", 2.0).containsEntry("baseVersion", 1.0);
    }

    @Test
    void one_peer_and_one_chaincode_server_restart_mid_round_and_their_organisation_takes_part_again() {
        TrainingTask task = net.newTask("restart-one", Map.of());
        task.openRound();
        task.submitUpdate(net.trainer1, 1, TrainingTask.model(1f), 100);

        // Org2's peer restarts: it catches up and Org2's trainer submits through it.
        launcher.run("restart", "--peer", "2");
        assertThat(network.peerHeight(2)).isEqualTo(network.peerHeight(1));
        assertThat(task.submitUpdate(net.trainer2, 1, TrainingTask.model(2f), 300)).containsEntry("msp", "Org2MSP");

        // Org3's chaincode server restarts: Org3's trainer and verifier go on through it.
        launcher.run("restart", "--chaincode", "3");
        assertThat(task.submitUpdate(net.trainer3, 1, TrainingTask.model(3f), 600)).containsEntry("msp", "Org3MSP");
        task.closeRound(net.coordinator, 1);
        TrainingTask.Proposal proposal = task.aggregate(1);
        task.propose(1, proposal);
        task.attest(net.verifier2, 1, 1, "AGREE", proposal.outputHash());
        task.attest(net.verifier3, 1, 1, "AGREE", proposal.outputHash());
        task.resolve(net.verifier2, 1);
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "FINAL");
        byte[] model = net.trainer2.evaluateBytes(TransactionName.READ_MODEL_PAYLOAD, task.id(), "1");
        assertThat(ContentHash.of(model).hex()).as("the final model on the restarted peer").isEqualTo(proposal.outputHash());
    }

    /** Opens {@code round}, three organisations submit, and it becomes FINAL; returns the new model's hash. */
    private String finalRound(TrainingTask task, int round) {
        task.openRound();
        task.submitUpdate(net.trainer1, round, TrainingTask.model(1f), 100);
        task.submitUpdate(net.trainer2, round, TrainingTask.model(2f), 300);
        task.submitUpdate(net.trainer3, round, TrainingTask.model(3f), 600);
        return finishRound(task, round);
    }

    /** Closes {@code round}, aggregates, proposes, and Org2's and Org3's verifiers attest: FINAL. */
    private String finishRound(TrainingTask task, int round) {
        task.closeRound(net.coordinator, round);
        TrainingTask.Proposal proposal = task.aggregate(round);
        task.propose(round, proposal);
        task.attest(net.verifier2, round, 1, "AGREE", proposal.outputHash());
        task.attest(net.verifier3, round, 1, "AGREE", proposal.outputHash());
        task.resolve(net.verifier2, round);
        assertThat(task.round(net.auditor, round)).containsEntry("state", "FINAL");
        return proposal.outputHash();
    }

    private long[] heights() {
        return new long[] {network.peerHeight(1), network.peerHeight(2), network.peerHeight(3)};
    }
}
