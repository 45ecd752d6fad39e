package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.Tensor;

/** Validation and canonical ordering of aggregation inputs, shared by every rule. */
final class Inputs {
    /** Canonical input order: ascending id, comparing UTF-16 code units. */
    static final Comparator<AggregationInput> BY_ID = Comparator.comparing(AggregationInput::id);

    private Inputs() {
    }

    /**
     * @return the inputs sorted by id, after checking ids are unique and every model matches the base schema
     */
    static List<AggregationInput> canonical(List<AggregationInput> inputs, Model base) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(base, "base");
        List<AggregationInput> sorted = new ArrayList<>(inputs.size());
        for (AggregationInput input : inputs) {
            sorted.add(Objects.requireNonNull(input, "input"));
        }
        sorted.sort(BY_ID);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("input id '" + sorted.get(i).id()
                        + "' appears more than once; ids must be unique within an aggregation");
            }
        }
        ModelSchema schema = base.schema();
        for (AggregationInput input : sorted) {
            checkSchema(input, schema);
        }
        return List.copyOf(sorted);
    }

    /** Refuses an input whose model does not have {@code schema}, naming the input. */
    static void checkSchema(AggregationInput input, ModelSchema schema) {
        try {
            schema.check(input.model());
        } catch (ModelFormatException e) {
            String detail = e.getMessage().substring(e.code().name().length() + 2);
            throw new ModelFormatException(e.code(),
                    "input '" + input.id() + "' does not match the base model's schema: " + detail);
        }
    }

    /** @return {@code tensors[i][t]}: tensor {@code t} (canonical order) of input {@code i} */
    static Tensor[][] tensors(List<AggregationInput> inputs) {
        Tensor[][] tensors = new Tensor[inputs.size()][];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = inputs.get(i).model().tensors().toArray(new Tensor[0]);
        }
        return tensors;
    }

    /** @return {@code weights[i]}: the admitted weight (sample count) of input {@code i} */
    static long[] weights(List<AggregationInput> inputs) {
        long[] weights = new long[inputs.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = inputs.get(i).sampleCount();
        }
        return weights;
    }
}
