package org.fedledger.cli;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.verifier.VerifierService.Outcome;

/**
 * The verifier service's counters, fed with every outcome, written in Prometheus' text exposition
 * format (as Fabric's own operations endpoint serves its metrics).
 *
 * <pre>{@code
 * VerifierMetrics metrics = new VerifierMetrics();
 * VerifierService.start(ledger, state, 0, metrics.andThen(System.out::println));
 * String text = metrics.text(service.proposalsSeen(), service.lastEventBlock());
 * }</pre>
 */
final class VerifierMetrics implements Consumer<Outcome> {
    private final Map<Verdict, AtomicLong> attested = new EnumMap<>(Verdict.class);
    private final AtomicLong alreadyAttested = new AtomicLong();
    private final AtomicLong closedOverdue = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    VerifierMetrics() {
        for (Verdict v : Verdict.values()) {
            attested.put(v, new AtomicLong());
        }
    }

    @Override
    public void accept(Outcome outcome) {
        if (outcome instanceof Outcome.Attested a) {
            attested.get(a.verification().verdict()).incrementAndGet();
        } else if (outcome instanceof Outcome.AlreadyAttested) {
            alreadyAttested.incrementAndGet();
        } else if (outcome instanceof Outcome.ClosedOverdue) {
            closedOverdue.incrementAndGet();
        } else if (outcome instanceof Outcome.Failed) {
            failures.incrementAndGet();
        }
    }

    /**
     * The metrics as Prometheus text: counters since the service started, and the last event's block.
     *
     * @param proposalsSeen proposals the service has seen
     * @param lastEventBlock the block of the last event it handled, if any
     * @return the exposition text, one sample a line, ending in a line break
     */
    String text(long proposalsSeen, OptionalLong lastEventBlock) {
        StringBuilder b = new StringBuilder();
        header(b, "fedledger_verifier_attestations_total", "counter", "Proposals recomputed and attested, by verdict.");
        for (Map.Entry<Verdict, AtomicLong> e : attested.entrySet()) {
            b.append("fedledger_verifier_attestations_total{verdict=\"").append(e.getKey().name()).append("\"} ")
                    .append(e.getValue().get()).append('\n');
        }
        sample(b, "fedledger_verifier_already_attested_total", "counter",
                "Proposals this organisation had attested before (after a restart).", alreadyAttested.get());
        sample(b, "fedledger_verifier_proposals_seen_total", "counter", "Proposals seen in the event stream.", proposalsSeen);
        sample(b, "fedledger_verifier_rounds_closed_overdue_total", "counter", "Overdue rounds this service closed.",
                closedOverdue.get());
        sample(b, "fedledger_verifier_failures_total", "counter",
                "Steps that failed (verify, attest, close); the service went on.", failures.get());
        sample(b, "fedledger_verifier_last_event_block", "gauge",
                "Block of the last event handled (-1: none since the service started).", lastEventBlock.orElse(-1));
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder b, String name, String type, String help, long value) {
        header(b, name, type, help);
        b.append(name).append(' ').append(value).append('\n');
    }
}
