package org.fedledger.chaincode.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.taskJson;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.mapping.SecureRoundInputs;
import org.fedledger.protocol.record.CohortRecord;
import org.fedledger.protocol.record.KeySharesRecord;
import org.fedledger.protocol.record.MaskSharesRecord;
import org.fedledger.protocol.record.MaskingKeyRecord;
import org.fedledger.protocol.record.PrivacyRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RevealRecord;
import org.fedledger.protocol.record.RoundFailure;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.transaction.RevealArgument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secure aggregation as the protocol's scenarios: five trainers of three organisations, threshold 3,
 * each refusal written as the member's move and ending in its stable code with nothing written.
 */
class SecureRoundTest {
    private static final String TASK = Consortium.TASK;
    private static final int THRESHOLD = 3;
    private final Consortium net = Consortium.fresh();
    private final SecureRandom random = new SecureRandom();
    private TestIdentity trainer4;
    private TestIdentity trainer5;
    private final Map<TestIdentity, MaskingKeys> keys = new LinkedHashMap<>();
    private final Map<String, Model> plainUpdates = new HashMap<>();

    static String secureTaskJson(Map<String, Object> changes) {
        Map<String, Object> fields = new HashMap<>(Map.of(
                "rule", Map.of("name", "exact_fedavg", "params", Map.of("scale_bits", "24")),
                "minUpdates", THRESHOLD, "maxUpdates", 5, "maxOrgSharePercent", 100,
                "maxSamples", 1_000_000_000_000L,
                "privacy", Map.of("mode", "SECURE", "threshold", THRESHOLD)));
        fields.putAll(changes);
        return taskJson(fields);
    }

    @BeforeEach
    void consortium() {
        net.registered();
        trainer4 = net.org1.member("trainer4");
        trainer5 = net.org2.member("trainer5");
        net.register(net.admin1, trainer4, "trainer");
        net.register(net.admin2, trainer5, "trainer");
    }

    private List<TestIdentity> trainers() {
        return List.of(net.trainer1, net.trainer2, net.trainer3, trainer4, trainer5);
    }

    /** The secure task; every trainer records its keys and shares its mask key with all. */
    private void secureTaskWithKeys() {
        net.withTask(secureTaskJson(Map.of()));
        for (TestIdentity t : trainers()) {
            registerKeys(t);
        }
        for (TestIdentity t : trainers()) {
            shareKey(t);
        }
    }

    private void registerKeys(TestIdentity trainer) {
        MaskingKeys k = MaskingKeys.generate(random);
        keys.put(trainer, k);
        net.submit(trainer, t -> t.c().registerMaskingKeys(t.ctx(), TASK, HexFormat.of().formatHex(k.maskPublicKey()),
                HexFormat.of().formatHex(k.sharePublicKey())));
    }

    private void shareKey(TestIdentity trainer) {
        List<MaskingKeyRecord> directory = RecordJson.readList(net.evaluate(trainer,
                t -> t.c().listMaskingKeys(t.ctx(), TASK)), MaskingKeyRecord.class);
        String json = SecureRoundInputs.shareMaskKey(task(), THRESHOLD, trainer.id(), keys.get(trainer), directory,
                random);
        net.submit(trainer, t -> t.c().shareMaskKey(t.ctx(), TASK, json));
    }

    private TaskRecord task() {
        return RecordJson.read(net.evaluate(net.trainer1, t -> t.c().getTask(t.ctx(), TASK)), TaskRecord.class);
    }

    private RoundRecord round(int number) {
        return RecordJson.read(net.evaluate(net.trainer1, t -> t.c().getRound(t.ctx(), TASK, String.valueOf(number))),
                RoundRecord.class);
    }

    private CohortRecord cohort(int number) {
        return RecordJson.read(net.evaluate(net.trainer1, t -> t.c().getCohort(t.ctx(), TASK,
                String.valueOf(number))), CohortRecord.class);
    }

    private SecureRoundInputs.MaskedSubmission masked(TestIdentity trainer, int round, long samples) {
        Model update = Consortium.model(1f + trainers().indexOf(trainer));
        plainUpdates.put(trainer.id(), update);
        return SecureRoundInputs.mask(task(), cohort(round), trainer.id(), keys.get(trainer), update, samples, random);
    }

