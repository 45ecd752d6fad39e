package org.fedledger.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The manifest checks the chaincode runs, run offline as an aggregator, verifier or auditor would. */
class ClosedRoundTest {
    static final ContentHash BASE = ContentHash.parse("b".repeat(64));
    static final ContentHash OUT = ContentHash.parse("0".repeat(64));

    static ContentHash h(int i) {
        return ContentHash.parse(Integer.toString(i).repeat(64));
    }

    static final List<AcceptedInput> THREE = List.of(new AcceptedInput("u/a", "alice", h(1), 100),
            new AcceptedInput("u/b", "bob", h(2), 50), new AcceptedInput("u/c", "carol", h(3), 150));

    static ClosedRound fedavgRound() {
        return new ClosedRound("mnist", 3, BASE, RuleSpec.of(RuleName.FEDAVG), THREE);
    }

    static AggregationManifest.Builder honestFedAvg() {
        return AggregationManifest.builder().taskId("mnist").round(3).baseModelHash(BASE).rule(RuleSpec.of(RuleName.FEDAVG))
                .addInput(new ManifestInput("u/a", "alice", h(1), 100, 100, 300))
                .addInput(new ManifestInput("u/b", "bob", h(2), 50, 50, 300))
                .addInput(new ManifestInput("u/c", "carol", h(3), 150, 150, 300))
                .outputHash(OUT);
    }

