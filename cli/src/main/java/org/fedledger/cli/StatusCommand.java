package org.fedledger.cli;

import java.util.concurrent.Callable;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.sdk.FedLedger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedledger status}: who this identity is, and a task's current model and latest round.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org2.properties FEDLEDGER_USER=User3 fedledger status --task breast-cancer-1a2b3c
 * }</pre>
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Identity, and a task's model and round.")
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--task", description = "a task id")
    String task;

    @Mixin
    ProfileOption connection;

    @Override
    public Integer call() throws Exception {
        try (FedLedger ledger = FedLedger.open(connection.profile())) {
            var me = ledger.whoAmI();
            System.out.printf("identity %s of %s; admin %s; registered %s; roles %s%n", me.id(), me.msp(), me.admin(),
                    me.registered(), me.roles());
            if (task != null) {
                TaskRecord t = ledger.auditor().task(task);
                System.out.printf("task %s: rule %s, model version %d (%s), last round %d%n", t.taskId(), t.rule().name(),
                        t.currentVersion(), t.currentModelHash(), t.lastRound());
                if (t.lastRound() > 0) {
                    RoundRecord r = ledger.auditor().round(task, t.lastRound());
                    System.out.printf("round %d: %s, %d accepted, deadline %s%n", r.round(), r.state(),
                            r.accepted().size(), java.time.Instant.ofEpochSecond(r.deadline()));
                }
            }
            return FedLedgerCli.OK;
        }
    }
}
