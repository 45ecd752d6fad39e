package org.fedledger.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

class ModelCodecPropertiesTest {

    @Test
    void random_bytes_are_decoded_or_refused_with_a_format_exception_only() {
        PropertyCheck.forAll(2000, gen -> {
            byte[] bytes = gen.bytes(64);
            try {
                Model model = ModelCodec.decode(bytes);
                assertThat(ModelCodec.encode(model)).isEqualTo(bytes);
            } catch (ModelFormatException expected) {
                assertThat(expected.code()).isNotNull();
            }
        });
    }

    @Test
    void valid_models_round_trip_and_re_encode_to_the_same_bytes() {
        PropertyCheck.forAll(500, gen -> {
            Model model = model(gen);
            byte[] bytes = ModelCodec.encode(model);

            Model decoded = ModelCodec.decode(bytes);

            assertThat(decoded).isEqualTo(model);
            assertThat(ModelCodec.encode(decoded)).isEqualTo(bytes);
            assertThat(ModelCodec.encodedSize(model)).isEqualTo(bytes.length);
        });
    }

    /**
     * Decode accepts exactly the bytes that encoding reproduces: whatever single edit is made to a
     * valid encoding, the result is either refused or re-encodes to itself.
     */
    @Test
    void an_edited_encoding_is_accepted_only_when_it_is_canonical() {
        PropertyCheck.forAll(2000, gen -> {
            byte[] original = ModelCodec.encode(model(gen));
            int kind = gen.intBetween(0, 2);
            int at = gen.intBetween(0, 10_000) % (original.length + (kind == 1 ? 1 : 0));
            byte value = gen.anyByte();
            byte[] edited = switch (kind) {
                case 0 -> {
                    byte[] copy = original.clone();
                    copy[at] = value;
                    yield copy;
                }
                case 1 -> {
                    byte[] copy = new byte[original.length + 1];
                    System.arraycopy(original, 0, copy, 0, at);
                    copy[at] = value;
                    System.arraycopy(original, at, copy, at + 1, original.length - at);
                    yield copy;
                }
                default -> {
                    byte[] copy = new byte[original.length - 1];
                    System.arraycopy(original, 0, copy, 0, at);
                    System.arraycopy(original, at + 1, copy, at, original.length - at - 1);
                    yield copy;
                }
            };
            try {
                Model decoded = ModelCodec.decode(edited);
                assertThat(ModelCodec.encode(decoded)).isEqualTo(edited);
            } catch (ModelFormatException expected) {
                assertThat(expected.code()).isNotNull();
            }
        });
    }

    @Test
    void the_same_tensors_in_any_order_encode_identically() {
        PropertyCheck.forAll(200, gen -> {
            Model model = model(gen);
            List<Tensor> shuffled = new ArrayList<>(model.tensors());
            Collections.shuffle(shuffled, gen.javaRandom());

            assertThat(ModelCodec.encode(Model.of(shuffled))).isEqualTo(ModelCodec.encode(model));
        });
    }

    /**
     * @return a valid model of 1 to 4 uniquely named tensors of 0 to 3 dimensions (each 1 to 5), with
     *     any finite float values and the special ones (signed zeros, smallest and largest) often
     */
    static Model model(Gen gen) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int count = gen.intBetween(1, 4);
        while (tensors.size() < count) {
            String name = gen.stringOf("abwk_./:-0123456789", 1, 6);
            int[] shape = new int[gen.intBetween(0, 3)];
            int elements = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = gen.intBetween(1, 5);
                elements *= shape[d];
            }
            float[] values = new float[elements];
            for (int i = 0; i < elements; i++) {
                values[i] = finiteFloat(gen);
            }
            tensors.putIfAbsent(name, Tensor.of(name, shape, values));
        }
        return Model.of(new ArrayList<>(tensors.values()));
    }

    private static float finiteFloat(Gen gen) {
        if (gen.bool()) {
            return gen.of(0f, -0f, 1f, -1f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE);
        }
        float f;
        do {
            f = Float.intBitsToFloat((int) gen.anyLong());
        } while (!Float.isFinite(f));
        return f;
    }
}
