package org.fedledger.cli;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Auditor;
import org.fedledger.sdk.FedLedger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedledger status}: who this identity is, and a task's current model and a round (the latest,
 * or {@code --round N}) with its counts from the ledger: updates submitted (while the round is OPEN
 * too), accepted (fixed when it closes) and attestations on its latest proposal against the quorum.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org2.properties FEDLEDGER_USER=User3 fedledger status --task breast-cancer-1a2b3c
 * }</pre>
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Identity, and a task's model and round: updates submitted, accepted, attested.")
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--task", description = "a task id")
    String task;

    @Option(names = "--round", description = "a round of the task (default: its latest)")
    Integer round;

    @Mixin
    ProfileOption connection;

    @Override
    public Integer call() throws Exception {
        if (round != null && task == null) {
            throw new IllegalArgumentException("--round needs --task");
        }
        try (FedLedger ledger = FedLedger.open(connection.profile())) {
            var me = ledger.whoAmI();
            System.out.printf("identity %s of %s; admin %s; registered %s; roles %s%n", me.id(), me.msp(), me.admin(),
                    me.registered(), me.roles());
            if (task != null) {
                TaskRecord t = ledger.auditor().task(task);
                System.out.printf("task %s: rule %s, model version %d (%s), last round %d%n", t.taskId(), t.rule().name(),
                        t.currentVersion(), t.currentModelHash(), t.lastRound());
                int shown = round != null ? round : t.lastRound();
                if (round != null && (round < 1 || round > t.lastRound())) {
                    throw new IllegalArgumentException("task " + task + (t.lastRound() == 0 ? " has no round yet"
                            : " has rounds 1.." + t.lastRound()) + ", so no round " + round);
                }
                if (shown > 0) {
                    System.out.println(roundLine(ledger.auditor(), t, shown));
                }
            }
            return FedLedgerCli.OK;
        }
    }

    /**
     * One line for a round: its state, updates submitted (read from the ledger's update records, so an
     * OPEN round counts them too), accepted (fixed at close), attestations on the latest proposal by
     * verdict against the task's quorum, and the deadline.
     */
    static String roundLine(Auditor auditor, TaskRecord task, int number) {
        RoundRecord r = auditor.round(task.taskId(), number);
        int submitted = auditor.updates(task.taskId(), number).size();
        List<AttestationRecord> attestations = r.proposalSeq() > 0
                ? auditor.attestations(task.taskId(), number, r.proposalSeq()) : List.of();
        long agree = attestations.stream().filter(a -> a.verdict() == Verdict.AGREE).count();
        String proposal = r.proposalSeq() > 0
                ? String.format(" on proposal %d (%d AGREE, %d DISAGREE; quorum %d)", r.proposalSeq(), agree,
                        attestations.size() - agree, task.attestationQuorum())
                : String.format(" (no proposal yet; quorum %d)", task.attestationQuorum());
        return String.format("round %d: %s, %d submitted, %d accepted, %d attested%s, deadline %s", r.round(), r.state(),
                submitted, r.accepted().size(), attestations.size(), proposal, Instant.ofEpochSecond(r.deadline()));
    }
}
