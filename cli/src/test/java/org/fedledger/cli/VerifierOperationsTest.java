package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.verifier.VerifierService.Outcome;
import org.junit.jupiter.api.Test;

/** The verifier service's operations endpoint: health while it runs, and its counters as Prometheus text. */
class VerifierOperationsTest {
    private static final ContentHash HASH = ContentHash.of("model".getBytes(StandardCharsets.UTF_8));
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(OperationsEndpoint ops, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metrics_count_attestations_by_verdict_proposals_failures_and_the_last_block() throws Exception {
        VerifierMetrics metrics = new VerifierMetrics();
        metrics.accept(new Outcome.Attested("bc1", 1, 1, new Verification(1, 1, Verdict.AGREE, HASH, Optional.empty())));
        metrics.accept(new Outcome.Attested("bc1", 2, 1, new Verification(2, 1, Verdict.AGREE, HASH, Optional.empty())));
        metrics.accept(new Outcome.Attested("bc1", 3, 1, new Verification(3, 1, Verdict.DISAGREE, HASH, Optional.of("differs"))));
        metrics.accept(new Outcome.AlreadyAttested("bc1", 3, 1));
        metrics.accept(new Outcome.ClosedOverdue("bc1", 4));
        metrics.accept(new Outcome.Failed("bc1", 5, "verify proposal 1", new LedgerUnavailableException("peer down", null)));
        try (OperationsEndpoint ops = OperationsEndpoint.start(0, Optional::empty, () -> metrics.text(5, OptionalLong.of(41)))) {
            HttpResponse<String> r = get(ops, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(OperationsEndpoint.PROMETHEUS_TEXT);
            assertThat(r.body().lines()).contains(
                    "# TYPE fedledger_verifier_attestations_total counter",
                    "fedledger_verifier_attestations_total{verdict=\"AGREE\"} 2",
                    "fedledger_verifier_attestations_total{verdict=\"DISAGREE\"} 1",
                    "fedledger_verifier_already_attested_total 1",
                    "fedledger_verifier_proposals_seen_total 5",
                    "fedledger_verifier_rounds_closed_overdue_total 1",
                    "fedledger_verifier_failures_total 1",
                    "# TYPE fedledger_verifier_last_event_block gauge",
                    "fedledger_verifier_last_event_block 41");
            // Every line is a comment or "name{labels} value", as Prometheus' text format has it.
            assertThat(r.body().lines()).allMatch(l -> l.startsWith("# ") || l.matches("[a-z_]+(\\{[a-z]+=\"[A-Z]+\"})? -?\\d+"));
        }
    }

    @Test
    void before_any_event_the_last_block_is_minus_one() {
        assertThat(new VerifierMetrics().text(0, OptionalLong.empty()).lines())
                .contains("fedledger_verifier_last_event_block -1", "fedledger_verifier_proposals_seen_total 0");
    }

    @Test
    void health_is_ok_while_the_service_runs_and_503_with_the_reason_once_it_stopped() throws Exception {
        AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
        try (OperationsEndpoint ops = OperationsEndpoint.start(0, problem::get, () -> "")) {
            HttpResponse<String> ok = get(ops, "/healthz");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"status\":\"OK\"}");
            problem.set(Optional.of("ledger: peer \"127.0.0.1:7161\" down"));
            HttpResponse<String> failing = get(ops, "/healthz");
            assertThat(failing.statusCode()).isEqualTo(503);
            assertThat(failing.body()).isEqualTo("{\"status\":\"FAILING\",\"reason\":\"ledger: peer \\\"127.0.0.1:7161\\\" down\"}");
        }
    }

    @Test
    void it_listens_on_the_loopback_address_only() throws Exception {
        try (OperationsEndpoint ops = OperationsEndpoint.start(0, Optional::empty, () -> "")) {
            assertThat(ops.address().getAddress().isLoopbackAddress()).as("bound to %s", ops.address()).isTrue();
            assertThat(ops.address().getAddress().isAnyLocalAddress()).isFalse();
            assertThat(get(ops, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_port_out_of_range_is_bad_input() {
        assertThatThrownBy(() -> OperationsEndpoint.start(70000, Optional::empty, () -> ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--metrics-port must be 0..65535");
    }
}
