package org.fedledger.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private final Dataset xor = Dataset.of("xor", new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
            new int[] {0, 1, 1, 0}, 2);

    @Test
    void copies_its_input_so_later_changes_do_not_reach_it() {
        double[][] rows = {{1, 2}};
        int[] labels = {1};
        Dataset d = Dataset.of("d", rows, labels, 2);
        rows[0][0] = 9;
        labels[0] = 0;
        assertThat(d.feature(0, 0)).isEqualTo(1.0);
        assertThat(d.label(0)).isEqualTo(1);
        d.labels()[0] = 0;
        assertThat(d.label(0)).isEqualTo(1);
    }

    @Test
    void subset_and_concat_keep_the_order_asked_for() {
        Dataset picked = xor.subset(new int[] {3, 0});
        assertThat(picked.labels()).containsExactly(0, 0);
        assertThat(picked.feature(0, 0)).isEqualTo(1.0);
        Dataset joined = Dataset.concat(List.of(picked, xor.subset(new int[] {1})));
        assertThat(joined.labels()).containsExactly(0, 0, 1);
        assertThat(joined.feature(2, 1)).isEqualTo(1.0);
    }

    @Test
    void refuses_ragged_rows_bad_labels_non_finite_values_and_no_samples() {
        assertThatThrownBy(() -> Dataset.of("r", new double[][] {{1, 2}, {3}}, new int[] {0, 1}, 2))
                .hasMessageContaining("row 1 has 1 features");
        assertThatThrownBy(() -> Dataset.of("l", new double[][] {{1}}, new int[] {2}, 2))
                .hasMessageContaining("label 2");
        assertThatThrownBy(() -> Dataset.of("n", new double[][] {{Double.NaN}}, new int[] {0}, 2))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Dataset.of("e", new double[0][], new int[0], 2)).hasMessageContaining("no samples");
        assertThatThrownBy(() -> Dataset.of("c", new double[][] {{1}}, new int[] {0, 1}, 2))
                .hasMessageContaining("2 labels for 1 rows");
        assertThatThrownBy(() -> Dataset.concat(List.of(xor, Dataset.of("w", new double[][] {{1}}, new int[] {0}, 2))))
                .hasMessageContaining("1 features");
    }
}