    static void refused(ClosedRound round, AggregationManifest manifest, String field) {
        assertThatThrownBy(() -> round.check(manifest))
                .isInstanceOfSatisfying(ManifestMismatchException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).isEqualTo(field + ": " + e.problem());
                });
    }

    static AggregationManifest withInputs(UnaryOperator<List<ManifestInput>> change) {
        List<ManifestInput> inputs = new ArrayList<>(honestFedAvg().build().inputs());
        return honestFedAvg().inputs(change.apply(inputs)).build();
    }

    @Test
    void accepts_the_honest_manifest() {
        assertThatCode(() -> fedavgRound().check(honestFedAvg().build())).doesNotThrowAnyException();
    }

    @Nested
    class RefusesAManifestFor {
        @Test
        void another_task_round_base_model_or_rule() {
            refused(fedavgRound(), honestFedAvg().taskId("other").build(), "taskId");
            refused(fedavgRound(), honestFedAvg().round(4).build(), "round");
            refused(fedavgRound(), honestFedAvg().baseModelHash(h(9)).build(), "baseModelHash");
            refused(fedavgRound(), honestFedAvg().rule(RuleSpec.of(RuleName.MEAN)).build(), "rule");
        }
    }

    @Nested
    class RefusesInputsThat {
        @Test
        void drop_an_accepted_update() {
            refused(fedavgRound(), withInputs(l -> List.of(
                    new ManifestInput("u/a", "alice", h(1), 100, 100, 250),
                    new ManifestInput("u/c", "carol", h(3), 150, 150, 250))), "inputs");
        }

        @Test
        void name_an_update_the_round_did_not_accept() {
            refused(fedavgRound(), withInputs(l -> {
                l.set(0, new ManifestInput("u/z", "alice", h(1), 100, 100, 300));
                return l;
            }), "inputs[2].updateKey");
        }

        @Test
        void change_the_contributor_hash_or_sample_count() {
            refused(fedavgRound(), withInputs(l -> {
                l.set(0, new ManifestInput("u/a", "mallory", h(1), 100, 100, 300));
                return l;
            }), "inputs[0].contributor");
            refused(fedavgRound(), withInputs(l -> {
                l.set(0, new ManifestInput("u/a", "alice", h(7), 100, 100, 300));
                return l;
            }), "inputs[0].hash");
            refused(fedavgRound(), withInputs(l -> {
                l.set(0, new ManifestInput("u/a", "alice", h(1), 101, 100, 300));
                return l;
            }), "inputs[0].sampleCount");
        }

        @Test
        void carry_a_weight_the_rule_does_not_give() {
            refused(fedavgRound(), withInputs(l -> {
                l.set(0, new ManifestInput("u/a", "alice", h(1), 100, 1, 3));
                return l;
            }), "inputs[0].weightNumerator");
        }

        @Test
        void exclude_an_update_for_a_reason_the_rule_never_gives() {
            AggregationManifest m = honestFedAvg().inputs(List.of(new ManifestInput("u/a", "alice", h(1), 100, 100,
                    250),
                    new ManifestInput("u/c", "carol", h(3), 150, 150, 250)))
                    .addExclusion(new ManifestExclusion("u/b", "bob", h(2), "krum_rejected")).build();
            refused(fedavgRound(), m, "exclusions[0].reason");
        }
    }

    @Nested
    class MultiKrum {
        final RuleSpec rule = RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "2"));
        final List<AcceptedInput> five = List.of(new AcceptedInput("u/1", "p1", h(1), 10),
                new AcceptedInput("u/2", "p2", h(2), 1000), new AcceptedInput("u/3", "p3", h(3), 30),
                new AcceptedInput("u/4", "p4", h(4), 40), new AcceptedInput("u/5", "p5", h(5), 50));

        AggregationManifest.Builder honest() {
            AggregationManifest.Builder b = AggregationManifest.builder().taskId("mnist").round(3).baseModelHash(BASE)
                    .rule(rule).outputHash(OUT)
                    .addInput(new ManifestInput("u/1", "p1", h(1), 10, 1, 2))
                    .addInput(new ManifestInput("u/2", "p2", h(2), 1000, 1, 2));
            for (int i = 3; i <= 5; i++) {
                b.addExclusion(new ManifestExclusion("u/" + i, "p" + i, h(i), "krum_rejected"));
            }
            return b;
        }

        @Test
        void weights_its_selected_updates_equally_whatever_their_sample_counts() {
            ClosedRound round = new ClosedRound("mnist", 3, BASE, rule, five);
            assertThatCode(() -> round.check(honest().build())).doesNotThrowAnyException();
            AggregationManifest sampleWeighted = honest().inputs(List.of(
                    new ManifestInput("u/1", "p1", h(1), 10, 10, 1010),
                    new ManifestInput("u/2", "p2", h(2), 1000, 1000, 1010))).build();
            refused(round, sampleWeighted, "inputs[0].weightNumerator");
        }

        @Test
        void refuses_a_round_smaller_than_the_rule_can_aggregate() {
            ClosedRound tooSmall = new ClosedRound("mnist", 3, BASE, rule, five.subList(0, 4));
            refused(tooSmall, honest().build(), "rule");
        }

        @Test
        void refuses_including_more_than_m_updates() {
            ClosedRound round = new ClosedRound("mnist", 3, BASE, rule, five);
            AggregationManifest three = honest().exclusions(List.of(
                    new ManifestExclusion("u/4", "p4", h(4), "krum_rejected"),
                    new ManifestExclusion("u/5", "p5", h(5), "krum_rejected")))
                    .inputs(List.of(new ManifestInput("u/1", "p1", h(1), 10, 1, 3),
                            new ManifestInput("u/2", "p2", h(2), 1000, 1, 3),
                            new ManifestInput("u/3", "p3", h(3), 30, 1, 3))).build();
            refused(round, three, "inputs");
        }
    }

    @Nested
    class Evidence {
        private final RuleSpec trimmed = RuleSpec.of(RuleName.TRIMMED_MEAN, Map.of("beta", "0.34"));

        private AggregationManifest.Builder trimmedManifest() {
            return honestFedAvg().rule(trimmed).inputs(List.of(new ManifestInput("u/a", "alice", h(1), 100, 1, 3),
                    new ManifestInput("u/b", "bob", h(2), 50, 1, 3), new ManifestInput("u/c", "carol", h(3), 150, 1, 3)));
        }

        private ClosedRound trimmedRound() {
            return new ClosedRound("mnist", 3, BASE, trimmed, THREE);
        }

        @Test
        void accepts_one_entry_per_update_with_the_rule_s_measures() {
            AggregationManifest m = trimmedManifest().evidence(List.of(InputEvidence.trimmed("u/a", 4, 0),
                    InputEvidence.trimmed("u/b", 0, 0), InputEvidence.trimmed("u/c", 0, 4))).build();
            assertThatCode(() -> trimmedRound().check(m)).doesNotThrowAnyException();
        }

        @Test
        void refuses_a_trimmed_mean_manifest_that_leaves_an_update_without_evidence() {
            refused(trimmedRound(), trimmedManifest().evidence(List.of(InputEvidence.trimmed("u/a", 4, 0),
                    InputEvidence.trimmed("u/c", 0, 4))).build(), "evidence");
            refused(trimmedRound(), trimmedManifest().build(), "evidence");
        }

        @Test
        void refuses_evidence_with_measures_the_rule_does_not_record() {
            refused(trimmedRound(), trimmedManifest().evidence(List.of(InputEvidence.trimmed("u/a", 4, 0),
                    InputEvidence.median("u/b", 4), InputEvidence.trimmed("u/c", 0, 4))).build(), "evidence[1]");
        }

        @Test
        void refuses_evidence_for_a_rule_that_records_none() {
            refused(fedavgRound(), honestFedAvg().evidence(List.of(InputEvidence.median("u/a", 1))).build(), "evidence");
        }

        @Test
        void refuses_evidence_for_an_update_the_manifest_does_not_name() {
            assertThatThrownBy(() -> trimmedManifest().evidence(List.of(InputEvidence.trimmed("u/z", 1, 0))).build())
                    .isInstanceOfSatisfying(ManifestFormatException.class,
                            e -> assertThat(e.field()).isEqualTo("evidence"));
        }
    }
}
