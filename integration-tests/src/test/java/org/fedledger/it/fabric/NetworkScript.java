package org.fedledger.it.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's own launcher, {@code test-network/network.sh}, run on the network under test as an
 * operator runs it (stop, start, restart of the whole network or of one process). The script inherits
 * this JVM's environment (the port overrides the network was started with) and gets its folder.
 *
 * <pre>{@code
 * NetworkScript.of(FabricNetwork.get()).run("restart", "--peer", "2");
 * }</pre>
 */
public final class NetworkScript {
    private final Path script;
    private final Path networkHome;

    private NetworkScript(Path script, Path networkHome) {
        this.script = script;
        this.networkHome = networkHome;
    }

    /**
     * The launcher named by {@code -Dfedledger.networkScript} (Failsafe sets it to the project's
     * {@code test-network/network.sh}), for {@code network}'s folder.
     */
    public static NetworkScript of(FabricNetwork network) {
        String path = System.getProperty("fedledger.networkScript");
        Path script = path != null ? Path.of(path) : network.home().toAbsolutePath().getParent().resolve("network.sh");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no launcher at " + script + "; set -Dfedledger.networkScript");
        }
        return new NetworkScript(script, network.home().toAbsolutePath());
    }

    /**
     * Runs one action and asserts that it succeeds.
     *
     * @return what it printed (its log lines go to standard error, which is merged in)
     */
    public String run(String... action) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(action));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NETWORK_HOME", networkHome.toString());
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            assertThat(exit).as("network.sh %s exit code; output:%n%s", String.join(" ", action), output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }
}
