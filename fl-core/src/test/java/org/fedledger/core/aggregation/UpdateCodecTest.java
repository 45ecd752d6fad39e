package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The compressed update encodings: exact sizes, deterministic bytes, bounded error, one byte form per
 * content, and the names a rule's {@code codec} parameter accepts.
 */
class UpdateCodecTest {
    private static final int SCALE_BITS = 24;

    @Nested
    class Names {
        @Test
        void reads_back_every_canonical_name() {
            for (String name : List.of("float32", "int8/64", "int4/1", "int8/4096", "topk/0.01", "topk/1",
                    "topk/0.000001")) {
                assertThat(UpdateCodec.parse(name).name()).isEqualTo(name);
            }
        }

        @Test
        void refuses_other_spellings_and_ranges() {
            for (String name : List.of("", "int8", "int8/", "int8/0", "int8/064", "int8/4097", "int16/8", "INT8/64",
                    "topk/0", "topk/0.010", "topk/1.0", "topk/.5", "topk/0.0000001", "topk/2", "float32/1", "int4/-1")) {
                assertThatThrownBy(() -> UpdateCodec.parse(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("unknown codec");
            }
        }

        @Test
        void a_rule_names_its_codec_only_for_exact_sums_and_never_float32_or_with_clipping() {
            RuleSpec spec = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24", RuleSpec.CODEC, "int4/32"));
            assertThat(spec.codec()).isEqualTo(UpdateCodec.parse("int4/32"));
            assertThat(RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24")).codec())
                    .isEqualTo(UpdateCodec.FLOAT32);
            assertThatThrownBy(() -> RuleSpec.of(RuleName.FEDAVG, Map.of(RuleSpec.CODEC, "int8/64")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no parameter 'codec'");
            assertThatThrownBy(() -> RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24",
                    RuleSpec.CODEC, "float32"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("leave it out for float32");
            assertThatThrownBy(() -> RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24",
                    RuleSpec.CODEC, "int8/64", RuleSpec.CLIP_NORM, "1"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("clip_norm");
        }
    }

    @Test
    void encodes_to_exactly_the_size_the_schema_and_codec_fix_and_decodes_what_the_check_accepts() {
        PropertyCheck.forAll(2000, gen -> {
            UpdateCodec codec = CodecFixtures.codec(gen);
            ModelSchema schema = CodecFixtures.schema(gen);
            Model base = CodecFixtures.model(gen, schema, gen.of(0.01f, 1f, 50f));
            Model update = CodecFixtures.trained(gen, base, gen.of(1e-6f, 1e-3f, 0.5f, 400f));
            long seed = gen.anyLong();
            byte[] bytes = codec.encode(update, base, SCALE_BITS, seed, new double[0]).bytes();

            assertThat((long) bytes.length).isEqualTo(codec.encodedSize(schema));
            codec.check(schema, CodecFixtures.chunks(gen, bytes));
            assertThat(codec.encode(update, base, SCALE_BITS, seed, new double[0]).bytes()).isEqualTo(bytes);
            FixedPointUpdate codes = codec.decode(bytes, base, SCALE_BITS);
            assertThat(codes.schema()).isEqualTo(schema);
        });
    }

    @Test
    void every_accepted_byte_form_is_the_encoders_for_its_content() {
        AtomicInteger accepted = new AtomicInteger();
        PropertyCheck.forAll(3000, gen -> {
            UpdateCodec codec = CodecFixtures.codec(gen);
            ModelSchema schema = CodecFixtures.schema(gen);
            Model base = CodecFixtures.onGrid(gen, schema, SCALE_BITS);
            byte[] bytes = codec.encode(CodecFixtures.trained(gen, base, gen.of(1e-5f, 0.01f, 3f)), base, SCALE_BITS,
                    gen.anyLong(), new double[0]).bytes();
            if (gen.bool()) { // some bytes flipped: whatever is still accepted must be canonical too
                for (int flips = gen.intBetween(1, 3); flips > 0; flips--) {
                    bytes[gen.intBetween(8, bytes.length - 1)] ^= (byte) gen.intBetween(1, 255);
                }
            }
            FixedPointUpdate codes;
            try {
                codes = codec.decode(bytes, base, SCALE_BITS);
            } catch (ModelFormatException refused) {
                return;
            }
            if (CodecFixtures.clamped(codes)) {
                return;
            }
            // Re-encode the decoded content exactly: the base is on the grid, so the offsets are the whole update.
            byte[] again = codec.encode(base, base, SCALE_BITS, gen.anyLong(), CodecFixtures.offsets(codes, base)).bytes();
            assertThat(again).isEqualTo(bytes);
            accepted.incrementAndGet();
        });
        assertThat(accepted.get()).isGreaterThan(1500);
    }

    @Test
    void block_codes_stay_within_one_step_of_their_scale_and_round_without_bias() {
        PropertyCheck.forAll(1, this::blockCodesStayWithinOneStep);
    }

    private void blockCodesStayWithinOneStep(Gen gen) {
        ModelSchema schema = ModelSchema.of(List.of(org.fedledger.core.model.TensorSpec.of("w", new int[] {4096})));
        Model base = CodecFixtures.onGrid(gen, schema, SCALE_BITS);
        Model update = CodecFixtures.trained(gen, base, 0.01f);
        for (UpdateCodec codec : List.of(UpdateCodec.parse("int8/64"), UpdateCodec.parse("int4/64"))) {
            double sumOfErrors = 0;
            int trials = 200;
            for (int trial = 0; trial < trials; trial++) {
                double[] residual = codec.encode(update, base, SCALE_BITS, trial, new double[0]).residual();
                for (double r : residual) {
                    assertThat(Math.abs(r)).isLessThan(Math.scalb(0.01, SCALE_BITS) / codec.kind().maxCode() * 2 + 1);
                    sumOfErrors += r;
                }
            }
            double meanError = sumOfErrors / (trials * 4096.0);
            double step = Math.scalb(0.01, SCALE_BITS) / codec.kind().maxCode();
            assertThat(Math.abs(meanError)).as(codec.name()).isLessThan(step / 100);
        }
    }

    @Test
    void the_seed_depends_on_task_round_and_contributor() {
        long seed = UpdateCodec.seed("mnist", 3, "x509::CN=a::CN=ca");
        assertThat(UpdateCodec.seed("mnist", 3, "x509::CN=a::CN=ca")).isEqualTo(seed);
        assertThat(List.of(UpdateCodec.seed("mnist", 4, "x509::CN=a::CN=ca"), UpdateCodec.seed("mnist2", 3,
                "x509::CN=a::CN=ca"), UpdateCodec.seed("mnist", 3, "x509::CN=b::CN=ca"),
                UpdateCodec.seed("mnist3", 3, "::CN=a::CN=ca"))).doesNotContain(seed);
    }

    @Test
    void top_k_keeps_the_largest_offsets_and_error_feedback_sends_the_rest_later() {
        ModelSchema schema = ModelSchema.of(List.of(org.fedledger.core.model.TensorSpec.of("w", new int[] {10})));
        Model base = Model.of(List.of(Tensor.of("w", new int[] {10}, new float[10])));
        float[] step = {0.5f, -4f, 0.25f, 3f, 0f, 0f, 0f, 0f, 0f, 1f};
        Model update = Model.of(List.of(Tensor.of("w", new int[] {10}, step)));
        UpdateCodec top2 = UpdateCodec.parse("topk/0.2");
        CodedUpdate first = top2.encode(update, base, 4, 0, new double[0]);
        FixedPointUpdate sent = top2.decode(first.bytes(), base, 4);
        assertThat(sent.model().tensors().get(0).values()).containsExactly(0f, -4f, 0f, 3f, 0f, 0f, 0f, 0f, 0f, 0f);
        // Next round nothing new is trained: the carried residual alone is sent, largest first.
        CodedUpdate second = top2.encode(base, base, 4, 0, first.residual());
        assertThat(top2.decode(second.bytes(), base, 4).model().tensors().get(0).values())
                .containsExactly(0.5f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f);
        CodedUpdate third = top2.encode(base, base, 4, 0, second.residual());
        assertThat(top2.decode(third.bytes(), base, 4).model().tensors().get(0).values())
                .containsExactly(0f, 0f, 0.25f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        assertThat(top2.encodedSize(schema)).isEqualTo(8 + 2 * 8);
        // Only one non-zero offset left: the filler entry takes the lowest free index.
        assertThat(third.bytes()).hasSize(24);
    }

    @Test
    void float32_is_the_model_encoding_unchanged() {
        PropertyCheck.forAll(20, this::float32IsTheModelEncoding);
    }

    private void float32IsTheModelEncoding(Gen gen) {
        ModelSchema schema = CodecFixtures.schema(gen);
        Model base = CodecFixtures.model(gen, schema, 1f);
        Model update = CodecFixtures.trained(gen, base, 0.1f);
        assertThat(UpdateCodec.FLOAT32.encode(update, base, SCALE_BITS, 1, new double[0]).bytes())
                .isEqualTo(ModelCodec.encode(update));
        assertThat(UpdateCodec.FLOAT32.encodedSize(schema)).isEqualTo(ModelCodec.encodedSize(schema));
        assertThat(UpdateCodec.FLOAT32.decode(ModelCodec.encode(update), base, SCALE_BITS))
                .isEqualTo(FixedPointUpdate.of(update, SCALE_BITS));
    }

    @Test
    void compresses_a_large_tensor_about_four_and_eight_times() {
        ModelSchema schema = ModelSchema.of(List.of(org.fedledger.core.model.TensorSpec.of("w", new int[] {64, 64})));
        double float32 = ModelCodec.encodedSize(schema);
        assertThat(float32 / UpdateCodec.parse("int8/64").encodedSize(schema)).isBetween(3.9, 4.0);
        assertThat(float32 / UpdateCodec.parse("int4/64").encodedSize(schema)).isBetween(7.7, 7.8);
        assertThatThrownBy(() -> UpdateCodec.parse("int8/64").check(schema, List.of(new byte[3])))
                .isInstanceOfSatisfying(ModelFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(FormatError.SIZE_MISMATCH));
    }
}