    private static Map<String, byte[]> transientOf(SecureRoundInputs.MaskedSubmission m) {
        Map<String, byte[]> data = new TreeMap<>(chunks(TransientKeys.UPDATE_PREFIX, m.payload(), 2));
        data.put(TransientKeys.MASK_SHARES, m.sharesJson().getBytes(StandardCharsets.UTF_8));
        return data;
    }

    private String submitMasked(TestIdentity trainer, int round, long samples) {
        SecureRoundInputs.MaskedSubmission m = masked(trainer, round, samples);
        return net.submit(trainer, transientOf(m), t -> t.c().submitUpdate(t.ctx(), TASK, String.valueOf(round),
                m.hash().hex(), String.valueOf(samples), "0"));
    }

    private RevealArgument revealOf(TestIdentity trainer, int round) {
        List<MaskSharesRecord> seedShares = RecordJson.readList(net.evaluate(trainer,
                t -> t.c().listMaskShares(t.ctx(), TASK, String.valueOf(round))), MaskSharesRecord.class);
        return SecureRoundInputs.reveal(task(), round(round), cohort(round), trainer.id(), keys.get(trainer),
                seedShares, keyShares());
    }

    private List<KeySharesRecord> keyShares() {
        return RecordJson.readList(net.evaluate(net.trainer1, t -> t.c().listKeyShares(t.ctx(), TASK)),
                KeySharesRecord.class);
    }

    private String reveal(TestIdentity trainer, int round, RevealArgument reveal) {
        return net.submit(trainer, t -> t.c().revealShares(t.ctx(), TASK, String.valueOf(round),
                RecordJson.write(reveal)));
    }

    /** What an aggregator, a verifier or the auditor computes: exact FedAvg over the survivors, unmasked. */
    private RoundAggregate unmask(TestIdentity who, int round) {
        RoundRecord r = round(round);
        List<RevealRecord> reveals = RecordJson.readList(net.evaluate(who,
                t -> t.c().listReveals(t.ctx(), TASK, String.valueOf(round))), RevealRecord.class);
        Model base = ModelCodec.decode(net.evaluate(who, t -> t.c().readModelPayload(t.ctx(), TASK, "0")));
        return SecureRoundInputs.unmask(task(), r, cohort(round), reveals, keyShares(), base,
                a -> net.evaluate(who, t -> t.c().readUpdatePayload(t.ctx(), TASK, String.valueOf(round),
                        a.contributor())));
    }

    /** Exact FedAvg over the survivors' plain updates, which only this test knows. */
    private Model exactFedAvgOverSurvivors(int round) {
        List<AggregationInput> inputs = new ArrayList<>();
        for (var a : round(round).accepted()) {
            inputs.add(new AggregationInput(a.key(), a.hash(), plainUpdates.get(a.contributor()), a.samples()));
        }
        return ExactSum.of(task().rule().spec(), inputs, Consortium.initialModel()).result().orElseThrow().model();
    }

    private String propose(int round, RoundAggregate aggregate) {
        return net.submit(net.aggregator, chunks(TransientKeys.MODEL_PREFIX, ModelCodec.encode(aggregate.output()), 1),
                t -> t.c().proposeModel(t.ctx(), TASK, String.valueOf(round), RecordJson.write(aggregate.manifest())));
    }

