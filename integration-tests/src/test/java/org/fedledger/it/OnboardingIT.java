package org.fedledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.it.fabric.Await;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.it.fabric.NetworkScript;
import org.fedledger.it.fabric.PeerFiles;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An organisation joins the running channel with {@code network.sh add-org} (issue 22, item 5) after a
 * task of the first three organisations ran a round. Its peer holds none of that task's update bytes
 * in any file (ledger, private data store, transient store), searched byte for byte, while the same
 * search finds the bytes of a new task it belongs to; its auditor is refused that earlier update; it
 * trains and attests in the new task, whose round becomes FINAL; and the earlier task still audits
 * PASS. Tagged {@code onboarding}: it changes the network, so {@code scripts/test.sh} runs it last.
 */
@Tag("onboarding")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnboardingIT {
    private final FabricNetwork network = FabricNetwork.get();
    private final List<LedgerConnection> connections = new ArrayList<>();
    private SdkParticipants people;

    @Test
    void an_organisation_that_joins_trains_in_a_new_task_and_its_peer_holds_no_byte_of_an_earlier_tasks_updates() {
        SdkParticipants p = SdkParticipants.register(network::sdkConnection);
        people = p;

        // Before the join: task T1 of Org1..Org3 and a FINAL round of three updates with distinctive values.
        String t1 = create(p, SdkParticipants.task("before-join"));
        List<Model> t1Updates = List.of(distinctive(1_234_567.25f), distinctive(2_345_678.5f), distinctive(3_456_789.75f));
        p.coordinator.coordinator().openRound(t1);
        for (int i = 0; i < 3; i++) {
            p.trainers().get(i).trainer(t1).submitUpdate(1, t1Updates.get(i), 100);
        }
        p.coordinator.coordinator().closeRound(t1, 1);
        finishRound(p, t1, p.verifier2, p.verifier3);

        // The operator adds the next organisation with the project's launcher.
        Set<Integer> before = network.organisations();
        NetworkScript.of(network).run("add-org");
        network.readOrganisations();
        int n = network.organisations().stream().filter(o -> !before.contains(o)).findFirst()
                .orElseThrow(() -> new AssertionError("add-org wrote no new connection profile"));
        String msp = "Org" + n + "MSP";
        long reconciliationsAtJoin = network.reconciliations(n);
        FedLedger admin = open(n, "Admin");
        FedLedger trainer = member(admin, n, "User1", Role.TRAINER);
        FedLedger verifier = member(admin, n, "User2", Role.VERIFIER);
        FedLedger auditor = member(admin, n, "User3", Role.AUDITOR);

        // Its auditor is refused T1's update, though the chaincode now has its collections.
        ContractRefusedException refused = catchThrowableOfType(ContractRefusedException.class,
                () -> auditor.auditor().updatePayload(t1, 1, p.trainer1.whoAmI().id()));
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);

        // Task T2 of Org1, Org2 and the new organisation: it trains, and its verifier attests the FINAL round.
        String t2 = create(p, SdkParticipants.task("after-join", "Org1MSP", "Org2MSP", msp));
        Model t2Update = distinctive(4_567_890.5f);
        p.coordinator.coordinator().openRound(t2);
        p.trainer1.trainer(t2).submitUpdate(1, t2Update, 100);
        p.trainer2.trainer(t2).submitUpdate(1, distinctive(5_678_901.5f), 100);
        assertThat(trainer.trainer(t2).submitUpdate(1, distinctive(6_789_012.5f), 100).record().msp()).isEqualTo(msp);
        p.coordinator.coordinator().closeRound(t2, 1);
        finishRound(p, t2, verifier, p.verifier2);
        assertThat(auditor.auditor().attestations(t2, 1, 1)).extracting(AttestationRecord::msp).contains(msp);
        assertThat(auditor.auditor().updatePayload(t2, 1, p.trainer1.whoAmI().id()))
                .isEqualTo(ModelCodec.encode(t2Update));

        // Fabric hands a peer the past private data of collections it becomes a member of, through the
        // peer's periodic reconciler: two of its passes after the join, nothing it could be given is missing.
        Await.until(() -> network.reconciliations(n) >= reconciliationsAtJoin + 2, Duration.ofSeconds(90));

        // Byte for byte in the peers' files. The search finds T2's update on the new organisation's
        // peer and T1's on Org3's (both members), so its finding nothing below is not the search's blindness.
        Path newPeer = network.home().resolve("peer" + n);
        Path org3Peer = network.home().resolve("peer3");
        assertThat(filesContaining(newPeer, valuesOf(t2Update))).as("T2's update on %s's peer", msp).isNotEmpty();
        assertThat(filesContaining(org3Peer, valuesOf(t1Updates.get(0)))).as("T1's update on Org3's peer").isNotEmpty();
        for (Model update : t1Updates) {
            assertThat(filesContaining(newPeer, valuesOf(update))).as("T1's update on %s's peer", msp).isEmpty();
        }
        assertThat(filesContaining(org3Peer, valuesOf(t2Update))).as("T2's update on Org3's peer (outside T2)").isEmpty();

        // T1 still audits PASS for Org2's auditor, and T2 for the new organisation's.
        assertThat(TaskAudit.of(p.auditor).run(t1).verdict()).isEqualTo(AuditVerdict.PASS);
        assertThat(TaskAudit.of(auditor).run(t2).verdict()).isEqualTo(AuditVerdict.PASS);
    }

    private static String create(SdkParticipants p, TaskDefinition.Builder definition) {
        TaskDefinition task = definition.build();
        p.coordinator.coordinator().createTask(task);
        return task.taskId();
    }

    /** Org1's aggregator proposes round 1 and both verifiers recompute, agree and attest: FINAL. */
    private static void finishRound(SdkParticipants p, String task, FedLedger first, FedLedger second) {
        p.aggregator.aggregator(task).propose(p.aggregator.aggregator(task).aggregate(1));
        for (FedLedger verifier : List.of(first, second)) {
            Verification v = verifier.verifier(task).verify(1, 1);
            assertThat(v.verdict()).as(v.reason().orElse("")).isEqualTo(Verdict.AGREE);
            verifier.verifier(task).attest(v);
        }
        assertThat(first.verifier(task).resolve(1).record().state()).isEqualTo(RoundState.FINAL);
    }

    private FedLedger open(int org, String user) {
        LedgerConnection connection = network.sdkConnection(org, user);
        connections.add(connection);
        return FedLedger.over(connection);
    }

    /** Person {@code user} of organisation {@code org}, registered by its {@code admin} with {@code roles}. */
    private FedLedger member(FedLedger admin, int org, String user, Role... roles) {
        FedLedger member = open(org, user);
        if (!member.whoAmI().registered()) {
            member.membership().requestRoles(roles);
            admin.admin().register(connections.get(connections.size() - 1).identity().certificatePem(), roles);
        }
        return member;
    }

    /**
     * A model of the standard schema whose kernel holds four large, distinct values from {@code seed}
     * (a seed above a million: no other test's payload has them).
     */
    private static Model distinctive(float seed) {
        return SdkParticipants.model(seed);
    }

    /**
     * The 16 bytes of {@code update}'s kernel values as its encoding holds them: distinct floats, so no
     * compression of the peer's stores shortens them, and checked to be in the encoded payload.
     */
    private static byte[] valuesOf(Model update) {
        Tensor kernel = update.tensors().get(0);
        ByteBuffer bytes = ByteBuffer.allocate(kernel.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : kernel.values()) {
            bytes.putFloat(v);
        }
        byte[] marker = bytes.array();
        assertThat(holds(ModelCodec.encode(update), marker)).as("the kernel's bytes in the encoded update").isTrue();
        return marker;
    }

    private static List<Path> filesContaining(Path root, byte[] marker) {
        return PeerFiles.containing(root, marker);
    }

    private static boolean holds(byte[] bytes, byte[] marker) {
        return PeerFiles.holds(bytes, marker);
    }

    @AfterAll
    void closeConnections() {
        connections.forEach(LedgerConnection::close);
        if (people != null) {
            people.close();
        }
    }
}
