package org.fedledger.it.bench;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.embedded.identity.Organisation;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.testing.SdkParticipants;

/**
 * How long auditing a task takes and how it grows with rounds and updates per round, on the embedded
 * ledger (three organisations, up to three trainers each). For each shape it records a task, then
 * audits it three times and prints the median, split into its chain and replay phases, beside a baseline
 * measured in the same run: SHA-256 over the same payload bytes the audit fetched.
 *
 * <pre>
 * scripts/fedledger.sh bench-audit
 * </pre>
 */
public final class AuditBenchmark {
    private static final String[] TRAINERS = {"User1", "User5", "User6"};

    private AuditBenchmark() {
    }

    /** @param args none */
    public static void main(String[] args) {
        int[][] shapes = {{5, 9, 2410}, {10, 9, 2410}, {20, 9, 2410}, {20, 3, 2410}, {20, 6, 2410}, {40, 9, 2410},
            {20, 9, 65_536}};
        System.out.printf("%6s %7s %8s %9s %9s %9s %9s %9s %9s%n", "rounds", "updates", "floats", "payloadKB",
                "audit ms", "chain ms", "replay ms", "sha ms", "ms/update");
        run(5, 3, 2410, false); // warms the JIT up; not printed
        for (int[] s : shapes) {
            run(s[0], s[1], s[2], true);
        }
    }

    private static void run(int rounds, int perRound, int floats, boolean print) {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
                SdkParticipants people = SdkParticipants.register((org, user) -> {
                    Organisation o = ledger.organisation("Org" + org + "MSP");
                    return ledger.connect("Admin".equals(user) ? o.admin() : o.client(user));
                })) {
            FedLedger coordinator = people.coordinator;
            FedLedger auditor = people.auditor;
            List<FedLedger> verifiers = List.of(people.verifier2, people.verifier3);
            List<FedLedger> trainers = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
                trainers.add(i < 3 ? people.trainers().get(i) : people.register(1 + i % 3, TRAINERS[i / 3], Role.TRAINER));
            }
            String task = "bench-audit-" + rounds + "x" + perRound + "x" + floats;
            coordinator.coordinator().createTask(TaskDefinition.builder(task, model(floats, 0)).rule(RuleSpec.of(
                    RuleName.FEDAVG)).updates(2, perRound).attestationQuorum(2).maxSamples(1_000_000)
                    .maxPayloadBytes(1L << 22).roundDuration(Duration.ofHours(1))
                    .allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP").build());
            for (int r = 1; r <= rounds; r++) {
                coordinator.coordinator().openRound(task);
                for (int i = 0; i < perRound; i++) {
                    trainers.get(i).trainer(task).submitUpdate(r, model(floats, r * 100 + i), 100 + i);
                }
                coordinator.coordinator().closeRound(task, r);
                coordinator.aggregator(task).propose(coordinator.aggregator(task).aggregate(r));
                for (FedLedger v : verifiers) {
                    Verification verdict = v.verifier(task).verify(r, 1);
                    if (verdict.verdict() != Verdict.AGREE) {
                        throw new IllegalStateException("round " + r + ": " + verdict.reason().orElse(""));
                    }
                    v.verifier(task).attest(verdict);
                }
                verifiers.get(verifiers.size() - 1).verifier(task).resolve(r);
            }
            long[] audit = new long[3];
            AuditReport report = null;
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                report = TaskAudit.of(auditor).run(task);
                audit[i] = System.nanoTime() - t;
                if (report.verdict() != AuditVerdict.PASS) {
                    throw new IllegalStateException("the benchmark's task does not pass its audit: " + report.findings());
                }
            }
            long bytes = report.timings().payloadBytes();
            long[] sha = new long[3];
            byte[] buffer = new byte[(int) Math.min(bytes, 1 << 20)];
            new Random(1).nextBytes(buffer);
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                sha256(buffer, bytes);
                sha[i] = System.nanoTime() - t;
            }
            long auditMs = median(audit);
            if (!print) {
                return;
            }
            System.out.printf("%6d %7d %8d %9d %9d %9d %9d %9d %9.2f%n", rounds, perRound, floats, bytes / 1024,
                    auditMs, report.timings().chain(), report.timings().replay(), median(sha),
                    (double) auditMs / (rounds * perRound));
        }
    }

    private static Model model(int floats, int seed) {
        float[] v = new float[floats];
        Random random = new Random(seed);
        for (int i = 0; i < floats; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Model.of(List.of(Tensor.of("w", new int[] {floats}, v)));
    }

    private static void sha256(byte[] buffer, long bytes) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (long left = bytes; left > 0; left -= buffer.length) {
                d.update(buffer, 0, (int) Math.min(left, buffer.length));
            }
            d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1_000_000;
    }
}
