package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelFormatException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sum-based rules fed one input at a time give the very bits of the batch aggregation (invariant 5),
 * so a verifier or an auditor can decode, add and drop each update in turn.
 */
class StreamingAggregationTest {
    private static final int[] SIZES = {3, 4099, 17};
    private static final Model BASE = Fixtures.randomModel(new SplittableRandom(11), SIZES, 0.5f);

    static Stream<RuleSpec> sumRules() {
        return Stream.of(Fixtures.spec(RuleName.FEDAVG), Fixtures.spec(RuleName.MEAN),
                Fixtures.spec(RuleName.FEDAVG, "clip_norm", "0.5"), Fixtures.spec(RuleName.MEAN, "clip_norm", "2.0"),
                Fixtures.spec(RuleName.EXACT_FEDAVG, "scale_bits", "24"),
                Fixtures.spec(RuleName.EXACT_FEDAVG, "scale_bits", "12", "clip_norm", "0.5"));
    }

    private static SortedMap<String, Long> samplesOf(List<AggregationInput> inputs) {
        SortedMap<String, Long> samples = new TreeMap<>();
        inputs.forEach(i -> samples.put(i.id(), i.sampleCount()));
        return samples;
    }

    private static AggregationResult streamed(AggregationRule rule, List<AggregationInput> inputs) {
        StreamingAggregation stream = rule.streaming(samplesOf(inputs), BASE).orElseThrow();
        List<AggregationInput> inIdOrder = new ArrayList<>(inputs);
        inIdOrder.sort(Inputs.BY_ID);
        inIdOrder.forEach(stream::add);
        return stream.finish();
    }

    @ParameterizedTest
    @MethodSource("sumRules")
    void gives_the_same_bits_weights_and_exclusions_as_the_batch_aggregation(RuleSpec spec) {
        AggregationRule rule = AggregationRules.of(spec);
        for (int n : new int[] {1, 2, 3, 8, 9, 17, 25}) {
            List<AggregationInput> inputs = Fixtures.randomInputs(1000L + n, n, SIZES, 3f);
            AggregationResult batch = rule.aggregate(inputs, BASE).orElseThrow();
            AggregationResult stream = streamed(rule, inputs);
            assertThat(Fixtures.rawBits(stream.model())).as("%s over %d inputs", spec, n)
                    .isEqualTo(Fixtures.rawBits(batch.model()));
            assertThat(stream.weights()).isEqualTo(batch.weights());
            assertThat(stream.exclusions()).isEqualTo(batch.exclusions()).isEmpty();
        }
    }

    @Test
    void keeps_a_negative_zero_that_a_sum_started_from_zero_would_lose() {
        // 0.0 + (-0.0) is +0.0: a stream that started its sums at zero would turn -0.0 outputs into +0.0.
        AggregationRule mean = AggregationRules.of(Fixtures.spec(RuleName.MEAN));
        List<AggregationInput> inputs = List.of(Fixtures.input("a", 1, -0.0f, 1f), Fixtures.input("b", 1, -0.0f, 1f));
        Model base = Fixtures.vector(0f, 0f);
        StreamingAggregation stream = mean.streaming(samplesOf(inputs), base).orElseThrow();
        inputs.forEach(stream::add);
        float first = Fixtures.values(stream.finish().model())[0];
        assertThat(Float.floatToRawIntBits(first)).isEqualTo(Float.floatToRawIntBits(-0.0f));
    }

    @Test
    void is_not_offered_by_rules_that_need_every_input_at_once() {
        List<AggregationInput> inputs = Fixtures.randomInputs(5, 7, SIZES, 1f);
        for (RuleSpec spec : List.of(Fixtures.spec(RuleName.MEDIAN), Fixtures.spec(RuleName.TRIMMED_MEAN, "beta", "0.2"),
                Fixtures.spec(RuleName.KRUM, "f", "1"), Fixtures.spec(RuleName.MULTI_KRUM, "f", "1", "m", "3"),
                Fixtures.spec(RuleName.MEDIAN, "clip_norm", "1.0"))) {
            assertThat(AggregationRules.of(spec).streaming(samplesOf(inputs), BASE)).as("%s", spec).isEmpty();
        }
    }

    @Test
    void is_not_offered_when_there_is_nothing_to_aggregate() {
        assertThat(AggregationRules.of(Fixtures.spec(RuleName.FEDAVG)).streaming(new TreeMap<>(), BASE))
                .isEqualTo(Optional.empty());
    }

    @Nested
    class RefusesInputsThatAreNotTheOnesDeclared {
        private final List<AggregationInput> inputs = Fixtures.randomInputs(3, 3, SIZES, 1f);
        private final StreamingAggregation stream =
                AggregationRules.of(Fixtures.spec(RuleName.FEDAVG)).streaming(samplesOf(inputs), BASE).orElseThrow();

        @Test
        void out_of_id_order() {
            assertThatThrownBy(() -> stream.add(inputs.get(1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected 'u00'");
        }

        @Test
        void with_another_sample_count_than_declared() {
            AggregationInput first = inputs.get(0);
            AggregationInput lying = new AggregationInput(first.id(), first.hash(), first.model(),
                    first.sampleCount() + 1);
            assertThatThrownBy(() -> stream.add(lying)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("were declared");
        }

        @Test
        void of_another_schema() {
            AggregationInput first = inputs.get(0);
            AggregationInput other = Fixtures.input(first.id(), first.sampleCount(), 1f, 2f);
            assertThatThrownBy(() -> stream.add(other)).isInstanceOf(ModelFormatException.class)
                    .satisfies(e -> assertThat(((ModelFormatException) e).code()).isEqualTo(FormatError.SCHEMA_MISMATCH));
        }

        @Test
        void and_finishes_only_once_every_declared_input_was_added() {
            stream.add(inputs.get(0));
            assertThatThrownBy(stream::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only 1 of the 3");
        }
    }
}
