package org.fedledger.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model: a non-empty set of named tensors, always held in canonical order (sorted by name), so
 * that the same weights always encode to the same bytes.
 *
 * <pre>{@code
 * Model model = Model.of(List.of(
 *         Tensor.of("w", new int[] {2}, new float[] {1f, 2f}),
 *         Tensor.of("b", new int[] {1}, new float[] {0f})));
 * model.tensors().get(0).name(); // "b"
 * }</pre>
 */
public final class Model {
    /** Canonical tensor order: by name, comparing UTF-16 code units (names are ASCII). */
    public static final Comparator<String> NAME_ORDER = Comparator.naturalOrder();

    private final List<Tensor> tensors;
    private final long parameterCount;

    private Model(List<Tensor> sorted) {
        this.tensors = List.copyOf(sorted);
        long count = 0;
        for (Tensor t : sorted) {
            count += t.size();
        }
        this.parameterCount = count;
    }

    /**
     * @param tensors the tensors in any order
     * @return the model, tensors sorted by name
     * @throws ModelFormatException {@link FormatError#EMPTY_MODEL} or {@link FormatError#DUPLICATE_TENSOR}
     */
    public static Model of(List<Tensor> tensors) {
        Objects.requireNonNull(tensors, "tensors");
        if (tensors.isEmpty()) {
            throw new ModelFormatException(FormatError.EMPTY_MODEL, "a model needs at least one tensor");
        }
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.forEach(t -> Objects.requireNonNull(t, "tensor"));
        sorted.sort(Comparator.comparing(Tensor::name, NAME_ORDER));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new ModelFormatException(FormatError.DUPLICATE_TENSOR,
                        "tensor name '" + sorted.get(i).name() + "' appears more than once");
            }
        }
        return new Model(sorted);
    }

    /** @return the tensors in canonical (name) order; unmodifiable */
    public List<Tensor> tensors() {
        return tensors;
    }

    /**
     * @param name the tensor's name
     * @return the tensor with that name, if any
     */
    public Optional<Tensor> tensor(String name) {
        for (Tensor t : tensors) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** @return names and shapes of the tensors */
    public ModelSchema schema() {
        List<TensorSpec> specs = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            specs.add(t.spec());
        }
        return ModelSchema.of(specs);
    }

    /** @return total number of float parameters */
    public long parameterCount() {
        return parameterCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Model other && tensors.equals(other.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "Model{tensors=" + tensors.size() + ", parameters=" + parameterCount + "}";
    }
}
