package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedledger.core.aggregation.Fixtures.input;
import static org.fedledger.core.aggregation.Fixtures.rawBits;
import static org.fedledger.core.aggregation.Fixtures.randomInputs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every aggregation rule shares. Each rule (and each wrapped rule) gets a concrete
 * subclass in {@link EveryRuleContractTest}.
 */
abstract class AggregationRuleContractTest {
    /** Tensor sizes of the test models: several tensors, one spanning more than one tile. */
    static final int[] SIZES = {3, AggregationMath.LINEAR_TILE + 17, 40};
    /** Enough inputs for every rule under test (Krum with f = 1 needs 5). */
    static final int INPUTS = 7;

    /** @return the spec under test */
    abstract RuleSpec spec();

    AggregationRule rule() {
        return AggregationRules.of(spec());
    }

    /**
     * @param same the model every input holds
     * @return what the rule gives for identical inputs: the model itself, or for an exact rule the
     *     model at its fixed-point resolution
     */
    Model aggregateOfIdentical(Model same) {
        return same;
    }

    Model base() {
        return Fixtures.randomModel(new SplittableRandom(99), SIZES, 1.0f);
    }

    @Test
    void returns_empty_when_there_is_nothing_to_aggregate() {
        assertThat(rule().aggregate(List.of(), base())).isEmpty();
    }

    @Test
    void gives_bitwise_identical_output_for_the_same_inputs_in_any_order() {
        List<AggregationInput> inputs = randomInputs(1, INPUTS, SIZES, 4.0f);
        AggregationResult expected = rule().aggregate(inputs, base()).orElseThrow();
        Random shuffler = new Random(5);
        for (int attempt = 0; attempt < 4; attempt++) {
            List<AggregationInput> shuffled = new ArrayList<>(inputs);
            Collections.shuffle(shuffled, shuffler);
            AggregationResult actual = rule().aggregate(shuffled, base()).orElseThrow();
            assertThat(rawBits(actual.model())).isEqualTo(rawBits(expected.model()));
            assertThat(actual.weights()).isEqualTo(expected.weights());
            assertThat(actual.exclusions()).isEqualTo(expected.exclusions());
        }
    }

    @Test
    void gives_an_output_with_the_base_schema() {
        AggregationResult result = rule().aggregate(randomInputs(2, INPUTS, SIZES, 4.0f), base()).orElseThrow();

        assertThat(result.model().schema()).isEqualTo(base().schema());
    }

    @Test
    void aggregates_identical_inputs_to_that_input() {
        Model same = Fixtures.randomModel(new SplittableRandom(3), SIZES, 4.0f);
        // A base within any clipping bound of the inputs, so clipping wrappers leave them alone.
        List<Tensor> near = new ArrayList<>();
        for (Tensor t : same.tensors()) {
            float[] v = t.values();
            v[0] += 0.001f;
            near.add(Tensor.of(t.spec(), v));
        }
        List<AggregationInput> inputs = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            inputs.add(input("same-" + i, 1 + 37L * i, same));
        }

        AggregationResult result = rule().aggregate(inputs, Model.of(near)).orElseThrow();

        assertThat(rawBits(result.model())).isEqualTo(rawBits(aggregateOfIdentical(same)));
    }

    @Test
    void reports_the_weights_Weights_expected_gives_and_accounts_for_every_input() {
        List<AggregationInput> inputs = randomInputs(4, INPUTS, SIZES, 4.0f);

        AggregationResult result = rule().aggregate(inputs, base()).orElseThrow();

        List<AggregationInput> included = inputs.stream().filter(i -> result.includedIds().contains(i.id())).toList();
        assertThat(result.weights()).isEqualTo(Weights.expected(spec(), included));
        List<String> all = new ArrayList<>(result.includedIds());
        result.exclusions().forEach(e -> all.add(e.id()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(inputs.stream().map(AggregationInput::id).toList());
    }

    @Test
    void refuses_an_input_that_does_not_match_the_base_schema() {
        List<AggregationInput> inputs = new ArrayList<>(randomInputs(5, INPUTS, SIZES, 1.0f));
        inputs.set(2, input("odd-one", 1, 1f, 2f));

        assertThatThrownBy(() -> rule().aggregate(inputs, base()))
                .isInstanceOfSatisfying(ModelFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(FormatError.SCHEMA_MISMATCH))
                .hasMessageContaining("odd-one");
    }

    @Test
    void refuses_two_inputs_with_the_same_id() {
        List<AggregationInput> inputs = new ArrayList<>(randomInputs(6, INPUTS, SIZES, 1.0f));
        inputs.set(1, input(inputs.get(0).id(), 5, inputs.get(1).model()));

        assertThatThrownBy(() -> rule().aggregate(inputs, base()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + inputs.get(0).id() + "' appears more than once");
    }

    @Test
    void leaves_the_callers_list_as_it_was() {
        List<AggregationInput> inputs = new ArrayList<>(randomInputs(7, INPUTS, SIZES, 1.0f));
        Collections.reverse(inputs);
        List<AggregationInput> before = List.copyOf(inputs);

        rule().aggregate(inputs, base());

        assertThat(inputs).containsExactlyElementsOf(before);
    }

    @Test
    void reports_the_spec_it_implements() {
        assertThat(rule().spec()).isEqualTo(spec());
    }
}
