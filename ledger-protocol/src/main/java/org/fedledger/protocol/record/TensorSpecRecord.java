package org.fedledger.protocol.record;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.TensorSpec;

/**
 * One tensor of a task's schema as stored: {@code {"name":"w","shape":[2,3]}}. It maps to and from
 * fl-core's {@link TensorSpec} here only: {@link #of(TensorSpec)} and {@link #spec()}.
 *
 * @param name tensor name
 * @param shape dimensions
 */
public record TensorSpecRecord(String name, List<Integer> shape) {
    /**
     * Copies the shape.
     *
     * @param name tensor name
     * @param shape dimensions
     */
    public TensorSpecRecord {
        shape = Records.copy(shape);
    }

    /**
     * @param spec a tensor's name and shape
     * @return the tensor as a task record stores it
     */
    public static TensorSpecRecord of(TensorSpec spec) {
        List<Integer> dimensions = new ArrayList<>();
        for (int d : spec.shape()) {
            dimensions.add(d);
        }
        return new TensorSpecRecord(spec.name(), dimensions);
    }

    /**
     * @return the tensor as fl-core checks models against it
     * @throws org.fedledger.core.model.ModelFormatException when the name or a dimension is invalid
     */
    public TensorSpec spec() {
        int[] dimensions = new int[shape.size()];
        for (int i = 0; i < dimensions.length; i++) {
            dimensions[i] = shape.get(i);
        }
        return TensorSpec.of(name, dimensions);
    }
}
