package org.fedledger.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A long-running command's operations endpoint on 127.0.0.1 only: {@code GET /healthz} answers 200
 * with {@code {"status":"OK"}} while the service runs and 503 with the reason once it stopped, and
 * {@code GET /metrics} serves Prometheus text. The JDK's own HTTP server; nothing else listens.
 *
 * <pre>{@code
 * try (OperationsEndpoint ops = OperationsEndpoint.start(9464, service::problem, metrics::text)) { ... }
 * }</pre>
 */
final class OperationsEndpoint implements AutoCloseable {
    /** The content type of Prometheus' text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private OperationsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param port the port on 127.0.0.1 (0: any free one, see {@link #port()})
     * @param problem why the service is not healthy, or empty while it is
     * @param metrics the metrics text
     * @return the running endpoint
     * @throws IOException when the port cannot be bound (in use, not allowed)
     */
    static OperationsEndpoint start(int port, Supplier<Optional<String>> problem, Supplier<String> metrics)
            throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--metrics-port must be 0..65535, was " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IOException("cannot serve the operations endpoint on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fedledger-operations");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", exchange -> {
            Optional<String> why = problem.get();
            String body = why.map(w -> "{\"status\":\"FAILING\",\"reason\":\"" + jsonEscape(w) + "\"}")
                    .orElse("{\"status\":\"OK\"}");
            respond(exchange, why.isPresent() ? 503 : 200, "application/json", body);
        });
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
        server.start();
        return new OperationsEndpoint(server, executor);
    }

    /** @return the address it listens on: 127.0.0.1 and its port */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** @return the port it listens on, on 127.0.0.1 */
    int port() {
        return address().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
