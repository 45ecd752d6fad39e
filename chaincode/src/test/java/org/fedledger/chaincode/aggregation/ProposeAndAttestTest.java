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
import org.fedledger.core.aggregation.ExclusionReason;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
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
                t -> t.c().proposeModel(t.ctx(), "mnist", "1", manifest.toJson()));
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
            assertThat(net.ledger.lastStub().eventName()).hasValue(EventNames.MODEL_PROPOSED);
            String stored = net.evaluate(net.auditor, t -> t.c().getProposal(t.ctx(), "mnist", "1", "1"));
            assertThat(Consortium.json(stored).get("manifest")).isEqualTo(Consortium.json(honest.manifest().toJson()));
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
                        t -> t.c().proposeModel(t.ctx(), "mnist", "1", honest.manifest().toJson())),
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
            net.attest(net.verifier1, 1, 1, "AGREE", honest.outputHash());
            assertThat(net.ledger.lastStub().eventName()).hasValue(EventNames.MODEL_ATTESTED);
            var sameOrg = net.org1.member("verifier1b");
            net.register(net.admin1, sameOrg, "verifier");
            assertCode(net.refused(sameOrg, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                    honest.outputHash())), ErrorCode.ALREADY_ATTESTED);
            assertThat(net.ledger.state(Keys.model("mnist", 1))).isEmpty();
            String list = net.evaluate(net.auditor, t -> t.c().listAttestations(t.ctx(), "mnist", "1", "1"));
            assertThat(list).contains("\"msp\":\"Org1MSP\"").doesNotContain("Org2MSP");
        }

        @Test
        void the_aggregator_alone_can_never_finalise() {
            assertCode(net.refused(net.aggregator, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                    honest.outputHash())), ErrorCode.FORBIDDEN);
            assertThat(net.ledger.state(Keys.model("mnist", 1))).isEmpty();
        }

        @Test
        void agree_requires_the_proposals_output_hash() {
            assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                    ContentHash.of(new byte[] {7}).hex())), ErrorCode.HASH_MISMATCH);
        }

        @Test
        void a_quorum_of_distinct_organisations_makes_the_model_final() {
            net.attest(net.verifier2, 1, 1, "AGREE", honest.outputHash());
            net.attest(net.verifier3, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            assertThat(net.ledger.lastStub().eventName()).hasValue(EventNames.MODEL_ATTESTED);
            net.attest(net.verifier1, 1, 1, "AGREE", honest.outputHash());
            assertThat(net.ledger.lastStub().eventName()).hasValue(EventNames.MODEL_FINAL);
            assertThat(Consortium.json(net.ledger.stateUtf8(Keys.model("mnist", 1)).orElseThrow()))
                    .containsEntry("attestedBy", List.of("Org1MSP", "Org2MSP"));
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
}
