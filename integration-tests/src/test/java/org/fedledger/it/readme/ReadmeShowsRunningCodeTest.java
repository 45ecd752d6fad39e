package org.fedledger.it.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Using the SDK" shows exactly the trainer code that {@code ReadmeExampleIT} runs, and the
 * consortium test that {@code examples/hospital-trainer} runs in CI.
 */
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

    @Test
    void the_readme_shows_exactly_the_consortium_test_of_the_example_project() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String source = Files.readString(root.resolve(
                "examples/hospital-trainer/src/test/java/org/example/hospital/HospitalTrainerTest.java"),
                StandardCharsets.UTF_8);
        // From the consortium's start to the assertion on its rounds, without their common indentation.
        int from = source.lastIndexOf('\n', source.indexOf("try (Consortium consortium")) + 1;
        int to = source.indexOf('\n', source.indexOf("consortium.awaitRounds("));
        String code = source.substring(from, to).stripIndent() + "\n";
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(code).contains("Consortium.builder(task)").contains("trainerProfile(2)");
        assertThat(readme).contains(code);
    }
}
