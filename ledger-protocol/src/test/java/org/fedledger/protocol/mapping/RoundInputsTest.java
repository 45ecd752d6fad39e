package org.fedledger.protocol.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import org.fedledger.protocol.key.PayloadLayout;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.ClosedRound;
import org.fedledger.core.manifest.ManifestMismatchException;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.AdmissionOrder;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.fedledger.protocol.testing.StandardTask;
import org.junit.jupiter.api.Test;

class RoundInputsTest {
    private static final Model BASE = StandardTask.model(0f);
    private static final Map<String, Model> UPDATES = Map.of("u/b", StandardTask.model(2f), "u/a",
            StandardTask.model(1f), "u/c", StandardTask.model(9f));
    private static final Map<String, Long> SAMPLES = Map.of("u/a", 100L, "u/b", 50L, "u/c", 150L);

    private static TaskRecord task(RuleSpec rule) {
        return new TaskRecord("mnist", List.of(new TensorSpecRecord("dense/bias", List.of(2)),
                new TensorSpecRecord("dense/kernel", List.of(2, 2))), RuleRecord.of(rule), 2, 3, 2, 600, 100_000, 50,
                4096, StandardTask.ORGANISATIONS, "coordinator", "Org1MSP", 0, ModelCodec.hash(BASE), 1, "tx0",
                0, PayloadLayout.PER_ORGANISATION);
    }

    private static RoundRecord closedRound() {
        List<AcceptedUpdate> accepted = new ArrayList<>();
        for (String key : List.of("u/c", "u/a", "u/b")) {
            accepted.add(new AcceptedUpdate(key, "trainer-" + key.charAt(2), ModelCodec.hash(UPDATES.get(key)),
                    SAMPLES.get(key)));
        }
        return new RoundRecord("mnist", 1, RoundState.CLOSED, 0, ModelCodec.hash(BASE), 10, 610, 20L, accepted,
                List.of(), null, 0, List.of(), "tx1");
    }

    private static byte[] payload(AcceptedUpdate update) {
        return ModelCodec.encode(UPDATES.get(update.key()));
    }

    @Test
    void aRuleRecordMapsToTheSpecItWasWrittenFrom() {
        RuleSpec krum = RuleSpec.of(RuleName.MULTI_KRUM, Map.of(RuleSpec.F, "0", RuleSpec.M, "2"));
        RuleRecord stored = RuleRecord.of(krum);
        assertThat(stored.name()).isEqualTo("multi_krum");
        assertThat(stored.params()).containsExactly(Map.entry("f", "0"), Map.entry("m", "2"));
        assertThat(stored.spec()).isEqualTo(krum);
        assertThatThrownBy(() -> new RuleRecord("fedsum", new TreeMap<>()).spec())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fedsum");
    }

    @Test
    void theClosedRoundCarriesTheRecordsAcceptedSetBaseAndTaskRule() {
        ClosedRound closed = RoundInputs.closedRound(task(RuleSpec.of(RuleName.MEDIAN)), closedRound());
        assertThat(closed.taskId()).isEqualTo("mnist");
        assertThat(closed.round()).isEqualTo(1);
        assertThat(closed.baseModelHash()).isEqualTo(ModelCodec.hash(BASE));
        assertThat(closed.rule()).isEqualTo(RuleSpec.of(RuleName.MEDIAN));
        assertThat(closed.accepted()).extracting(a -> a.updateKey() + " " + a.contributor() + " " + a.sampleCount())
                .containsExactly("u/c trainer-c 150", "u/a trainer-a 100", "u/b trainer-b 50");
        assertThat(closed.accepted().get(0).hash()).isEqualTo(ModelCodec.hash(UPDATES.get("u/c")));
    }

    @Test
    void aStreamedFedAvgIsTheRuleRunOverTheInputsInKeyOrderAndPassesTheRoundsChecks() {
        RuleSpec fedavg = RuleSpec.of(RuleName.FEDAVG);
        TaskRecord task = task(fedavg);
        List<String> fetched = new ArrayList<>();
        RoundAggregate computed = RoundInputs.aggregate(task, closedRound(), fedavg, BASE, a -> {
            fetched.add(a.key());
            return payload(a);
        });
        assertThat(fetched).containsExactly("u/a", "u/b", "u/c");
        List<AggregationInput> inputs = new ArrayList<>();
        for (String key : List.of("u/a", "u/b", "u/c")) {
            inputs.add(new AggregationInput(key, ModelCodec.hash(UPDATES.get(key)), UPDATES.get(key),
                    SAMPLES.get(key)));
        }
        Model expected = AggregationRules.of(fedavg).aggregate(inputs, BASE).orElseThrow().model();
        assertThat(ModelCodec.hash(computed.output())).isEqualTo(ModelCodec.hash(expected));
        assertThat(computed.manifest().outputHash()).isEqualTo(ModelCodec.hash(expected));
        assertThat(computed.manifest().inputs()).extracting(i -> i.updateKey() + " " + i.weightNumerator() + "/"
                + i.weightDenominator()).containsExactly("u/a 100/300", "u/b 50/300", "u/c 150/300");
        RoundInputs.closedRound(task, closedRound()).check(computed.manifest());
    }

    @Test
    void aManifestOfAnotherRuleThanTheTasksFailsTheRoundsChecks() {
        TaskRecord task = task(RuleSpec.of(RuleName.FEDAVG));
        RuleSpec krum = RuleSpec.of(RuleName.KRUM, Map.of(RuleSpec.F, "0"));
        RoundAggregate computed = RoundInputs.aggregate(task, closedRound(), krum, BASE, RoundInputsTest::payload);
        assertThat(computed.manifest().rule()).isEqualTo(krum);
        assertThat(computed.manifest().exclusions()).hasSize(2);
        assertThatThrownBy(() -> RoundInputs.closedRound(task, closedRound()).check(computed.manifest()))
                .isInstanceOf(ManifestMismatchException.class).extracting("field").isEqualTo("rule");
    }

    @Test
    void aRoundWithoutAcceptedUpdatesHasNothingToAggregate() {
        RoundRecord empty = closedRound().closed(RoundState.CLOSED, 20,
                new AdmissionOrder.Decision(List.of(), List.of(), 0), "tx2");
        RuleSpec median = RuleSpec.of(RuleName.MEDIAN);
        assertThatThrownBy(() -> RoundInputs.aggregate(task(median), empty, median, BASE, RoundInputsTest::payload))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing to aggregate");
    }
}
