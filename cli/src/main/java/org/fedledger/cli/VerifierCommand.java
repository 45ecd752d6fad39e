package org.fedledger.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.rounds.ProposalCheck;
import org.fedledger.sdk.rounds.RoundStrategy;
import org.fedledger.sdk.verifier.VerifierService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedledger verifier}: an organisation's verifier service, until stopped. With
 * {@code --metrics-port} it also serves {@code /healthz} and {@code /metrics} (Prometheus text:
 * attestations by verdict, proposals seen, failures, the last event's block) on 127.0.0.1.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org2.properties FEDLEDGER_USER=User2 fedledger verifier --state state/verifier --metrics-port 9464 \
 *     --require-organisations 3
 * }</pre>
 */
@Command(name = "verifier", mixinStandardHelpOptions = true,
        description = "Recompute and attest every proposal for this organisation; close overdue rounds.")
public final class VerifierCommand implements Callable<Integer> {
    @Mixin
    ProfileOption connection;

    @Option(names = "--state", required = true, description = "folder for the event checkpoint and watched rounds")
    Path state;

    @Option(names = "--from-block", defaultValue = "0", description = "first block when there is no checkpoint yet")
    long fromBlock;

    @Option(names = "--metrics-port", description = "serve /healthz and /metrics (Prometheus text) on 127.0.0.1:PORT "
            + "(0: a free port, printed); off by default")
    Integer metricsPort;

    @Option(names = "--require-organisations", paramLabel = "K", description = "attest DISAGREE to an aggregate of "
            + "fewer than K organisations' updates, however correct (with two, either recovers the other's update); "
            + "default 1: no such condition")
    int requireOrganisations = 1;

    @Override
    public Integer call() throws Exception {
        VerifierMetrics metrics = new VerifierMetrics();
        try (FedLedger ledger = FedLedger.open(connection.profile());
                VerifierService service = VerifierService.start(ledger, state, fromBlock,
                        metrics.andThen(o -> System.out.println(describe(o))), strategy());
                OperationsEndpoint ops = metricsPort == null ? null : OperationsEndpoint.start(metricsPort,
                        () -> service.failure().map(f -> Failures.classify(f).line()),
                        () -> metrics.text(service.proposalsSeen(), service.lastEventBlock()))) {
            if (ops != null) {
                System.out.println("operations endpoint: http://127.0.0.1:" + ops.port() + "/healthz and /metrics");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            while (!service.awaitTermination(Duration.ofSeconds(60))) {
                // keeps serving until closed or failed
            }
            if (service.failure().isPresent()) {
                Failures.Failure f = Failures.classify(service.failure().get());
                System.err.println("verifier stopped: " + f.line());
                return f.exitCode();
            }
            return FedLedgerCli.OK;
        }
    }

    /** The standard recomputation, with this organisation's condition on the number of organisations when one is set. */
    private RoundStrategy strategy() {
        RoundStrategy standard = RoundStrategy.standard();
        return requireOrganisations > 1 ? standard.requiring(ProposalCheck.atLeastOrganisations(requireOrganisations))
                : standard;
    }

    /** One line a person reads in the service's log: which task and round, what was done, and why when it failed. */
    static String describe(VerifierService.Outcome outcome) {
        if (outcome instanceof VerifierService.Outcome.Attested a) {
            return "task " + a.taskId() + " round " + a.round() + ": proposal " + a.seq() + " recomputed and attested "
                    + a.verification().verdict() + " (model " + a.verification().computedHash().hex() + ")"
                    + a.verification().reason().map(r -> ": " + r).orElse("");
        } else if (outcome instanceof VerifierService.Outcome.AlreadyAttested a) {
            return "task " + a.taskId() + " round " + a.round() + ": proposal " + a.seq()
                    + " was attested by this organisation before";
        } else if (outcome instanceof VerifierService.Outcome.ClosedOverdue c) {
            return "task " + c.taskId() + " round " + c.round() + ": closed, its deadline had passed";
        } else if (outcome instanceof VerifierService.Outcome.Resolved r) {
            return "task " + r.taskId() + " round " + r.round() + ": resolved, now " + r.state();
        } else if (outcome instanceof VerifierService.Outcome.ValidationSetCommitted v) {
            return "task " + v.taskId() + ": this organisation's private validation set committed, valuing from round "
                    + v.fromRound();
        } else if (outcome instanceof VerifierService.Outcome.PartialSumAttested p) {
            return "task " + p.taskId() + " round " + p.round() + ": the partial sum of " + p.msp()
                    + " recomputed and attested";
        }
        VerifierService.Outcome.Failed f = (VerifierService.Outcome.Failed) outcome;
        return "task " + f.taskId() + " round " + f.round() + ": could not " + f.what() + ": " + f.error().getMessage();
    }
}
