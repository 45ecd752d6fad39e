package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code demo --seed} defaults to the seed the demo always used (13), so a run without it is unchanged. */
class DemoSeedOptionTest {
    private static DemoCommand parsed(String... args) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo;
    }

    @Test
    void without_the_flag_the_demo_keeps_its_old_seed_and_the_flag_sets_another() {
        assertThat(parsed().seed).isEqualTo(13);
        assertThat(parsed("--seed", "7").seed).isEqualTo(7);
    }
}
