package org.fedledger.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named float32 tensor: an immutable spec plus its values in row-major order.
 *
 * <p>Values are copied in and out, so a tensor can be shared between threads and never changes
 * after it is built. Hot loops read values in blocks with {@link #copyValues(int, float[], int, int)}
 * instead of copying the whole array.
 *
 * <pre>{@code
 * Tensor bias = Tensor.of("dense/bias", new int[] {2}, new float[] {0.5f, -0.25f});
 * }</pre>
 */
public final class Tensor {
    private final TensorSpec spec;
    private final float[] values;
    /** The largest magnitude of any value, found by the finiteness check at construction. */
    private final float maxMagnitude;

    private Tensor(TensorSpec spec, float[] values, float maxMagnitude) {
        this.spec = spec;
        this.values = values;
        this.maxMagnitude = maxMagnitude;
    }

    /**
     * @param name tensor name (see {@link TensorSpec#of(String, int...)})
     * @param shape dimensions
     * @param values row-major values; copied
     * @return the tensor
     * @throws ModelFormatException {@link FormatError#SHAPE_MISMATCH} when the value count does not
     *     match the shape, {@link FormatError#NON_FINITE_VALUE} for NaN or infinity, or a name or
     *     shape error
     */
    public static Tensor of(String name, int[] shape, float[] values) {
        return of(TensorSpec.of(name, shape), values);
    }

    /**
     * @param spec name and shape
     * @param values row-major values; copied
     * @return the tensor
     * @throws ModelFormatException as {@link #of(String, int[], float[])}
     */
    public static Tensor of(TensorSpec spec, float[] values) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(values, "values");
        return ofOwned(spec, values.clone());
    }

    /**
     * Builds a tensor that takes ownership of {@code values} without copying. Only for code in
     * fl-core that has just allocated the array and never touches it again.
     */
    static Tensor ofOwned(TensorSpec spec, float[] values) {
        if (values.length != spec.elementCount()) {
            throw new ModelFormatException(FormatError.SHAPE_MISMATCH,
                    "tensor '" + spec.name() + "' has shape " + Arrays.toString(spec.shape()) + " ("
                            + spec.elementCount() + " values) but " + values.length + " values were given");
        }
        // One pass finds the largest magnitude and checks finiteness: the branch is taken only when the
        // maximum grows (rarely, for real weights), and a NaN or an infinity always takes it, since
        // neither compares as at most the running maximum.
        float max = 0.0f;
        for (int i = 0; i < values.length; i++) {
            float magnitude = Math.abs(values[i]);
            if (!(magnitude <= max)) {
                if (!(magnitude <= Float.MAX_VALUE)) {
                    throw new ModelFormatException(FormatError.NON_FINITE_VALUE,
                            "tensor '" + spec.name() + "' has " + values[i] + " at index " + i
                                    + "; only finite values are allowed");
                }
                max = magnitude;
            }
        }
        return new Tensor(spec, values, max);
    }

    /**
     * The tensor's own value array, for bulk reads inside fl-core (the codec) without a copy.
     * Callers must never write to it.
     */
    float[] valuesView() {
        return values;
    }

    /** @return the tensor's name and shape */
    public TensorSpec spec() {
        return spec;
    }

    /** @return the tensor name */
    public String name() {
        return spec.name();
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return spec.shape();
    }

    /** @return number of values */
    public int size() {
        return values.length;
    }

    /**
     * @return the largest absolute value of the tensor; known from
     *     construction, so reading it costs nothing (exact aggregation uses it to prove that no code of
     *     the tensor is clamped)
     */
    public float maxMagnitude() {
        return maxMagnitude;
    }

    /**
     * @param i the index in row-major order
     * @return the value at flat row-major index {@code i}
     */
    public float value(int i) {
        return values[i];
    }

    /** @return a copy of all values */
    public float[] values() {
        return values.clone();
    }

    /**
     * Copies {@code length} values starting at {@code from} into {@code target} at {@code offset}.
     *
     * @param from the first value copied
     * @param target the array to copy into
     * @param offset the first index written in {@code target}
     * @param length how many values to copy
     * @throws IndexOutOfBoundsException when a range is outside either array
     */
    public void copyValues(int from, float[] target, int offset, int length) {
        System.arraycopy(values, from, target, offset, length);
    }

    @Override
    public boolean equals(Object o) {
        // Bit-level equality: the canonical encoding distinguishes 0.0 from -0.0, so equality does too.
        if (!(o instanceof Tensor other) || !spec.equals(other.spec)) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (Float.floatToRawIntBits(values[i]) != Float.floatToRawIntBits(other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * spec.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Tensor{name=" + spec.name() + ", shape=" + Arrays.toString(spec.shape()) + ", size=" + values.length
                + "}";
    }
}
