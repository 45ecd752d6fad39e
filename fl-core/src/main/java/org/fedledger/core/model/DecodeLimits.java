package org.fedledger.core.model;

import java.util.Objects;

/**
 * How much a strict decode may build: at most {@link #maxTensors()} tensors holding at most
 * {@link #maxElements()} values in total. {@link ModelCodec#decode(byte[], DecodeLimits)} checks both
 * before it allocates anything for a tensor, so an input crafted of millions of tiny tensors (each
 * costing far more heap than its bytes) is refused after reading at most the allowed number.
 *
 * <pre>{@code
 * Model update = ModelCodec.decode(payload, DecodeLimits.of(task.schema()));
 * }</pre>
 */
public final class DecodeLimits {
    /** No limit beyond what one Java array can hold. */
    public static final DecodeLimits UNLIMITED = new DecodeLimits(Integer.MAX_VALUE, Long.MAX_VALUE);

    private final int maxTensors;
    private final long maxElements;

    private DecodeLimits(int maxTensors, long maxElements) {
        this.maxTensors = maxTensors;
        this.maxElements = maxElements;
    }

    /**
     * Limits given as numbers.
     *
     * <pre>{@code
     * DecodeLimits limits = DecodeLimits.of(2, 1_000);
     * }</pre>
     *
     * @param maxTensors most tensors, at least 1
     * @param maxElements most values over all tensors, at least 1
     * @return the limits
     * @throws IllegalArgumentException when either is below 1
     */
    public static DecodeLimits of(int maxTensors, long maxElements) {
        if (maxTensors < 1 || maxElements < 1) {
            throw new IllegalArgumentException("limits must be at least 1, were " + maxTensors + " tensors and "
                    + maxElements + " elements");
        }
        return new DecodeLimits(maxTensors, maxElements);
    }

    /**
     * Exactly as much as a model of {@code schema} holds: its tensor count and its parameter count.
     *
     * <pre>{@code
     * DecodeLimits limits = DecodeLimits.of(ModelSchema.of(List.of(TensorSpec.of("w", 3))));
     * }</pre>
     *
     * @param schema the schema the decoded model must have
     * @return the limits
     */
    public static DecodeLimits of(ModelSchema schema) {
        Objects.requireNonNull(schema, "schema");
        return new DecodeLimits(schema.tensors().size(), schema.parameterCount());
    }

    /** @return the most tensors a decode builds */
    public int maxTensors() {
        return maxTensors;
    }

    /** @return the most values, over all tensors, a decode builds */
    public long maxElements() {
        return maxElements;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodeLimits other && maxTensors == other.maxTensors && maxElements == other.maxElements;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(maxTensors) * 31 + Long.hashCode(maxElements);
    }

    @Override
    public String toString() {
        return "DecodeLimits{maxTensors=" + maxTensors + ", maxElements=" + maxElements + "}";
    }
}
