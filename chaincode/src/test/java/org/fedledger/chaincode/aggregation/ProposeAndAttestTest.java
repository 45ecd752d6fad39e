package org.fedledger.chaincode.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.ExclusionReason;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.peer.SimulationStub;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordJson;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProposeAndAttestTest {
    private final Consortium net = Consortium.fresh();
    private Consortium.Proposal honest;

    @BeforeEach
    void closedRound() {
        net.registered().withTask();
        net.openRound();
        net.closedRoundWithThreeUpdates(1);
        honest = net.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
    }

    private AggregationManifest.Builder like(AggregationManifest m) {
        return AggregationManifest.builder().taskId(m.taskId()).round(m.round()).baseModelHash(m.baseModelHash())
                .rule(m.rule()).inputs(m.inputs()).exclusions(m.exclusions()).outputHash(m.outputHash());
    }

    private FedLedgerException refusedProposal(AggregationManifest manifest, byte[] output) {
        return net.refused(net.aggregator, chunks(TransientKeys.MODEL_PREFIX, output, 1),
                t -> t.c().proposeModel(t.ctx(), "mnist", "1", RecordJson.write(manifest)));
    }

    private List<ManifestInput> inputs(UnaryOperator<List<ManifestInput>> change) {
        return change.apply(new ArrayList<>(honest.manifest().inputs()));
    }

    @Nested
    class ProposeModel {
        @Test
        void records_the_proposal_and_moves_the_round_to_proposed() {
            Map<String, Object> p = Consortium.json(net.propose(1, honest));
            assertThat(p).containsEntry("proposer", net.aggregator.id()).containsEntry("msp", "Org1MSP")
                    .containsEntry("outputSize", (double) honest.output().length).containsEntry("outputChunks", 2.0);
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.MODEL_PROPOSED);
            String stored = net.evaluate(net.auditor, t -> t.c().getProposal(t.ctx(), "mnist", "1", "1"));
            assertThat(Consortium.json(stored).get("manifest")).isEqualTo(Consortium.json(RecordJson.write(honest.manifest())));
        }

        @Test
        void refuses_a_manifest_that_drops_an_accepted_update() {
            var m = like(honest.manifest()).inputs(inputs(l -> {
                l.remove(0);
                return l;
            })).build();
            FedLedgerException e = refusedProposal(m, honest.output());
            assertCode(e, ErrorCode.MANIFEST_MISMATCH);
            assertThat(e.getMessage()).contains("drops");
            assertThat(e.field()).hasValue("manifestJson.inputs");
        }

        @Test
        void refuses_a_manifest_naming_an_update_that_was_not_accepted() {
            var m = like(honest.manifest()).inputs(inputs(l -> {
                ManifestInput first = l.remove(0);
                l.add(new ManifestInput(Keys.update("mnist", 1, "x509::CN=ghost"), "x509::CN=ghost", first.hash(),
                        first.sampleCount(), first.weightNumerator(), first.weightDenominator()));
                return l;
            })).build();
            assertCode(refusedProposal(m, honest.output()), ErrorCode.MANIFEST_MISMATCH);
        }

        @Test
        void refuses_weights_that_do_not_follow_the_rule() {
            var m = like(honest.manifest()).inputs(inputs(l -> {
                ManifestInput first = l.remove(0);
                l.add(0, new ManifestInput(first.updateKey(), first.contributor(), first.hash(), first.sampleCount(),
                        1, 3));
                return l;
            })).build();
            assertCode(refusedProposal(m, honest.output()), ErrorCode.MANIFEST_MISMATCH);
        }

        @Test
        void refuses_a_declared_sample_count_other_than_the_update_records() {
            var m = like(honest.manifest()).inputs(inputs(l -> {
                ManifestInput first = l.remove(0);
                l.add(0, new ManifestInput(first.updateKey(), first.contributor(), first.hash(), first.sampleCount()
                        + 1,
                        first.weightNumerator(), first.weightDenominator()));
                return l;
            })).build();
            assertCode(refusedProposal(m, honest.output()), ErrorCode.MANIFEST_MISMATCH);
        }

        @Test
        void refuses_evidence_for_a_rule_that_records_none() {
            var m = like(honest.manifest()).evidence(List.of(InputEvidence.median(honest.manifest().inputs().get(0)
                    .updateKey(), 4))).build();
            FedLedgerException e = refusedProposal(m, honest.output());
            assertCode(e, ErrorCode.MANIFEST_MISMATCH);
            assertThat(e.field()).hasValue("manifestJson.evidence");
        }

        /** Issue 24: a trimmed-mean proposal must say what the rule trimmed of every update. */
        @Test
        void refuses_a_trimmed_mean_manifest_without_evidence_and_records_one_with_it() {
            Consortium trimmed = Consortium.fresh().registered().withTask(Consortium.taskJson(Map.of("rule",
                    Map.of("name", "trimmed_mean", "params", Map.of("beta", "0.34")))));
            trimmed.openRound();
            trimmed.closedRoundWithThreeUpdates(1);
            Consortium.Proposal proposal = trimmed.aggregate(1, RuleSpec.of(RuleName.TRIMMED_MEAN, Map.of("beta", "0.34")));
            AggregationManifest m = proposal.manifest();
            assertThat(m.evidence()).hasSize(3);
            AggregationManifest withoutEvidence = like(m).build();
            FedLedgerException e = trimmed.refused(trimmed.aggregator, chunks(TransientKeys.MODEL_PREFIX,
                    proposal.output(), 1), t -> t.c().proposeModel(t.ctx(), "mnist", "1",
                            RecordJson.write(withoutEvidence)));
            assertCode(e, ErrorCode.MANIFEST_MISMATCH);
            assertThat(e.field()).hasValue("manifestJson.evidence");
            String stored = Consortium.json(trimmed.propose(1, proposal)).get("manifest").toString();
            assertThat(stored).contains("trimmedLow");
        }

        @Test
        void refuses_another_rule_than_the_tasks() {
            var m = like(honest.manifest()).rule(RuleSpec.of(RuleName.MEAN)).build();
            assertCode(refusedProposal(m, honest.output()), ErrorCode.MANIFEST_MISMATCH);
        }

        @Test
        void refuses_another_base_model_hash() {
            var m = like(honest.manifest()).baseModelHash(ContentHash.of(new byte[] {1})).build();
            assertCode(refusedProposal(m, honest.output()), ErrorCode.MANIFEST_MISMATCH);
        }

        @Test
        void refuses_a_manifest_for_another_round_or_task() {
            assertCode(refusedProposal(like(honest.manifest()).round(2).build(), honest.output()),
                    ErrorCode.MANIFEST_MISMATCH);
            assertCode(refusedProposal(like(honest.manifest()).taskId("other").build(), honest.output()),
                    ErrorCode.MANIFEST_MISMATCH);
        }

        @Test
        void refuses_exclusions_under_a_rule_that_excludes_nothing() {
            var m = like(honest.manifest()).inputs(inputs(l -> {
                l.remove(0);
                return l;
            })).addExclusion(new ManifestExclusion(honest.manifest().inputs().get(0).updateKey(),
                    honest.manifest().inputs().get(0).contributor(), honest.manifest().inputs().get(0).hash(),
                    ExclusionReason.KRUM_REJECTED)).build();
            assertCode(refusedProposal(m, honest.output()), ErrorCode.MANIFEST_MISMATCH);
        }

        @Test
        void refuses_an_output_whose_hash_differs_from_the_manifest() {
            byte[] other = ModelCodec.encode(Consortium.model(9f));
            assertCode(refusedProposal(honest.manifest(), other), ErrorCode.HASH_MISMATCH);
        }

        @Test
        void refuses_an_output_that_is_not_a_model_of_the_schema() {
            // As long as a model of the schema, so that it is refused for what it holds, not its length.
            byte[] junk = new byte[honest.output().length];
            java.util.Arrays.fill(junk, (byte) 0xFF);
            var m = like(honest.manifest()).outputHash(ContentHash.of(junk)).build();
            assertCode(refusedProposal(m, junk), ErrorCode.MALFORMED_PAYLOAD);
        }

        @Test
        void refuses_malformed_manifest_json() {
            for (String bad : new String[] {"", "{", "[]", "{\"taskId\":\"mnist\"}", "null"}) {
                assertCode(net.refused(net.aggregator, chunks(TransientKeys.MODEL_PREFIX, honest.output(), 1),
                        t -> t.c().proposeModel(t.ctx(), "mnist", "1", bad)), ErrorCode.INVALID_ARGUMENT);
            }
        }

        @Test
        void refuses_anyone_but_an_aggregator() {
            for (var who : List.of(net.coordinator, net.trainer1, net.verifier1, net.auditor)) {
                assertCode(net.refused(who, chunks(TransientKeys.MODEL_PREFIX, honest.output(), 1),
                        t -> t.c().proposeModel(t.ctx(), "mnist", "1", RecordJson.write(honest.manifest()))),
                                ErrorCode.FORBIDDEN);
            }
        }
    }

    @Nested
    class AttestModel {
        @BeforeEach
        void proposed() {
            net.propose(1, honest);
        }

        @Test
        void one_organisations_agreement_is_not_enough_and_it_cannot_attest_twice() {
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.MODEL_ATTESTED);
            var sameOrg = net.org2.member("verifier2b");
            net.register(net.admin2, sameOrg, "verifier");
            assertCode(net.refused(sameOrg, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                    honest.outputHash())), ErrorCode.ALREADY_ATTESTED);
            assertCode(net.refused(net.coordinator, t -> t.c().resolveRound(t.ctx(), "mnist", "1")),
                    ErrorCode.RESOLUTION_PENDING);
            assertThat(net.ledger.value(Keys.model("mnist", 1))).isEmpty();
            String list = net.evaluate(net.auditor, t -> t.c().listAttestations(t.ctx(), "mnist", "1", "1"));
            assertThat(list).contains("\"msp\":\"Org2MSP\"").doesNotContain("Org3MSP");
        }

        @Test
        void an_attestation_writes_only_its_own_key_and_decides_nothing() {
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            net.attest(net.verifier3, 1, 1, "AGREE", honest.outputHash());
            assertThat(net.lastStub().readWriteSet().writes()).containsOnlyKeys(Keys.attestation("mnist", 1, 1, "Org3MSP"));
            assertThat(net.lastStub().readWriteSet().ranges()).isEmpty();
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.MODEL_ATTESTED);
            assertThat(Consortium.json(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1"))))
                    .containsEntry("state", "PROPOSED");
            assertThat(net.ledger.value(Keys.model("mnist", 1))).isEmpty();
        }

        @Test
        void verifiers_of_every_organisation_attesting_at_once_all_commit_valid() {
            // Issue 22: each simulated before any of them commits, as independent verifier services do.
            List<SimulationStub> simulated = new ArrayList<>();
            for (var verifier : List.of(net.verifier1, net.verifier2, net.verifier3)) {
                SimulationStub stub = net.newStub(verifier, net.now().plusSeconds(1), Map.of());
                net.contract.attestModel(net.contract.createContext(stub), "mnist", "1", "1", "AGREE",
                        honest.outputHash());
                simulated.add(stub);
            }
            assertThat(simulated).extracting(stub -> net.ledger.commit(stub).code())
                    .containsOnly(TxValidationCode.VALID);
            net.resolve(net.coordinator, 1);
            assertThat(Consortium.json(net.ledger.valueUtf8(Keys.model("mnist", 1)).orElseThrow()))
                    .containsEntry("attestedBy", List.of("Org2MSP", "Org3MSP"));
        }

        @Test
        void the_aggregator_alone_can_never_finalise() {
            assertCode(net.refused(net.aggregator, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                    honest.outputHash())), ErrorCode.FORBIDDEN);
            assertCode(net.refused(net.aggregator, t -> t.c().resolveRound(t.ctx(), "mnist", "1")),
                    ErrorCode.RESOLUTION_PENDING);
            assertThat(net.ledger.value(Keys.model("mnist", 1))).isEmpty();
        }

        @Test
        void agree_requires_the_proposals_output_hash() {
            assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                    ContentHash.of(new byte[] {7}).hex())), ErrorCode.HASH_MISMATCH);
        }

        @Test
        void refuses_bad_verdicts_hashes_and_sequence_numbers() {
            assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "agree",
                    honest.outputHash())), ErrorCode.INVALID_ARGUMENT);
            assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE", "xyz")),
                    ErrorCode.MALFORMED_HASH);
            assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "0", "AGREE",
                    honest.outputHash())), ErrorCode.INVALID_ARGUMENT);
            assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "10000", "AGREE",
                    honest.outputHash())), ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Nested
    class OwnProposal {
        private final TestIdentity both = net.org1.member("aggregator-and-verifier");

        @BeforeEach
        void proposedByAnIdentityThatAlsoVerifies() {
            net.register(net.admin1, both, "aggregator,verifier");
            net.submit(both, chunks(TransientKeys.MODEL_PREFIX, honest.output(), 1),
                    t -> t.c().proposeModel(t.ctx(), "mnist", "1", RecordJson.write(honest.manifest())));
        }

        @Test
        void an_identity_that_proposed_never_attests_its_own_proposal() {
            FedLedgerException e = net.refused(both, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                    honest.outputHash()));
            assertCode(e, ErrorCode.OWN_PROPOSAL);
            assertThat(net.ledger.value(Keys.attestation("mnist", 1, 1, "Org1MSP"))).isEmpty();
        }

        @Test
        void the_proposers_organisation_does_not_count_towards_the_quorum() {
            // Org1's other verifier agrees, and so does Org2: one eligible organisation, not two.
            net.attest(net.verifier1, 1, 1, "AGREE", honest.outputHash());
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            assertCode(net.refused(net.coordinator, t -> t.c().resolveRound(t.ctx(), "mnist", "1")),
                    ErrorCode.RESOLUTION_PENDING);
            net.attest(net.verifier3, 1, 1, "AGREE", honest.outputHash());
            net.resolve(net.verifier2, 1);
            assertThat(Consortium.json(net.ledger.valueUtf8(Keys.model("mnist", 1)).orElseThrow()))
                    .containsEntry("attestedBy", List.of("Org2MSP", "Org3MSP"));
        }

        @Test
        void a_disagreement_of_the_proposers_organisation_disputes_nothing() {
            net.attest(net.verifier1, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            net.attest(net.verifier3, 1, 1, "AGREE", honest.outputHash());
            assertThat(Consortium.json(net.resolve(net.coordinator, 1))).containsEntry("state", "FINAL");
        }
    }

    @Nested
    class ResolveRound {
        @BeforeEach
        void proposed() {
            net.propose(1, honest);
        }

        private String state() {
            return (String) Consortium.json(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1")))
                    .get("state");
        }

        @Test
        void a_quorum_of_the_other_organisations_makes_the_model_final() {
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            net.attest(net.verifier3, 1, 1, "AGREE", honest.outputHash());
            Map<String, Object> round = Consortium.json(net.resolve(net.coordinator, 1));
            assertThat(round).containsEntry("state", "FINAL");
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.MODEL_FINAL);
            assertThat(Consortium.json(net.lastStub().event().map(e -> e.payload()).map(String::new).orElseThrow()))
                    .containsEntry("version", 1.0).containsEntry("hash", honest.outputHash())
                    .containsEntry("attestedBy", List.of("Org2MSP", "Org3MSP"));
            assertThat(Consortium.json(net.evaluate(net.auditor, t -> t.c().getTask(t.ctx(), "mnist"))))
                    .containsEntry("currentVersion", 1.0).containsEntry("currentModelHash", honest.outputHash());
        }

        @Test
        void resolving_a_decided_round_again_writes_nothing() {
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            net.attest(net.verifier3, 1, 1, "AGREE", honest.outputHash());
            String first = net.resolve(net.coordinator, 1);
            String again = net.resolve(net.verifier3, 1);
            assertThat(again).isEqualTo(first);
            assertThat(net.lastStub().readWriteSet().writes()).isEmpty();
            assertThat(net.lastStub().event().map(e -> e.name())).isEmpty();
        }

        @Test
        void a_quorum_out_of_reach_disputes_the_round_and_the_aggregator_proposes_again() {
            net.attest(net.verifier2, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            net.resolve(net.verifier2, 1);
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROUND_DISPUTED);
            assertThat(state()).isEqualTo("DISPUTED");
            net.propose(1, honest);
            assertThat(state()).isEqualTo("PROPOSED");
        }

        @Test
        void the_round_fails_when_its_last_allowed_proposal_is_disputed() {
            // Issue 21: an aggregator re-proposing a forged model cannot keep a round alive 9,999 times.
            for (int seq = 1; seq <= Quorum.MAX_PROPOSALS_PER_ROUND; seq++) {
                if (seq > 1) {
                    net.propose(1, honest);
                }
                net.attest(net.verifier2, 1, seq, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
                net.resolve(net.verifier3, 1);
            }
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROUND_FAILED);
            assertThat(Consortium.json(net.lastStub().event().map(e -> e.payload()).map(String::new).orElseThrow()))
                    .containsEntry("reason", "PROPOSALS_EXHAUSTED");
            assertThat(state()).isEqualTo("FAILED");
            assertCode(net.refused(net.aggregator, chunks(TransientKeys.MODEL_PREFIX, honest.output(), 1),
                    t -> t.c().proposeModel(t.ctx(), "mnist", "1", RecordJson.write(honest.manifest()))),
                    ErrorCode.PROPOSAL_LIMIT_REACHED);
            assertThat(Consortium.json(net.openRound())).containsEntry("round", 2.0).containsEntry("baseVersion", 0.0);
        }

        @Test
        void a_round_left_undecided_by_a_silent_organisation_fails_once_its_window_has_passed() {
            // Issue 21: one AGREE, one DISAGREE (the proposer's organisation's), the third organisation silent.
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            net.attest(net.verifier1, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            assertCode(net.refused(net.verifier2, t -> t.c().resolveRound(t.ctx(), "mnist", "1")),
                    ErrorCode.RESOLUTION_PENDING);
            assertCode(net.refused(net.coordinator, t -> t.c().openRound(t.ctx(), "mnist")), ErrorCode.INVALID_STATE);
            net.advance(Consortium.DURATION);
            net.resolve(net.verifier2, 1);
            assertThat(Consortium.json(net.lastStub().event().map(e -> e.payload()).map(String::new).orElseThrow()))
                    .containsEntry("reason", "WINDOW_PASSED").containsEntry("updates", 3.0);
            assertThat(state()).isEqualTo("FAILED");
            assertThat(Consortium.json(net.openRound())).containsEntry("round", 2.0);
        }

        @Test
        void a_disputed_round_without_a_new_proposal_fails_once_its_window_has_passed() {
            net.attest(net.verifier3, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            net.resolve(net.verifier3, 1);
            assertCode(net.refused(net.verifier3, t -> t.c().resolveRound(t.ctx(), "mnist", "1")),
                    ErrorCode.RESOLUTION_PENDING);
            net.advance(Consortium.DURATION);
            net.resolve(net.verifier3, 1);
            assertThat(state()).isEqualTo("FAILED");
        }

        @Test
        void only_participants_with_a_role_in_the_task_resolve() {
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            net.attest(net.verifier3, 1, 1, "AGREE", honest.outputHash());
            for (var who : List.of(net.trainer2, net.auditor)) {
                assertCode(net.refused(who, t -> t.c().resolveRound(t.ctx(), "mnist", "1")), ErrorCode.FORBIDDEN);
            }
            assertThat(state()).isEqualTo("PROPOSED");
        }
    }

    @Nested
    class ResolveWithoutProposal {
        @Test
        void a_closed_round_that_gets_no_proposal_fails_once_its_window_has_passed() {
            assertCode(net.refused(net.verifier2, t -> t.c().resolveRound(t.ctx(), "mnist", "1")),
                    ErrorCode.RESOLUTION_PENDING);
            net.advance(Consortium.DURATION);
            net.resolve(net.verifier2, 1);
            assertThat(Consortium.json(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1"))))
                    .containsEntry("state", "FAILED");
        }

        @Test
        void an_open_round_is_closed_not_resolved() {
            net.advance(Consortium.DURATION);
            net.resolve(net.verifier2, 1);
            net.openRound();
            assertCode(net.refused(net.verifier2, t -> t.c().resolveRound(t.ctx(), "mnist", "2")),
                    ErrorCode.INVALID_STATE);
        }
    }
}
