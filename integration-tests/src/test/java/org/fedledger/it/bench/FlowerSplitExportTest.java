package org.fedledger.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Flower side of {@code scripts/fedledger.sh bench-flower} reads: the demo's three hospitals'
 * partitions and the test set (456 and 113 samples, 30 features and the label a row), the initial
 * model and each hospital's first epoch, and the FedAvg weights the ledger's close gives them (the
 * largest hospital bounded to half of the round's weight). The Flower run itself needs its virtualenv
 * and is the benchmark's, not a test.
 */
class FlowerSplitExportTest {
    @Test
    void writesTheDemosSplitWithTheLedgersWeights(@TempDir Path out) throws Exception {
        FlowerSplitExport.main(new String[] {"--out", out.toString()});

        assertThat(Files.readAllLines(out.resolve("weights.csv"))).containsExactly("0,101,101", "1,257,199", "2,98,98");
        long rows = 0;
        for (int k = 0; k < 3; k++) {
            rows += Files.readAllLines(out.resolve("site-" + k + ".csv")).size();
            assertThat(Files.readAllLines(out.resolve("site-" + k + "-epoch1.csv")))
                    .extracting(line -> line.split(",")[0]).containsExactly("dense/bias", "dense/kernel");
        }
        assertThat(rows).isEqualTo(456);
        assertThat(Files.readAllLines(out.resolve("test.csv"))).hasSize(113)
                .allSatisfy(line -> assertThat(line.split(",")).hasSize(31));
        assertThat(Files.readAllLines(out.resolve("initial.csv")).get(1).split(",")).hasSize(31)
                .allSatisfy(v -> assertThat(v).isIn("dense/kernel", "0.0"));
    }
}
