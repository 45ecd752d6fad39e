package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.core.aggregation.Fixtures.rawBits;
import static org.fedledger.core.aggregation.Fixtures.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The tiled rules against plain one-coordinate-at-a-time definitions, on tensors spanning several
 * tiles, and pinned digests of their output bits so that any change to the arithmetic is noticed.
 */
class ReferenceResultsTest {
    // Literal sizes (not derived from the tile size), so the pinned digests never depend on tuning.
    private static final int[] SIZES = {5, 8_315, 1000};
    private static final List<AggregationInput> INPUTS = Fixtures.randomInputs(2024, 11, SIZES, 2.0f);
    private static final Model BASE = Fixtures.randomModel(new SplittableRandom(7), SIZES, 0.5f);

    private static Model run(RuleSpec spec) {
        return AggregationRules.of(spec).aggregate(INPUTS, BASE).orElseThrow().model();
    }

    /** Applies {@code f} to the column of each coordinate (inputs in id order). */
    private static Model perCoordinate(List<AggregationInput> inputs, java.util.function.Function<float[], Float> f) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor spec : BASE.tensors()) {
            float[] values = new float[spec.size()];
            for (int j = 0; j < values.length; j++) {
                float[] column = new float[inputs.size()];
                for (int i = 0; i < column.length; i++) {
                    column[i] = inputs.get(i).model().tensor(spec.name()).orElseThrow().value(j);
                }
                values[j] = f.apply(column);
            }
            out.add(Tensor.of(spec.spec(), values));
        }
        return Model.of(out);
    }

    @Nested
    class AgainstPlainDefinitions {
        @Test
        void fedavg_equals_the_plain_weighted_sum_in_input_order() {
            long total = INPUTS.stream().mapToLong(AggregationInput::sampleCount).sum();
            Model expected = perCoordinate(INPUTS, column -> {
                double acc = INPUTS.get(0).sampleCount() * (double) column[0];
                for (int i = 1; i < column.length; i++) {
                    acc += INPUTS.get(i).sampleCount() * (double) column[i];
                }
                return (float) (acc / total);
            });

            assertThat(rawBits(run(RuleSpec.of(RuleName.FEDAVG)))).isEqualTo(rawBits(expected));
        }

        @Test
        void median_equals_sorting_each_coordinate() {
            Model expected = perCoordinate(INPUTS, column -> {
                float[] sorted = column.clone();
                Arrays.sort(sorted);
                return sorted[sorted.length / 2];
            });

            assertThat(rawBits(run(RuleSpec.of(RuleName.MEDIAN)))).isEqualTo(rawBits(expected));
        }

        @Test
        void trimmed_mean_equals_sorting_dropping_and_averaging_each_coordinate() {
            // floor(0.2 * 11) = 2 at each end
            Model expected = perCoordinate(INPUTS, column -> {
                float[] sorted = column.clone();
                Arrays.sort(sorted);
                double sum = sorted[2];
                for (int j = 3; j < sorted.length - 2; j++) {
                    sum += sorted[j];
                }
                return (float) (sum / (sorted.length - 4));
            });

            assertThat(rawBits(run(spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.2")))).isEqualTo(rawBits(expected));
        }

        @Test
        void krum_picks_the_input_with_the_lowest_plain_score() {
            int n = INPUTS.size();
            int neighbours = n - 2 - 2;
            double best = Double.POSITIVE_INFINITY;
            String bestId = null;
            for (int i = 0; i < n; i++) {
                double[] d = new double[n - 1];
                int o = 0;
                for (int k = 0; k < n; k++) {
                    if (k != i) {
                        d[o++] = plainSquaredDistance(INPUTS.get(i).model(), INPUTS.get(k).model());
                    }
                }
                Arrays.sort(d);
                double score = 0;
                for (int k = 0; k < neighbours; k++) {
                    score += d[k];
                }
                if (score < best) {
                    best = score;
                    bestId = INPUTS.get(i).id();
                }
            }

            AggregationResult result = AggregationRules.of(spec(RuleName.KRUM, RuleSpec.F, "2"))
                    .aggregate(INPUTS, BASE).orElseThrow();

            assertThat(result.includedIds()).containsExactly(bestId);
        }

        @Test
        void clipping_equals_scaling_the_delta_by_clip_norm_over_its_norm() {
            AggregationInput first = INPUTS.get(0);
            double norm = Math.sqrt(plainSquaredDistance(first.model(), BASE));
            double s = 1.5 / norm;
            List<Tensor> tensors = new ArrayList<>();
            for (Tensor t : first.model().tensors()) {
                Tensor b = BASE.tensor(t.name()).orElseThrow();
                float[] v = new float[t.size()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) (b.value(j) + s * ((double) t.value(j) - b.value(j)));
                }
                tensors.add(Tensor.of(t.spec(), v));
            }

            Model clipped = AggregationRules.of(spec(RuleName.MEAN, RuleSpec.CLIP_NORM, "1.5"))
                    .aggregate(List.of(first), BASE).orElseThrow().model();

            assertThat(norm).isGreaterThan(1.5);
            assertThat(rawBits(clipped)).isEqualTo(rawBits(Model.of(tensors)));
        }

        private double plainSquaredDistance(Model a, Model b) {
            double sum = 0;
            for (Tensor t : a.tensors()) {
                Tensor u = b.tensor(t.name()).orElseThrow();
                for (int j = 0; j < t.size(); j++) {
                    double diff = (double) t.value(j) - u.value(j);
                    sum += diff * diff;
                }
            }
            return sum;
        }
    }

    @Nested
    class PinnedDigests {
        private String digest(RuleSpec spec) {
            return ContentHash.of(rawBits(run(spec))).hex();
        }

        @Test
        void output_bits_of_every_rule_stay_what_they_were() {
            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(digest(RuleSpec.of(RuleName.FEDAVG))).isEqualTo("5061c28b71a87c197cbcb1d923e9076a6ab518c6137c26de3ec0099671db6804");
            softly.assertThat(digest(RuleSpec.of(RuleName.MEAN))).isEqualTo("6b39829d950e54489569e3f8cd8db44d61c806beb56581fb7a6697bd5c3516d5");
            softly.assertThat(digest(RuleSpec.of(RuleName.MEDIAN))).isEqualTo("2754b34e1c62d760afa9f9b0d4f5c0fd3470aca7bb67adb0e77e7c9c57572e89");
            softly.assertThat(digest(spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.2"))).isEqualTo("c02ba4446b360bfbc371a7b47f9a077aac3d9e600ddb278b617db6c2a9f899c4");
            softly.assertThat(digest(spec(RuleName.KRUM, RuleSpec.F, "2"))).isEqualTo("d4fbb9d39287e3250e5fbd5f1b7d3ee35b6b63192f4f909e89517ece00f5d1de");
            softly.assertThat(digest(spec(RuleName.MULTI_KRUM, RuleSpec.F, "2", RuleSpec.M, "4"))).isEqualTo("3bbbc4cecf0fb8d0c99a79d5794b587a6afc959dc8d90c11ae5b2911faed5218");
            softly.assertThat(digest(spec(RuleName.FEDAVG, RuleSpec.CLIP_NORM, "1.5"))).isEqualTo("3a96ced274c96be8844aac8e8ec774c20700f94fad3e99961c4a07f75125474a");
            softly.assertAll();
        }
    }
}
