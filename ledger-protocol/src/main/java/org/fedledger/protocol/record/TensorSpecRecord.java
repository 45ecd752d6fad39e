package org.fedledger.protocol.record;

import java.util.List;

/**
 * One tensor of a task's schema as stored: {@code {"name":"w","shape":[2,3]}}.
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
}
