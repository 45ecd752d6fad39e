package org.fedledger.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.FindingCode;
import org.fedledger.audit.report.ReportJson;
import org.fedledger.cli.FedLedgerCli;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.embedded.block.Block;
import org.fedledger.embedded.block.BlockLog;
import org.fedledger.embedded.block.PrivateData;
import org.fedledger.embedded.block.ProposalResult;
import org.fedledger.embedded.block.Transaction;
import org.fedledger.embedded.identity.Organisation;
import org.fedledger.embedded.state.KeyOrder;
import org.fedledger.embedded.state.ReadWriteSet;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with an embedded ledger's files on disk, the way someone with access to a member's disk
 * would: a payload altered in the private store, and a block rewritten with the whole hash chain
 * recomputed after it, so that the ledger itself opens it. The audit reports both.
 */
class AuditOfAlteredBlockStoreTest {
    @TempDir
    Path root;

    /** The embedded ledger's data folder; the profile and the report sit beside it in {@link #root}. */
    private Path data;

    @BeforeEach
    void dataFolder() {
        data = root.resolve("ledger");
    }

    @Test
    void a_payload_altered_in_the_private_store_on_disk_makes_the_ledger_refuse_to_open_and_the_audit_fail() throws Exception {
        String task = recordOneFinalRound();
        UpdateRecord victim = update(task, 2);
        Path profile = root.resolve("auditor.properties");
        Files.writeString(profile, "ledger=embedded\ndataDirectory=" + data + "\nmspId=Org2MSP\nuser=User3\n");
        Path out = root.resolve("report");
        String[] command = {"audit", "--task", task, "--profile", profile.toString(), "--out", out.toString()};
        assertThat(FedLedgerCli.commandLine().execute(command)).isZero();
        assertThat(ReportJson.read(Files.readString(out.resolve(task + "-audit.json"))).verdict())
                .isEqualTo(AuditVerdict.PASS);
        long victimBlock = blockOf(victim.txId());

        rewriteLog((block, pd) -> new Rewrite(block, alterPrivateValue(block, pd, victim.txId())));

        // The private values are hashed into the block's transactions: the ledger refuses the store,
        // naming the block, and the audit reports that instead of passing anything.
        assertThat(FedLedgerCli.commandLine().execute(command)).isEqualTo(FedLedgerCli.AUDIT_FAILED);
        AuditReport report = ReportJson.read(Files.readString(out.resolve(task + "-audit.json")));
        assertThat(report.verdict()).isEqualTo(AuditVerdict.FAIL);
        assertThat(report.findings(FindingCode.BLOCK_UNREADABLE)).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("block " + victimBlock);
            assertThat(f.message()).contains("data hash");
        });
        assertThat(Files.readString(out.resolve(task + "-audit.html"))).contains("BLOCK_UNREADABLE");
    }

    @Test
    void a_block_rewritten_on_disk_with_a_recomputed_hash_chain_is_caught_by_its_signatures() {
        String task = recordOneFinalRound();
        UpdateRecord victim = update(task, 1);
        String key = Keys.update(task, 1, victim.contributor());
        String inflated = new String(org.fedledger.protocol.record.RecordJson.toBytes(victim), StandardCharsets.UTF_8)
                .replace("\"samples\":" + victim.samples() + ",", "\"samples\":100000,");

        rewriteLog((block, pd) -> new Rewrite(rewriteWrite(block, victim.txId(), key, inflated), pd));

        AuditReport report = audit(task);
        assertThat(report.verdict()).isEqualTo(AuditVerdict.FAIL);
        // The ledger opened the rewritten history and serves it; the records are consistent with the
        // blocks; only the signatures, which nobody without the keys can redo, give it away.
        assertThat(update(task, 1).samples()).isEqualTo(100000);
        assertThat(report.findings(FindingCode.CHAIN_BROKEN)).isEmpty();
        assertThat(report.findings(FindingCode.RECORD_MISMATCH)).isEmpty();
        assertThat(report.findings(FindingCode.BAD_CREATOR_SIGNATURE)).singleElement()
                .satisfies(f -> assertThat(f.subject()).contains(victim.txId()));
        assertThat(report.findings(FindingCode.BAD_ENDORSEMENT)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("signature over the proposal response does not verify"));
        assertThat(report.findings(FindingCode.ENDORSEMENT_POLICY_NOT_MET)).singleElement()
                .satisfies(f -> assertThat(f.subject()).contains(victim.txId()));
    }

    // ---- the ledger -----------------------------------------------------------------------------------

    private EmbeddedLedger open() {
        return EmbeddedLedger.builder().dataFolder(data).build();
    }

    private static SdkParticipants people(EmbeddedLedger ledger) {
        return SdkParticipants.register((org, user) -> {
            Organisation o = ledger.organisation("Org" + org + "MSP");
            return ledger.connect("Admin".equals(user) ? o.admin() : o.client(user));
        });
    }

    /** Creates a task and plays one round to FINAL; returns the task id. */
    private String recordOneFinalRound() {
        try (EmbeddedLedger ledger = open(); SdkParticipants p = people(ledger)) {
            TaskDefinition task = SdkParticipants.task("disk").build();
            p.coordinator.coordinator().createTask(task);
            p.coordinator.coordinator().openRound(task.taskId());
            float seed = 1f;
            for (FedLedger trainer : p.trainers()) {
                trainer.trainer(task.taskId()).submitUpdate(1, SdkParticipants.model(seed), (long) (100 * seed));
                seed++;
            }
            p.coordinator.coordinator().closeRound(task.taskId(), 1);
            p.aggregator.aggregator(task.taskId()).propose(p.aggregator.aggregator(task.taskId()).aggregate(1));
            for (FedLedger v : List.of(p.verifier2, p.verifier3)) {
                var verdict = v.verifier(task.taskId()).verify(1, 1);
                assertThat(verdict.verdict()).isEqualTo(Verdict.AGREE);
                v.verifier(task.taskId()).attest(verdict);
            }
            p.verifier3.verifier(task.taskId()).resolve(1);
            assertThat(TaskAudit.of(p.auditor).run(task.taskId()).verdict()).isEqualTo(AuditVerdict.PASS);
            return task.taskId();
        }
    }

    /** @return the update record of trainer {@code org} in round 1, as the reopened ledger serves it */
    private UpdateRecord update(String task, int org) {
        try (EmbeddedLedger ledger = open(); SdkParticipants p = people(ledger)) {
            String id = p.trainers().get(org - 1).whoAmI().id();
            return p.auditor.auditor().updates(task, 1).stream().filter(u -> u.contributor().equals(id)).findFirst()
                    .orElseThrow();
        }
    }

    /** @return the block holding {@code txId}, read from the log */
    private long blockOf(String txId) {
        BlockLog.Opened opened = BlockLog.open(data.resolve("blocks.log"));
        opened.log().close();
        return opened.blocks().stream().filter(b -> b.transactions().stream().anyMatch(t -> t.txId().equals(txId)))
                .findFirst().orElseThrow().number();
    }

    private AuditReport audit(String task) {
        try (EmbeddedLedger ledger = open(); SdkParticipants p = people(ledger)) {
            return TaskAudit.of(p.auditor).run(task);
        }
    }

    // ---- the tampering ------------------------------------------------------------------------------

    private record Rewrite(Block block, PrivateData privateData) {
    }

    private interface Change {
        Rewrite apply(Block block, PrivateData privateData);
    }

    /** Rewrites the block log: each block changed by {@code change}, the hash chain recomputed after it. */
    private void rewriteLog(Change change) {
        Path log = data.resolve("blocks.log");
        Path rewritten = data.resolve("blocks.log.new");
        BlockLog.Opened old = BlockLog.open(log);
        old.log().close();
        BlockLog.Opened out = BlockLog.open(rewritten);
        byte[] previous = null;
        for (int i = 0; i < old.blocks().size(); i++) {
            Rewrite r = change.apply(old.blocks().get(i), old.privateData().get(i));
            Block b = r.block();
            if (!b.isConfig()) {
                b = Block.of(b.number(), previous, b.transactions(), b.validationCodes());
            }
            out.log().append(b, r.privateData());
            previous = b.hash();
        }
        out.log().close();
        try {
            Files.move(rewritten, log, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return {@code pd} with one byte of transaction {@code txId}'s first private value flipped */
    private static PrivateData alterPrivateValue(Block block, PrivateData pd, String txId) {
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            if (!txs.get(i).txId().equals(txId)) {
                continue;
            }
            var byTx = new TreeMap<>(pd.byTransaction());
            SortedMap<String, SortedMap<String, byte[]>> collections = new TreeMap<>(KeyOrder.COMPARATOR);
            pd.of(i).orElseThrow().forEach((c, values) -> {
                SortedMap<String, byte[]> copy = new TreeMap<>(KeyOrder.COMPARATOR);
                values.forEach((k, v) -> copy.put(k, v.clone()));
                byte[] first = copy.get(copy.firstKey());
                first[first.length - 1] ^= 0x01;
                collections.put(c, copy);
            });
            byTx.put(i, collections);
            return new PrivateData(byTx);
        }
        return pd;
    }

    /** @return {@code block} with transaction {@code txId}'s public write of {@code key} replaced; signatures kept */
    private static Block rewriteWrite(Block block, String txId, String key, String value) {
        if (block.isConfig()) {
            return block;
        }
        List<Transaction> txs = new ArrayList<>();
        for (Transaction t : block.transactions()) {
            if (t.txId().equals(txId)) {
                ProposalResult r = t.result();
                ReadWriteSet rw = r.readWriteSet();
                assertThat(rw.writes()).containsKey(key);
                SortedMap<String, byte[]> writes = new TreeMap<>(KeyOrder.COMPARATOR);
                writes.putAll(rw.writes());
                writes.put(key, value.getBytes(StandardCharsets.UTF_8));
                ReadWriteSet forged = new ReadWriteSet(rw.reads(), rw.ranges(), writes, rw.privateReads(),
                        rw.privateWrites());
                t = new Transaction(t.txId(), t.timestamp(), t.channelId(), t.creatorMsp(), t.creator(), t.nonce(),
                        t.function(), t.arguments(), new ProposalResult(r.status(), r.message(), r.payload(), r.event(),
                                forged), t.endorsements(), t.signature());
            }
            txs.add(t);
        }
        return Block.of(block.number(), block.previousHash(), txs, block.validationCodes());
    }
}
