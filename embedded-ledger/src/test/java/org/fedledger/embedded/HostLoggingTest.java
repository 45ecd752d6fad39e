package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Embedding the ledger leaves the host's log alone: in a fresh JVM (the shim's router is built
 * once per JVM, so only a new one shows its start), nothing reaches standard error, and the
 * logging format and the root handler's formatter are the host's own afterwards.
 */
class HostLoggingTest {
    @Test
    @Timeout(120)
    void a_fresh_jvm_embedding_the_ledger_writes_nothing_to_stderr_and_keeps_its_log_format() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), QuietHost.class.getName()).start();
        byte[] err = child.getErrorStream().readAllBytes();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("stdout:%n%s%nstderr:%n%s", out, new String(err, StandardCharsets.UTF_8))
                .isZero();
        assertThat(new String(err, StandardCharsets.UTF_8)).isEmpty();
        assertThat(out).contains("format=null").contains("formatter-before=java.util.logging.SimpleFormatter")
                .contains("formatter-after=java.util.logging.SimpleFormatter\n");
    }
}
