package org.fedledger.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ModelCodecPropertiesTest {

    @Property(tries = 2000)
    void random_bytes_are_decoded_or_refused_with_a_format_exception_only(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            Model model = ModelCodec.decode(bytes);
            assertThat(ModelCodec.encode(model)).isEqualTo(bytes);
        } catch (ModelFormatException expected) {
            assertThat(expected.code()).isNotNull();
        }
    }

    @Property(tries = 500)
    void valid_models_round_trip_and_re_encode_to_the_same_bytes(@ForAll("models") Model model) {
        byte[] bytes = ModelCodec.encode(model);

        Model decoded = ModelCodec.decode(bytes);

        assertThat(decoded).isEqualTo(model);
        assertThat(ModelCodec.encode(decoded)).isEqualTo(bytes);
        assertThat(ModelCodec.encodedSize(model)).isEqualTo(bytes.length);
    }

    /**
     * Decode accepts exactly the bytes that encoding reproduces: whatever single edit is made to a
     * valid encoding, the result is either refused or re-encodes to itself.
     */
    @Property(tries = 2000)
    void an_edited_encoding_is_accepted_only_when_it_is_canonical(@ForAll("models") Model model,
            @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll byte value) {
        byte[] original = ModelCodec.encode(model);
        int at = where % (original.length + (kind == 1 ? 1 : 0));
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
    }

    @Provide
    Arbitrary<Model> models() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abwk_./:-0123456789").ofMinLength(1).ofMaxLength(6);
        Arbitrary<int[]> shapes = Arbitraries.integers().between(1, 5).array(int[].class).ofMaxSize(3);
        Arbitrary<Float> floats = Arbitraries.oneOf(
                Arbitraries.integers().map(Float::intBitsToFloat).filter(Float::isFinite),
                Arbitraries.of(0f, -0f, 1f, -1f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE));
        Arbitrary<Tensor> tensors = Combinators.combine(names, shapes).flatAs((name, shape) -> {
            int count = 1;
            for (int d : shape) {
                count *= d;
            }
            return floats.array(float[].class).ofSize(count).map(values -> Tensor.of(name, shape, values));
        });
        return tensors.list().ofMinSize(1).ofMaxSize(4).uniqueElements(Tensor::name)
                .map(list -> Model.of(new ArrayList<>(list)));
    }

    @Property(tries = 200)
    void the_same_tensors_in_any_order_encode_identically(@ForAll("models") Model model, @ForAll java.util.Random random) {
        List<Tensor> shuffled = new ArrayList<>(model.tensors());
        java.util.Collections.shuffle(shuffled, random);

        assertThat(ModelCodec.encode(Model.of(shuffled))).isEqualTo(ModelCodec.encode(model));
    }
}
