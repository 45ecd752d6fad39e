package org.fedledger.it.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Using the SDK" shows exactly the trainer code that {@code ReadmeExampleIT} runs. */
class ReadmeShowsRunningCodeTest {
    private static final String BEGIN = "// README:begin\n";

    @Test
    void the_readme_shows_exactly_the_trainer_code_that_runs() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String source = Files.readString(root.resolve(
                "integration-tests/src/test/java/org/fedledger/it/readme/ReadmeTrainer.java"), StandardCharsets.UTF_8);
        // The lines between the markers, without their common indentation.
        String code = source.substring(source.indexOf(BEGIN) + BEGIN.length(), source.indexOf("\n        // README:end"))
                .stripIndent() + "\n";
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(code);
        assertThat(code.lines().count()).as("trainer code lines").isLessThan(15);
    }
}
