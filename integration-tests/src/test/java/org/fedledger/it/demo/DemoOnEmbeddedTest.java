package org.fedledger.it.demo;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, {@code fedledger demo} on its default embedded ledger, in every build:
 * both tasks reach their quality bar, every round attested AGREE by at least two organisations.
 */
class DemoOnEmbeddedTest {
    @Test
    void three_hospitals_reach_the_quality_bar_on_both_tasks_on_the_embedded_ledger(@TempDir Path report) throws Exception {
        DemoRun.assertBothTasksMeetTheirBar(report);
    }
}
