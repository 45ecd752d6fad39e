package org.fedledger.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import org.fedledger.protocol.key.PayloadLayout;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.ContentHash;
import org.junit.jupiter.api.Test;

class QuorumTest {
    private static final ContentHash OUT = RecordJsonTest.HASH_C;
    private static final ContentHash OTHER = RecordJsonTest.HASH_A;

    private static TaskRecord task(int quorum, String... orgs) {
        return new TaskRecord("mnist", List.of(new TensorSpecRecord("w", List.of(2))), new RuleRecord("fedavg", null),
                2, 3, quorum, 600, 1000, 50, 4096, List.of(orgs), "x509::CN=c", orgs[0], 0, OTHER, 1, "tx0", 7, PayloadLayout.PER_ORGANISATION);
    }

    private static ProposalRecord proposalBy(String msp) {
        return new ProposalRecord("mnist", 3, 1, RecordJsonTest.manifest(), RecordJson.hash(RecordJsonTest.manifest()), OUT,
                10, 1, "x509::CN=p", msp, "tx1", 1_000);
    }

    private static AttestationRecord vote(String msp, Verdict verdict, ContentHash hash) {
        return new AttestationRecord("mnist", 3, 1, msp, "x509::CN=v-" + msp, verdict, hash, "tx-" + msp, 1_001);
    }

    @Test
    void the_proposers_organisation_is_not_eligible_and_its_agreement_counts_for_nothing() {
        Quorum.Tally t = Quorum.tally(task(2, "Org1MSP", "Org2MSP", "Org3MSP"), proposalBy("Org1MSP"),
                List.of(vote("Org1MSP", Verdict.AGREE, OUT), vote("Org2MSP", Verdict.AGREE, OUT)));
        assertThat(t.eligible()).containsExactly("Org2MSP", "Org3MSP");
        assertThat(t.agreeing()).containsExactly("Org2MSP");
        assertThat(t.waitingFor()).containsExactly("Org3MSP");
        assertThat(t.attested()).containsExactly("Org1MSP", "Org2MSP");
        assertThat(t.outcome()).isEqualTo(Quorum.Outcome.OPEN);
    }

    @Test
    void a_quorum_of_eligible_organisations_agreeing_with_the_output_is_reached() {
        Quorum.Tally t = Quorum.tally(task(2, "Org1MSP", "Org2MSP", "Org3MSP"), proposalBy("Org1MSP"),
                List.of(vote("Org3MSP", Verdict.AGREE, OUT), vote("Org2MSP", Verdict.AGREE, OUT)));
        assertThat(t.outcome()).isEqualTo(Quorum.Outcome.REACHED);
        assertThat(t.agreeing()).containsExactly("Org2MSP", "Org3MSP");
    }

    @Test
    void one_eligible_disagreement_puts_a_quorum_of_all_eligible_organisations_out_of_reach() {
        Quorum.Tally t = Quorum.tally(task(2, "Org1MSP", "Org2MSP", "Org3MSP"), proposalBy("Org1MSP"),
                List.of(vote("Org2MSP", Verdict.DISAGREE, OTHER)));
        assertThat(t.disagreeing()).containsExactly("Org2MSP");
        assertThat(t.outcome()).isEqualTo(Quorum.Outcome.OUT_OF_REACH);
    }

    @Test
    void with_four_organisations_one_disagreement_leaves_the_quorum_within_reach() {
        Quorum.Tally t = Quorum.tally(task(2, "Org1MSP", "Org2MSP", "Org3MSP", "Org4MSP"), proposalBy("Org1MSP"),
                List.of(vote("Org2MSP", Verdict.DISAGREE, OTHER), vote("Org3MSP", Verdict.AGREE, OUT)));
        assertThat(t.outcome()).isEqualTo(Quorum.Outcome.OPEN);
        assertThat(t.waitingFor()).containsExactly("Org4MSP");
    }

    @Test
    void attestations_of_organisations_outside_the_task_or_of_another_proposal_count_for_nothing() {
        List<AttestationRecord> votes = new ArrayList<>(List.of(vote("Org9MSP", Verdict.AGREE, OUT)));
        votes.add(new AttestationRecord("mnist", 3, 2, "Org2MSP", "x509::CN=v", Verdict.AGREE, OUT, "tx", 1));
        votes.add(vote("Org3MSP", Verdict.AGREE, OUT));
        Quorum.Tally t = Quorum.tally(task(2, "Org1MSP", "Org2MSP", "Org3MSP"), proposalBy("Org1MSP"), votes);
        assertThat(t.agreeing()).containsExactly("Org3MSP");
        assertThat(t.attested()).containsExactly("Org3MSP");
        assertThat(t.outcome()).isEqualTo(Quorum.Outcome.OPEN);
    }

    @Test
    void the_window_is_a_round_duration_from_its_start() {
        assertThat(Quorum.windowEnd(task(2, "Org1MSP", "Org2MSP", "Org3MSP"), 1_000)).isEqualTo(1_600);
    }
}