    @Nested
    class CreateTask {
        @ParameterizedTest
        @ValueSource(strings = {"fedavg", "mean", "median", "krum", "trimmed_mean", "clipped", "compressed"})
        void refuses_a_rule_that_needs_individual_updates_with_the_stable_code(String rule) {
            Object spec = switch (rule) {
                case "clipped" -> Map.of("name", "exact_fedavg", "params", Map.of("scale_bits", "24", "clip_norm", "1"));
                case "compressed" -> Map.of("name", "exact_fedavg", "params", Map.of("scale_bits", "24",
                        "codec", "int8/64"));
                case "krum" -> Map.of("name", "krum", "params", Map.of("f", "1"));
                case "trimmed_mean" -> Map.of("name", "trimmed_mean", "params", Map.of("beta", "0.1"));
                default -> Map.of("name", rule, "params", Map.of());
            };
            FedLedgerException e = net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                    ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(),
                            secureTaskJson(Map.of("rule", spec))));
            assertCode(e, ErrorCode.PRIVACY_RULE_UNSUPPORTED);
            assertThat(net.ledger.valueUtf8(Keys.task(TASK))).isEmpty();
        }

        @Test
        void refuses_a_threshold_above_min_updates_or_below_two() {
            for (int threshold : new int[] {1, THRESHOLD + 1}) {
                FedLedgerException e = net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                        ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(),
                                secureTaskJson(Map.of("privacy", Map.of("mode", "SECURE", "threshold", threshold)))));
                assertCode(e, ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("threshold");
            }
        }

        @Test
        void refuses_an_organisation_weight_bound_that_would_reweight_masked_updates() {
            FedLedgerException e = net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                    ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(),
                            secureTaskJson(Map.of("maxOrgSharePercent", 50))));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("maxOrgSharePercent");
        }

        @Test
        void stores_the_privacy_record_with_a_sample_cap_that_keeps_the_sum_below_two_to_the_63() {
            net.withTask(secureTaskJson(Map.of()));
            PrivacyRecord p = RecordJson.read(net.evaluate(net.trainer1, t -> t.c().getSecureAggregation(t.ctx(), TASK)),
                    PrivacyRecord.class);
            assertThat(p.threshold()).isEqualTo(THRESHOLD);
            assertThat(p.maxSamplesPerUpdate()).isEqualTo(((1L << 32) - 1) / 5);
            // |sum| <= maxUpdates * cap * 2^31 < 2^63
            assertThat(Math.multiplyHigh(5 * p.maxSamplesPerUpdate(), 1L << 31)).isZero();
        }

        @Test
        void a_task_without_privacy_writes_no_privacy_record() {
            net.withTask();
            assertThat(net.ledger.valueUtf8(Keys.secureAggregation(TASK))).isEmpty();
            assertCode(net.refused(net.trainer1, t -> t.c().getSecureAggregation(t.ctx(), TASK)), ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class Submit {
        @BeforeEach
        void openRound() {
            secureTaskWithKeys();
            net.openRound();
        }

        @Test
        void the_cohort_holds_every_trainer_whose_key_shares_reach_all() {
            assertThat(cohort(1).members()).extracting(CohortRecord.Member::trainer)
                    .containsExactlyInAnyOrderElementsOf(trainers().stream().map(TestIdentity::id).toList());
        }

        @Test
        void private_data_holds_the_masked_update_only() {
            submitMasked(net.trainer1, 1, 100);
            var writes = net.lastStub().readWriteSet().privateWrites();
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.UPDATE_ACCEPTED);
            byte[] plain = ModelCodec.encode(plainUpdates.get(net.trainer1.id()));
            long[] weighted = ExactSum.weightedCodes(task().rule().spec(), plainUpdates.get(net.trainer1.id()), 100);
            byte[] weightedBytes = org.fedledger.core.secure.SecureRound.encode(weighted);
            assertThat(writes).containsKey(Collections.updatesOf(net.trainer1.mspId()));
            for (var collection : writes.values()) {
                for (byte[] value : collection.values()) {
                    assertThat(indexOf(value, plain, 16)).as("plain model bytes in private data").isNegative();
                    assertThat(indexOf(value, weightedBytes, 16)).as("weighted codes in private data").isNegative();
                }
            }
            // positive control: the search finds the masked payload it was written
            assertThat(writes.get(Collections.updatesOf(net.trainer1.mspId())).values())
                    .anyMatch(v -> v.length >= 16);
        }

        @Test
        void refuses_an_unmasked_model_payload() {
            byte[] bytes = ModelCodec.encode(Consortium.model(1f));
            assertCode(net.refused(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, bytes, 1),
                    t -> t.c().submitUpdate(t.ctx(), TASK, "1", ContentHash.of(bytes).hex(), "100", "0")),
                    ErrorCode.PAYLOAD_SIZE_MISMATCH);
        }

        @Test
        void refuses_samples_above_the_cap() {
            long cap = ((1L << 32) - 1) / 5;
            SecureRoundInputs.MaskedSubmission m = masked(net.trainer1, 1, cap);
            FedLedgerException e = net.refused(net.trainer1, transientOf(m), t -> t.c().submitUpdate(t.ctx(), TASK,
                    "1", m.hash().hex(), String.valueOf(cap + 1), "0"));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("samples");
        }

        @Test
        void refuses_an_update_without_its_sealed_seed_shares() {
            SecureRoundInputs.MaskedSubmission m = masked(net.trainer1, 1, 100);
            assertCode(net.refused(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, m.payload(), 1),
                    t -> t.c().submitUpdate(t.ctx(), TASK, "1", m.hash().hex(), "100", "0")),
                    ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void refuses_a_trainer_outside_the_cohort() {
            TestIdentity late = net.org3.member("late");
            net.register(net.admin3, late, "trainer");
            registerKeys(late); // after the round opened: from the next round on, once shares reach it
            byte[] payload = new byte[Math.toIntExact(Consortium.initialModel().parameterCount() * 8)];
            assertCode(net.refused(late, chunks(TransientKeys.UPDATE_PREFIX, payload, 1), t -> t.c().submitUpdate(
                    t.ctx(), TASK, "1", ContentHash.of(payload).hex(), "100", "0")), ErrorCode.NOT_IN_COHORT);
        }

        @Test
        void a_full_round_does_not_close_with_its_proposal_because_reveals_follow_the_close() {
            for (TestIdentity t : trainers()) {
                submitMasked(t, 1, 100);
            }
            var e = net.refused(net.aggregator, chunks(TransientKeys.MODEL_PREFIX,
                    ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().proposeModel(t.ctx(), TASK, "1", "{}"));
            assertCode(e, ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("must be closed before its proposal");
            assertThat(round(1).state()).isEqualTo(RoundState.OPEN);
        }

        @Test
        void refuses_a_reveal_before_the_close() {
            submitMasked(net.trainer1, 1, 100);
            submitMasked(net.trainer2, 1, 100);
            submitMasked(net.trainer3, 1, 100);
            RevealArgument early = new RevealArgument(new TreeMap<>(), new TreeMap<>());
            assertCode(net.refused(net.trainer1, t -> t.c().revealShares(t.ctx(), TASK, "1",
                    RecordJson.write(early))), ErrorCode.REVEAL_BEFORE_CLOSE);
        }
    }

    @Nested
    class Reveal {
        @BeforeEach
        void closedRoundWithOneDropout() {
            secureTaskWithKeys();
            net.openRound();
            submitMasked(net.trainer1, 1, 100);
            submitMasked(net.trainer2, 1, 300);
            submitMasked(net.trainer3, 1, 600);
            submitMasked(trainer4, 1, 50); // trainer5 drops out before submitting
            net.closeRound(net.coordinator, 1);
        }

        @Test
        void refuses_a_mask_key_share_of_a_survivor() {
            RevealArgument honest = revealOf(net.trainer1, 1);
            SortedMap<String, String> keysToo = new TreeMap<>(honest.maskKeyShares());
            keysToo.put(net.trainer2.id(), honest.seedShares().get(net.trainer2.id()) + "00000000000000000000000000000000");
            assertCode(net.refused(net.trainer1, t -> t.c().revealShares(t.ctx(), TASK, "1", RecordJson.write(
                    new RevealArgument(honest.seedShares(), keysToo)))), ErrorCode.REVEAL_BOTH_SECRETS);
        }

        @Test
        void refuses_a_seed_share_of_a_dropped_trainer() {
            RevealArgument honest = revealOf(net.trainer1, 1);
            SortedMap<String, String> seedsToo = new TreeMap<>(honest.seedShares());
            seedsToo.put(trainer5.id(), "00".repeat(16));
            assertCode(net.refused(net.trainer1, t -> t.c().revealShares(t.ctx(), TASK, "1", RecordJson.write(
                    new RevealArgument(seedsToo, honest.maskKeyShares())))), ErrorCode.REVEAL_BOTH_SECRETS);
        }

        @Test
        void refuses_a_second_different_reveal_and_takes_the_same_one_again() {
            RevealArgument honest = revealOf(net.trainer1, 1);
            String first = reveal(net.trainer1, 1, honest);
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.SHARES_REVEALED);
            assertThat(reveal(net.trainer1, 1, honest)).isEqualTo(first);
            SortedMap<String, String> other = new TreeMap<>(honest.seedShares());
            other.put(net.trainer2.id(), "11".repeat(16));
            assertCode(net.refused(net.trainer1, t -> t.c().revealShares(t.ctx(), TASK, "1", RecordJson.write(
                    new RevealArgument(other, honest.maskKeyShares())))), ErrorCode.ALREADY_EXISTS);
        }

        @Test
        void refuses_a_proposal_before_threshold_many_reveals() {
            reveal(net.trainer1, 1, revealOf(net.trainer1, 1));
            reveal(net.trainer2, 1, revealOf(net.trainer2, 1));
            assertCode(net.refused(net.aggregator, chunks(TransientKeys.MODEL_PREFIX,
                    ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().proposeModel(t.ctx(), TASK, "1",
                            "{}")), ErrorCode.UNMASKING_INCOMPLETE);
        }

        @Test
        void the_close_marks_the_dropped_trainers_keys_and_the_next_cohort_leaves_it_out() {
            MaskingKeyRecord dropped = RecordJson.read(net.ledger.valueUtf8(Keys.maskingKey(TASK, trainer5.id()))
                    .orElseThrow(), MaskingKeyRecord.class);
            assertThat(dropped.droppedInRound()).isEqualTo(1);
            for (TestIdentity t : List.of(net.trainer1, net.trainer2, net.trainer3)) {
                reveal(t, 1, revealOf(t, 1));
            }
            RoundAggregate agg = unmask(net.aggregator, 1);
            propose(1, agg);
            net.attest(net.verifier2, 1, 1, "AGREE", ContentHash.of(ModelCodec.encode(unmask(net.verifier2, 1)
                    .output())).hex());
            net.attest(net.verifier3, 1, 1, "AGREE", ContentHash.of(ModelCodec.encode(unmask(net.verifier3, 1)
                    .output())).hex());
            net.resolve(net.coordinator, 1);
            net.openRound();
            assertThat(cohort(2).members()).extracting(CohortRecord.Member::trainer).doesNotContain(trainer5.id())
                    .hasSize(4);
        }
    }

    @Nested
    class Rounds {
        @BeforeEach
        void keys() {
            secureTaskWithKeys();
            net.openRound();
        }

        /**
         * {@code submitters} submit, the close fixes them, {@code revealers} reveal; the aggregator proposes
         * the unmasked exact FedAvg, two verifiers of other organisations recompute it and attest.
         */
        private void round(List<TestIdentity> submitters, List<TestIdentity> revealers) {
            long samples = 100;
            for (TestIdentity t : submitters) {
                submitMasked(t, 1, samples);
                samples += 150;
            }
            net.closeRound(net.coordinator, 1);
            for (TestIdentity t : revealers) {
                reveal(t, 1, revealOf(t, 1));
            }
            RoundAggregate proposed = unmask(net.aggregator, 1);
            assertThat(proposed.output()).isEqualTo(exactFedAvgOverSurvivors(1));
            propose(1, proposed);
            for (TestIdentity verifier : List.of(net.verifier2, net.verifier3)) {
                RoundAggregate again = unmask(verifier, 1);
                assertThat(again.manifest()).isEqualTo(proposed.manifest());
                net.attest(verifier, 1, 1, "AGREE", ContentHash.of(ModelCodec.encode(again.output())).hex());
            }
            net.resolve(net.coordinator, 1);
            assertThat(SecureRoundTest.this.round(1).state()).isEqualTo(RoundState.FINAL);
        }

        @Test
        void no_dropout() {
            round(trainers(), trainers());
        }

        @Test
        void one_dropout_before_submit() {
            round(trainers().subList(0, 4), trainers().subList(0, 4));
        }

        @Test
        void two_dropouts_before_submit_the_most_the_threshold_allows() {
            round(trainers().subList(0, 3), trainers().subList(0, 3));
        }

        @Test
        void one_dropout_after_submit_before_reveal() {
            round(trainers(), trainers().subList(0, 4));
        }

        @Test
        void two_dropouts_after_submit_before_reveal() {
            round(trainers(), trainers().subList(2, 5));
        }

        @Test
        void one_dropout_at_each_step() {
            round(trainers().subList(0, 4), trainers().subList(1, 4));
        }

        @Test
        void too_few_reveals_fail_the_round_when_its_window_passes() {
            for (TestIdentity t : trainers().subList(0, 3)) {
                submitMasked(t, 1, 100);
            }
            net.closeRound(net.coordinator, 1);
            reveal(net.trainer1, 1, revealOf(net.trainer1, 1));
            reveal(net.trainer2, 1, revealOf(net.trainer2, 1)); // trainer3 is gone: 2 reveals, threshold 3
            net.advance(Consortium.DURATION + 1);
            net.resolve(net.coordinator, 1);
            Map<String, Object> event = Consortium.json(new String(net.lastStub().event().orElseThrow().payload(),
                    StandardCharsets.UTF_8));
            assertThat(event).containsEntry("reason", RoundFailure.UNMASKING_BELOW_THRESHOLD.name());
            assertThat(SecureRoundTest.this.round(1).state()).isEqualTo(RoundState.FAILED);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle, int window) {
        int n = Math.min(window, needle.length);
        outer:
        for (int i = 0; i + n <= haystack.length; i++) {
            for (int j = 0; j < n; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
