package org.fedledger.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.fedledger.protocol.record.CallerIdentity;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.incentives.Incentives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fedledger credits}: a task's credits from the ledger, per contributor (data, contribution,
 * what penalties cost, the balance and the reputation across tasks) and per organisation (the sum of
 * its contributors' balances). A task without incentives is bad input.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org2.properties FEDLEDGER_USER=User3 fedledger credits --task digits-1a2b3c
 * }</pre>
 */
@Command(name = "credits", mixinStandardHelpOptions = true,
        description = "A task's credits per contributor and per organisation, with each contributor's reputation.")
public final class CreditsCommand implements Callable<Integer> {
    /** {@code --task}, {@code --json} (the credit records, then the reputation records) and {@code --profile}. */
    @Mixin
    RoleCommands.Common common;

    @Override
    public Integer call() {
        String task = common.task;
        try (FedLedger ledger = FedLedger.open(common.profile())) {
            Incentives incentives = ledger.incentives();
            if (incentives.rules(task).isEmpty()) {
                throw new IllegalArgumentException("task " + task + " has no incentives, so no credits");
            }
            List<CreditRecord> credits = incentives.credits(task);
            List<ReputationRecord> reputations = credits.stream().map(c -> incentives.reputation(c.contributor()))
                    .toList();
            if (common.json) {
                credits.forEach(c -> System.out.println(RecordJson.write(c)));
                reputations.forEach(r -> System.out.println(RecordJson.write(r)));
                return FedLedgerCli.OK;
            }
            System.out.printf("task %s: %d contributors; balance = data + contribution - penalties%n", task,
                    credits.size());
            Map<String, Long> byOrganisation = new TreeMap<>();
            for (int i = 0; i < credits.size(); i++) {
                CreditRecord c = credits.get(i);
                long balance = balance(c);
                byOrganisation.merge(c.msp(), balance, Math::addExact);
                System.out.printf("  %s: data %d, contribution %d, penalties %d, balance %d over %d rounds (last %d);"
                        + " reputation %d of %d%n", CallerIdentity.shortName(c.contributor()), c.dataCredit(),
                        c.contributionCredit(), c.penaltyCost(), balance, c.rounds(), c.lastRound(),
                        reputations.get(i).reputation(), ReputationRecord.MAX);
            }
            byOrganisation.forEach((msp, balance) -> System.out.printf("  organisation %s: balance %d%n", msp, balance));
            return FedLedgerCli.OK;
        }
    }

    /** A contributor's balance: what it earned less what its penalties cost. */
    static long balance(CreditRecord c) {
        return Math.subtractExact(Math.addExact(c.dataCredit(), c.contributionCredit()), c.penaltyCost());
    }
}
