package org.fedledger.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundFailure;
import org.fedledger.protocol.record.Verdict;
import org.junit.jupiter.api.Test;

class LedgerEventTest {
    private static final String H0 = "0a".repeat(32);
    private static final String H1 = "1b".repeat(32);
    private static final String H2 = "2c".repeat(32);
    private static final String H3 = "3d".repeat(32);

    private static ContentHash hash(String hex) {
        return ContentHash.parse(hex);
    }

    @Test
    void every_event_has_its_name_and_golden_payload() {
        List<String> lines = new ArrayList<>();
        for (LedgerEvent e : List.of(
                new LedgerEvent.RolesRequested("Org1MSP", "x509::CN=a", List.of("trainer")),
                new LedgerEvent.ParticipantRegistered("Org1MSP", "x509::CN=a", List.of("trainer")),
                new LedgerEvent.RolesChanged("Org1MSP", "x509::CN=a", List.of("auditor")),
                new LedgerEvent.ParticipantRevoked("Org1MSP", "x509::CN=a"),
                new LedgerEvent.TaskCreated("mnist", 0, hash(H0)),
                new LedgerEvent.RoundOpened("mnist", 1, 0, 600),
                new LedgerEvent.UpdateAccepted("mnist", 1, "x509::CN=a", "Org1MSP", hash(H1), "k1"),
                new LedgerEvent.RoundClosed("mnist", 1, 3, 1),
                new LedgerEvent.RoundFailed("mnist", 1, 1),
                new LedgerEvent.RoundFailed("mnist", 1, 3, RoundFailure.PROPOSALS_EXHAUSTED),
                new LedgerEvent.ModelProposed("mnist", 1, 1, hash(H2), hash(H3)),
                new LedgerEvent.ModelAttested("mnist", 1, 1, "Org1MSP", Verdict.AGREE),
                new LedgerEvent.RoundDisputed("mnist", 1, 1),
                new LedgerEvent.ModelFinal("mnist", 1, 1, 1, hash(H2), List.of("Org2MSP", "Org3MSP")),
                new LedgerEvent.DatasetCreated("Org1MSP", "wisconsin", "8", "0.00001"))) {
            lines.add(e.name() + " " + RecordJson.write(e));
            assertThat(RecordJson.read(RecordJson.write(e), ((Record) e).getClass())).isEqualTo(e);
        }
        assertThat(lines).containsExactly(
                "RolesRequested {\"id\":\"x509::CN=a\",\"msp\":\"Org1MSP\",\"roles\":[\"trainer\"]}",
                "ParticipantRegistered {\"id\":\"x509::CN=a\",\"msp\":\"Org1MSP\",\"roles\":[\"trainer\"]}",
                "RolesChanged {\"id\":\"x509::CN=a\",\"msp\":\"Org1MSP\",\"roles\":[\"auditor\"]}",
                "ParticipantRevoked {\"id\":\"x509::CN=a\",\"msp\":\"Org1MSP\"}",
                "TaskCreated {\"modelHash\":\"" + H0 + "\",\"taskId\":\"mnist\",\"version\":0}",
                "RoundOpened {\"baseVersion\":0,\"deadline\":600,\"round\":1,\"taskId\":\"mnist\"}",
                "UpdateAccepted {\"contributor\":\"x509::CN=a\",\"hash\":\"" + H1
                        + "\",\"key\":\"k1\",\"msp\":\"Org1MSP\",\"round\":1,"
                        + "\"taskId\":\"mnist\"}",
                "RoundClosed {\"accepted\":3,\"overCapacity\":1,\"round\":1,\"taskId\":\"mnist\"}",
                "RoundFailed {\"reason\":\"TOO_FEW_UPDATES\",\"round\":1,\"taskId\":\"mnist\",\"updates\":1}",
                "RoundFailed {\"reason\":\"PROPOSALS_EXHAUSTED\",\"round\":1,\"taskId\":\"mnist\",\"updates\":3}",
                "ModelProposed {\"manifestHash\":\"" + H3 + "\",\"outputHash\":\"" + H2
                        + "\",\"round\":1,\"seq\":1,\"taskId\":\"mnist\"}",
                "ModelAttested {\"msp\":\"Org1MSP\",\"round\":1,\"seq\":1,\"taskId\":\"mnist\",\"verdict\":\"AGREE\"}",
                "RoundDisputed {\"round\":1,\"seq\":1,\"taskId\":\"mnist\"}",
                "ModelFinal {\"attestedBy\":[\"Org2MSP\",\"Org3MSP\"],\"hash\":\"" + H2 + "\",\"round\":1,\"seq\":1,"
                        + "\"taskId\":\"mnist\",\"version\":1}",
                "DatasetCreated {\"datasetId\":\"wisconsin\",\"delta\":\"0.00001\",\"epsilon\":\"8\",\"msp\":\"Org1MSP\"}");
    }

    @Test
    void a_merged_event_stands_for_its_steps_in_order_and_keeps_its_absent_steps_absent() {
        LedgerEvent.ModelFinal finalised = new LedgerEvent.ModelFinal("mnist", 1, 1, 1, hash(H2), List.of("Org2MSP",
                "Org3MSP"));
        LedgerEvent.ModelProposed proposed = new LedgerEvent.ModelProposed("mnist", 2, 1, hash(H1), hash(H3));
        LedgerEvent.RoundOpened opened = new LedgerEvent.RoundOpened("mnist", 3, 2, 1200);

        LedgerEvent.ProposalPipelined all = new LedgerEvent.ProposalPipelined(finalised, proposed, opened);
        assertThat(all.parts()).containsExactly(finalised, proposed, opened);
        LedgerEvent.ProposalPipelined onlyOpened = new LedgerEvent.ProposalPipelined(null, proposed, opened);
        assertThat(onlyOpened.parts()).containsExactly(proposed, opened);
        LedgerEvent.ProposalPipelined onlyFinalised = new LedgerEvent.ProposalPipelined(finalised, proposed, null);
        assertThat(onlyFinalised.parts()).containsExactly(finalised, proposed);
        for (LedgerEvent.ProposalPipelined e : List.of(all, onlyOpened, onlyFinalised)) {
            assertThat(RecordJson.read(RecordJson.write(e), LedgerEvent.ProposalPipelined.class)).isEqualTo(e);
        }
        assertThat(RecordJson.write(onlyOpened)).doesNotContain("finalised");
        assertThat(new LedgerEvent.RoundAdvanced(finalised, opened).parts()).containsExactly(finalised, opened);
        assertThat(proposed.parts()).containsExactly(proposed);
    }

    @Test
    void every_event_type_is_found_by_its_name_and_no_other_name_is() {
        for (Class<?> type : LedgerEvent.class.getPermittedSubclasses()) {
            @SuppressWarnings("unchecked")
            Class<? extends LedgerEvent> event = (Class<? extends LedgerEvent>) type;
            assertThat(EventNames.typeNamed(LedgerEvent.nameOf(event))).contains(event);
        }
        assertThat(EventNames.all()).hasSize(LedgerEvent.class.getPermittedSubclasses().length)
                .contains(EventNames.ROUND_OPENED, EventNames.MODEL_FINAL);
        assertThat(EventNames.typeNamed("RoundReopened")).isEmpty();
    }
}
