package org.fedledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.PayloadLayout;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.junit.jupiter.api.Test;

/**
 * What a client reads once and keeps: a task's terms fixed at its creation, for the tallies and checks
 * that need only those, and proposal records, which are written once. A task's current state is read
 * afresh every time it is asked for.
 */
class ClientCachesTest {
    private static final ContentHash HASH = ContentHash.of(new byte[] {1});

    /**
     * A task whose model version moves on, two proposals of round 1, round 1 in the state a test sets,
     * and the reads of each kind.
     */
    static final class CountingLedger extends EmptyChainConnection {
        final AtomicLong currentVersion = new AtomicLong();
        volatile org.fedledger.protocol.record.RoundState roundState = org.fedledger.protocol.record.RoundState.PROPOSED;
        volatile int roundProposalSeq = 1;
        final Map<TransactionName, AtomicLong> reads = new ConcurrentHashMap<>();

        long reads(TransactionName t) {
            return reads.computeIfAbsent(t, k -> new AtomicLong()).get();
        }

        @Override
        public LedgerIdentity identity() {
            return new LedgerIdentity("Org2MSP", "pem");
        }

        @Override
        public byte[] evaluate(TransactionName transaction, List<String> arguments) {
            reads.computeIfAbsent(transaction, k -> new AtomicLong()).incrementAndGet();
            return switch (transaction) {
                case GET_TASK -> json(new TaskRecord("t", List.of(new TensorSpecRecord("w", List.of(2))),
                        new RuleRecord("fedavg", null), 2, 3, 2, 600, 1000, 50, 4096,
                        List.of("Org1MSP", "Org2MSP", "Org3MSP"), "x509::CN=c::CN=ca", "Org1MSP", currentVersion.get(),
                        HASH, 1, "tx0", 1, PayloadLayout.PER_ORGANISATION));
                case GET_TASK_INCENTIVES -> throw new ContractRefusedException(ErrorCode.NOT_FOUND, "no incentives", null,
                        null);
                case GET_PROPOSAL -> {
                    int seq = Integer.parseInt(arguments.get(2));
                    var manifest = org.fedledger.core.manifest.AggregationManifest.builder().taskId("t").round(1)
                            .baseModelHash(HASH)
                            .rule(org.fedledger.core.aggregation.RuleSpec.of(org.fedledger.core.aggregation.RuleName.FEDAVG))
                            .addInput(new org.fedledger.core.manifest.ManifestInput("k1", "x509::CN=t::CN=ca", HASH, 1, 1, 1))
                            .outputHash(HASH).build();
                    yield json(new ProposalRecord("t", 1, seq, manifest, RecordJson.hash(manifest), HASH, 1, 1,
                            "x509::CN=a::CN=ca", "Org1MSP", "tx-p" + seq, 701));
                }
                case GET_ROUND -> json(new org.fedledger.protocol.record.RoundRecord("t", 1, roundState, 0, HASH, 1, 601,
                        roundProposalSeq == 0 ? null : 700L, List.of(), List.of(), null, roundProposalSeq, List.of(),
                        "tx-r"));
                case LIST_ATTESTATIONS -> ("[" + RecordJson.write(new AttestationRecord("t", 1,
                        Integer.parseInt(arguments.get(2)), "Org2MSP", "x509::CN=v::CN=ca", Verdict.AGREE, HASH, "tx-a",
                        702)) + "]").getBytes(StandardCharsets.UTF_8);
                default -> throw new IllegalStateException("not scripted: " + transaction);
            };
        }

        @Override
        public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData) {
            throw new IllegalStateException("nothing is submitted here");
        }
    }

    private static byte[] json(Record r) {
        return RecordJson.write(r).getBytes(StandardCharsets.UTF_8);
    }

    static FedLedger client(CountingLedger ledger) {
        return new Client(ledger, false, new Calls(ledger, RetryPolicy.none(), d -> Thread.sleep(d.toMillis())));
    }

    @Test
    void a_tally_reads_the_task_and_the_proposal_once_and_the_attestations_every_time() {
        CountingLedger ledger = new CountingLedger();
        FedLedger client = client(ledger);

        Quorum.Tally first = client.verifier("t").tally(1, 1);
        Quorum.Tally second = client.verifier("t").tally(1, 1);

        assertThat(second).isEqualTo(first);
        assertThat(first.agreeing()).containsExactly("Org2MSP");
        assertThat(ledger.reads(TransactionName.GET_TASK)).isEqualTo(1);
        assertThat(ledger.reads(TransactionName.GET_PROPOSAL)).isEqualTo(1);
        assertThat(ledger.reads(TransactionName.LIST_ATTESTATIONS)).as("attestations change: read each time").isEqualTo(2);
    }

    @Test
    void a_proposal_is_kept_by_task_round_and_seq() {
        CountingLedger ledger = new CountingLedger();
        FedLedger client = client(ledger);

        ProposalRecord one = client.auditor().proposal("t", 1, 1);
        ProposalRecord two = client.auditor().proposal("t", 1, 2);

        assertThat(one.seq()).isEqualTo(1);
        assertThat(two.seq()).as("another seq is another record, read").isEqualTo(2);
        assertThat(client.auditor().proposal("t", 1, 1)).isEqualTo(one);
        assertThat(ledger.reads(TransactionName.GET_PROPOSAL)).isEqualTo(2);
    }

    @Test
    void the_task_itself_is_read_afresh_every_time_so_its_model_version_is_current() {
        CountingLedger ledger = new CountingLedger();
        FedLedger client = client(ledger);
        client.verifier("t").tally(1, 1); // the task's terms kept

        ledger.currentVersion.set(4);

        assertThat(client.auditor().task("t").currentVersion()).isEqualTo(4);
        ledger.currentVersion.set(5);
        assertThat(client.auditor().task("t").currentVersion()).isEqualTo(5);
        assertThat(ledger.reads(TransactionName.GET_TASK)).isEqualTo(3);
    }
}
