package org.fedledger.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.DatasetError;
import org.fedledger.trainer.data.DatasetFormatException;
import org.fedledger.trainer.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An organisation's own file is read strictly and scaled exactly as the demo's sites are. */
class OwnDataTest {
    @TempDir
    Path dir;

    private static List<Double> row(Dataset d, int i) {
        double[] r = new double[d.featureCount() + 1];
        d.copyRow(i, r, 0);
        r[d.featureCount()] = d.label(i);
        return java.util.Arrays.stream(r).boxed().toList();
    }

    @Test
    void the_bundled_file_read_as_own_data_holds_every_demo_sites_rows_bit_for_bit() throws IOException {
        Path copy = dir.resolve("breast_cancer.csv");
        try (InputStream in = Datasets.class.getResourceAsStream("/datasets/breast_cancer.csv")) {
            Files.write(copy, in.readAllBytes());
        }
        Dataset own = DemoTask.breastCancer(3, 1).ownData(copy);
        assertThat(own.size()).isEqualTo(569);
        Set<List<Double>> ownRows = new HashSet<>();
        for (int i = 0; i < own.size(); i++) {
            ownRows.add(row(own, i));
        }
        DemoTask demo = DemoTask.breastCancer(3, 1);
        for (Dataset site : demo.sites()) {
            for (int i = 0; i < site.size(); i++) {
                assertThat(ownRows).as("site row %d, scaled with the task's reference scaling", i).contains(row(site, i));
            }
        }
    }

    @Test
    void a_file_of_another_layout_is_refused_with_its_line() throws IOException {
        Path digits = Files.writeString(dir.resolve("digits.csv"), "1,2,3\n");
        DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                () -> DemoTask.breastCancer(3, 1).ownData(digits));
        assertThat(e.error()).isEqualTo(DatasetError.BAD_HEADER);
        assertThat(e).hasMessageContaining(digits + ":1");
    }
}
