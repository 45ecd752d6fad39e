package org.fedledger.core.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name and shape of one tensor: what a task's model schema fixes for its whole life.
 *
 * <pre>{@code
 * TensorSpec weights = TensorSpec.of("dense/kernel", 30, 1);
 * }</pre>
 */
public final class TensorSpec {
    /** Longest allowed tensor name, in characters. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Most dimensions a tensor may have. */
    public static final int MAX_RANK = 8;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1," + MAX_NAME_LENGTH + "}");

    private final String name;
    private final int[] shape;
    private final int elementCount;

    private TensorSpec(String name, int[] shape) {
        this.name = checkName(name);
        this.shape = shape.clone();
        this.elementCount = elementCount(name, this.shape);
    }

    /**
     * @param name tensor name, 1 to 128 characters of {@code [A-Za-z0-9_.:/-]}
     * @param shape dimensions, each positive; empty for a scalar
     * @return the spec
     * @throws ModelFormatException {@link FormatError#INVALID_NAME} or {@link FormatError#INVALID_SHAPE}
     */
    public static TensorSpec of(String name, int... shape) {
        Objects.requireNonNull(shape, "shape");
        return new TensorSpec(name, shape);
    }

    /** @return the tensor name */
    public String name() {
        return name;
    }

    /** @return a copy of the dimensions */
    public int[] shape() {
        return shape.clone();
    }

    /** @return number of dimensions */
    public int rank() {
        return shape.length;
    }

    /**
     * @param i the dimension's index
     * @return dimension {@code i}
     */
    public int dimension(int i) {
        return shape[i];
    }

    /** @return the product of the dimensions (1 for a scalar) */
    public int elementCount() {
        return elementCount;
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new ModelFormatException(FormatError.INVALID_NAME,
                    "tensor name '" + abbreviate(name) + "' must be 1-" + MAX_NAME_LENGTH
                            + " characters of A-Z a-z 0-9 _ . : / -");
        }
        return name;
    }

    private static int elementCount(String name, int[] shape) {
        if (shape.length > MAX_RANK) {
            throw new ModelFormatException(FormatError.INVALID_SHAPE,
                    "tensor '" + name + "' has " + shape.length + " dimensions; at most " + MAX_RANK + " allowed");
        }
        long count = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new ModelFormatException(FormatError.INVALID_SHAPE,
                        "tensor '" + name + "' has dimension " + d + " in shape " + Arrays.toString(shape)
                                + "; every dimension must be positive");
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new ModelFormatException(FormatError.INVALID_SHAPE,
                        "tensor '" + name + "' shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return (int) count;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec other && name.equals(other.name) && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "TensorSpec{name=" + name + ", shape=" + Arrays.toString(shape) + "}";
    }
}
