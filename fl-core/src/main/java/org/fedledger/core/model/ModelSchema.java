package org.fedledger.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The tensor names and shapes a task fixes for its whole life. Every update and every global model
 * of the task must match it exactly.
 *
 * <pre>{@code
 * ModelSchema schema = ModelSchema.of(List.of(TensorSpec.of("w", 30, 1), TensorSpec.of("b", 1)));
 * schema.check(update); // throws ModelFormatException(SCHEMA_MISMATCH) on any difference
 * }</pre>
 */
public final class ModelSchema {
    private final List<TensorSpec> specs;
    private final long parameterCount;

    private ModelSchema(List<TensorSpec> sorted) {
        this.specs = List.copyOf(sorted);
        long count = 0;
        for (TensorSpec s : sorted) {
            count += s.elementCount();
        }
        this.parameterCount = count;
    }

    /**
     * @param specs tensor specs in any order
     * @return the schema, specs sorted by name
     * @throws ModelFormatException {@link FormatError#EMPTY_MODEL} or {@link FormatError#DUPLICATE_TENSOR}
     */
    public static ModelSchema of(List<TensorSpec> specs) {
        Objects.requireNonNull(specs, "specs");
        if (specs.isEmpty()) {
            throw new ModelFormatException(FormatError.EMPTY_MODEL, "a model schema needs at least one tensor");
        }
        List<TensorSpec> sorted = new ArrayList<>(specs);
        sorted.forEach(s -> Objects.requireNonNull(s, "spec"));
        sorted.sort(Comparator.comparing(TensorSpec::name, Model.NAME_ORDER));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new ModelFormatException(FormatError.DUPLICATE_TENSOR,
                        "tensor name '" + sorted.get(i).name() + "' appears more than once in the schema");
            }
        }
        return new ModelSchema(sorted);
    }

    /** @return the specs in canonical (name) order; unmodifiable */
    public List<TensorSpec> tensors() {
        return specs;
    }

    /** @return total number of parameters a matching model has */
    public long parameterCount() {
        return parameterCount;
    }

    /**
     * Checks that {@code model} has exactly these tensors with exactly these shapes.
     *
     * @param model the model to check or encode
     * @throws ModelFormatException {@link FormatError#SCHEMA_MISMATCH} naming the first difference
     */
    public void check(Model model) {
        Objects.requireNonNull(model, "model");
        List<Tensor> tensors = model.tensors();
        for (int i = 0; i < Math.max(specs.size(), tensors.size()); i++) {
            TensorSpec expected = i < specs.size() ? specs.get(i) : null;
            TensorSpec actual = i < tensors.size() ? tensors.get(i).spec() : null;
            if (expected == null) {
                throw new ModelFormatException(FormatError.SCHEMA_MISMATCH,
                        "unexpected tensor '" + actual.name() + "'; the schema has no such tensor");
            }
            if (actual == null || !expected.name().equals(actual.name())) {
                throw new ModelFormatException(FormatError.SCHEMA_MISMATCH,
                        "tensor '" + expected.name() + "' is missing"
                                + (actual == null ? "" : " (found '" + actual.name() + "' in its place)"));
            }
            if (!expected.equals(actual)) {
                throw new ModelFormatException(FormatError.SCHEMA_MISMATCH,
                        "tensor '" + expected.name() + "' has shape " + Arrays.toString(actual.shape())
                                + "; the schema requires " + Arrays.toString(expected.shape()));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSchema other && specs.equals(other.specs);
    }

    @Override
    public int hashCode() {
        return specs.hashCode();
    }

    @Override
    public String toString() {
        return "ModelSchema{tensors=" + specs + "}";
    }
}
