package org.fedledger.it.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One process of the local network as {@code test-network/network.sh} started it: its pid from
 * {@code $NETWORK_HOME/pids/<name>.pid}, and the command line and environment it runs with (read from
 * {@code /proc} before it is killed). {@link #kill()} sends SIGKILL to that pid only; {@link #restart()}
 * starts the same command line in the same environment, in its own session, logging to the same file,
 * and records the new pid where the script keeps it (so {@code network.sh down} stops it).
 *
 * <p>Restarting is the one place to switch to the script's own {@code network.sh start --peer N} once
 * it has one.
 *
 * <pre>{@code
 * NetworkProcess peer = NetworkProcess.of(home, "peer1");
 * peer.kill();
 * peer.restart();
 * }</pre>
 */
public final class NetworkProcess {
    private final Path home;
    private final String name;
    private final List<String> commandLine;
    private final Map<String, String> environment;

    private NetworkProcess(Path home, String name, List<String> commandLine, Map<String, String> environment) {
        this.home = home;
        this.name = name;
        this.commandLine = List.copyOf(commandLine);
        this.environment = environment;
    }

    /**
     * @param home the network's state folder
     * @param name the process's name in the script: {@code orderer2}, {@code peer1}, {@code chaincode3}
     * @throws IllegalStateException when the process is not running
     */
    public static NetworkProcess of(Path home, String name) {
        long pid = pid(home, name);
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            List<String> command = split(Files.readAllBytes(proc.resolve("cmdline")));
            Map<String, String> env = new LinkedHashMap<>();
            for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            String program = Files.readString(home.resolve("pids").resolve(name + ".exe"), StandardCharsets.UTF_8).strip();
            if (command.isEmpty() || !String.join(" ", command).contains(program)) {
                throw new IllegalStateException(name + ": pid " + pid + " runs " + command + ", not " + program);
            }
            return new NetworkProcess(home, name, command, env);
        } catch (IOException e) {
            throw new IllegalStateException(name + " (pid " + pid + ") is not running", e);
        }
    }

    private static long pid(Path home, String name) {
        try {
            return Long.parseLong(Files.readString(home.resolve("pids").resolve(name + ".pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("no pid file of " + name, e);
        }
    }

    private static List<String> split(byte[] nulSeparated) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < nulSeparated.length; i++) {
            if (nulSeparated[i] == 0) {
                out.add(new String(nulSeparated, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        if (from < nulSeparated.length) {
            out.add(new String(nulSeparated, from, nulSeparated.length - from, StandardCharsets.UTF_8));
        }
        return out;
    }

    String name() {
        return name;
    }

    /** @return a variable of the process's environment */
    public Optional<String> environment(String variable) {
        return Optional.ofNullable(environment.get(variable));
    }

    /** SIGKILL to the recorded pid, then waits until it is gone. */
    void kill() throws Exception {
        ProcessHandle process = ProcessHandle.of(pid(home, name))
                .orElseThrow(() -> new IllegalStateException(name + " is not running"));
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Starts the same command line in the same environment, as the script did. */
    void restart() throws IOException {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(commandLine);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path log = home.resolve("logs").resolve(name + ".log");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process started = builder.start();
        Files.writeString(home.resolve("pids").resolve(name + ".pid"), started.pid() + "\n");
    }

    /** @return whether {@code http://address/healthz} reports OK (peers and orderers) */
    static boolean healthy(String address) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/healthz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"OK\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the Prometheus metrics text at {@code http://address/metrics}, or empty when unreachable */
    static String metrics(String address) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * The orderer that leads the channel's Raft cluster now, from each orderer's
     * {@code consensus_etcdraft_is_leader} gauge.
     *
     * @throws IllegalStateException when none says it leads
     */
    static NetworkProcess raftLeader(Path home, String channel) {
        for (int i = 1; i <= 3; i++) {
            NetworkProcess orderer = of(home, "orderer" + i);
            String ops = orderer.environment("ORDERER_OPERATIONS_LISTENADDRESS").orElseThrow();
            for (String line : metrics(ops).split("\n")) {
                if (line.startsWith("consensus_etcdraft_is_leader{") && line.contains("channel=\"" + channel + "\"")
                        && line.endsWith(" 1")) {
                    return orderer;
                }
            }
        }
        throw new IllegalStateException("no orderer reports that it leads channel " + channel);
    }

    @Override
    public String toString() {
        return name;
    }
}
