package org.fedledger.chaincode.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged chaincode.jar starts as a chaincode-as-a-service server: its main class listens on
 * {@code CHAINCODE_SERVER_ADDRESS} and routes to the FedLedger contract. Runs after {@code package}
 * (Failsafe), against the real shaded jar, with a clean environment: a stray
 * {@code CORE_PEER_TLS_ENABLED=true} would turn the shim's TLS on and break start-up.
 */
class ChaincodeServerIT {

    @Test
    void shaded_jar_serves_the_fedledger_contract_on_loopback(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "chaincode.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port = freeLoopbackPort();
        Path log = dir.resolve("chaincode.log");

        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
        env.put("CORE_CHAINCODE_ID_NAME", "fedledger_1.0:0000");
        Process server = builder.start();
        try {
            boolean listening = awaitListening(port, server, Duration.ofSeconds(60));
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(listening).as("server listening on 127.0.0.1:%d; output:%n%s", port, output).isTrue();
            assertThat(output).contains("org.fedledger.chaincode.contract.FedLedgerContract");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean awaitListening(int port, Process server, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end) && server.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        return false;
    }
}
