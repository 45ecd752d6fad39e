package org.fedledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import org.fedledger.protocol.key.PayloadLayout;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.fedledger.sdk.payload.IntegrityException;
import org.fedledger.sdk.payload.PayloadTooLargeException;
import org.junit.jupiter.api.Test;

/** The trainer's checks that need no ledger: sizes before sending, hashes after reading. */
class TrainerTest {
    private static final Model MODEL = Model.of(List.of(Tensor.of("w", new int[] {4}, new float[] {1, 2, 3, 4})));

    /** Answers each transaction from a table; records what was submitted. */
    private static class TableConnection extends EmptyChainConnection {
        final Map<TransactionName, Function<List<String>, byte[]>> answers = new EnumMap<>(TransactionName.class);
        final List<TransactionName> submitted = new ArrayList<>();
        /** How often the chain's height was asked for. */
        final java.util.concurrent.atomic.AtomicInteger heightReads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public long blockHeight() {
            heightReads.incrementAndGet();
            return super.blockHeight();
        }

        @Override
        public LedgerIdentity identity() {
            return new LedgerIdentity("Org1MSP", "pem");
        }

        @Override
        public byte[] evaluate(TransactionName transaction, List<String> arguments) {
            return answers.get(transaction).apply(arguments);
        }

        @Override
        public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData) {
            submitted.add(transaction);
            return new Committed("tx", 1, answers.get(transaction).apply(arguments));
        }
    }

    private static byte[] json(Record r) {
        return RecordJson.write(r).getBytes(StandardCharsets.UTF_8);
    }

    private static TaskRecord task(long maxPayloadBytes, ContentHash modelHash) {
        return new TaskRecord("t", List.of(new TensorSpecRecord("w", List.of(4))), new RuleRecord("fedavg", null), 2, 3, 2,
                600, 1000, 50, maxPayloadBytes, List.of("Org1MSP", "Org2MSP"), "x509::CN=c::CN=ca", "Org1MSP", 0, modelHash, 1, "tx0", 1,
                PayloadLayout.PER_ORGANISATION);
    }

    @Test
    void an_update_larger_than_the_task_allows_is_refused_before_anything_is_sent() {
        TableConnection ledger = new TableConnection();
        ledger.answers.put(TransactionName.GET_TASK, args -> json(task(16, ModelCodec.hash(MODEL))));
        FedLedger client = FedLedger.over(ledger, RetryPolicy.none());
        PayloadTooLargeException e = catchThrowableOfType(PayloadTooLargeException.class,
                () -> client.trainer("t").submitUpdate(1, MODEL, 10));
        assertThat(e).isNotNull();
        assertThat(ledger.submitted).isEmpty();
    }

    @Test
    void a_global_model_whose_bytes_do_not_match_its_record_is_an_integrity_error() {
        byte[] bytes = ModelCodec.encode(MODEL);
        byte[] altered = bytes.clone();
        altered[altered.length - 1] ^= 0x40;
        ContentHash hash = ContentHash.of(bytes);
        TableConnection ledger = new TableConnection();
        ledger.answers.put(TransactionName.GET_TASK, args -> json(task(4096, hash)));
        ledger.answers.put(TransactionName.GET_GLOBAL_MODEL,
                args -> json(new ModelRecord("t", 0, hash, bytes.length, 1, 0, 0, null, List.of(), "tx0", 1)));
        ledger.answers.put(TransactionName.READ_MODEL_PAYLOAD, args -> altered);
        FedLedger client = FedLedger.over(ledger, RetryPolicy.none());
        IntegrityException e = catchThrowableOfType(IntegrityException.class, () -> client.trainer("t").currentModel());
        assertThat(e.expected()).isEqualTo(hash);
        assertThat(e.actual()).isEqualTo(ContentHash.of(altered));

        ledger.answers.put(TransactionName.READ_MODEL_PAYLOAD, args -> bytes);
        assertThat(client.trainer("t").currentModel().model()).isEqualTo(MODEL);
    }

    @Test
    void an_update_travels_as_transient_chunks_whose_hash_is_the_declared_one() {
        TableConnection ledger = new TableConnection() {
            @Override
            public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> chunks) {
                assertThat(chunks).containsOnlyKeys(TransientKeys.UPDATE_PREFIX + "0");
                assertThat(arguments.get(2)).isEqualTo(ContentHash.of(chunks.get(TransientKeys.UPDATE_PREFIX + "0")).hex());
                assertThat(arguments).containsExactly("t", "1", arguments.get(2), "10", "0");
                return super.submit(transaction, arguments, chunks);
            }
        };
        ledger.answers.put(TransactionName.GET_TASK, args -> json(task(4096, ContentHash.parse("00".repeat(32)))));
        ledger.answers.put(TransactionName.GET_ROUND, args -> ("{\"accepted\":[],\"baseModelHash\":\"" + "00".repeat(32)
                + "\",\"baseVersion\":0,\"deadline\":9,\"deadlineVotes\":[],\"openedAt\":1,\"overCapacity\":[],\"proposalSeq\":0,\"round\":1,"
                + "\"state\":\"OPEN\",\"taskId\":\"t\",\"txId\":\"tx\"}").getBytes(StandardCharsets.UTF_8));
        ledger.answers.put(TransactionName.SUBMIT_UPDATE, args -> updateRecord(args, 1, 0));
        FedLedger client = FedLedger.over(ledger, RetryPolicy.none());
        Receipt<org.fedledger.protocol.record.UpdateRecord> r = client.trainer("t").submitUpdate(1, MODEL, 10);
        assertThat(r.record().hash()).isEqualTo(ModelCodec.hash(MODEL));
        assertThat(ledger.submitted).containsExactly(TransactionName.SUBMIT_UPDATE);
    }

    @Test
    void a_round_already_on_the_own_peer_costs_one_read_and_no_look_at_the_chain() {
        java.util.concurrent.atomic.AtomicInteger roundReads = new java.util.concurrent.atomic.AtomicInteger();
        TableConnection ledger = new TableConnection();
        ledger.answers.put(TransactionName.GET_TASK, args -> json(task(4096, ContentHash.parse("00".repeat(32)))));
        ledger.answers.put(TransactionName.GET_ROUND, args -> {
            roundReads.incrementAndGet();
            return ("{\"accepted\":[],\"baseModelHash\":\"" + "00".repeat(32) + "\",\"baseVersion\":0,\"deadline\":9,"
                    + "\"deadlineVotes\":[],\"openedAt\":1,\"overCapacity\":[],\"proposalSeq\":0,\"round\":1,"
                    + "\"state\":\"OPEN\",\"taskId\":\"t\",\"txId\":\"tx\"}").getBytes(StandardCharsets.UTF_8);
        });
        ledger.answers.put(TransactionName.SUBMIT_UPDATE, args -> updateRecord(args, 1, 0));
        FedLedger client = FedLedger.over(ledger, RetryPolicy.none());

        client.trainer("t").submitUpdate(1, MODEL, 10);

        // A hundred trainers' submits used to ask their peers for the chain's height a hundred times a round.
        assertThat(roundReads).hasValue(1);
        assertThat(ledger.heightReads).as("block height reads").hasValue(0);
        assertThat(ledger.submitted).containsExactly(TransactionName.SUBMIT_UPDATE);
    }

    @Test
    void a_trainer_whose_verifier_already_agreed_to_the_pipelined_base_submits_without_a_look_at_the_chain() {
        byte[] proposed = ModelCodec.encode(MODEL);
        ContentHash proposedHash = ContentHash.of(proposed);
        java.util.concurrent.atomic.AtomicInteger attestationReads = new java.util.concurrent.atomic.AtomicInteger();
        TableConnection ledger = new TableConnection();
        ledger.answers.put(TransactionName.GET_TASK, args -> json(task(4096, ContentHash.parse("00".repeat(32)))));
        // Round 1 is PROPOSED; round 2 was opened on that proposal, version 1, not FINAL yet.
        ledger.answers.put(TransactionName.GET_ROUND, args -> json("1".equals(args.get(1))
                ? new RoundRecord("t", 1, RoundState.PROPOSED, 0, ContentHash.parse("00".repeat(32)), 1, 9, 2L,
                        List.of(), List.of(), null, 1, List.of(), "tx1")
                : new RoundRecord("t", 2, RoundState.OPEN, 1, proposedHash, 2, 19, null, List.of(), List.of(), null,
                        0, List.of(), "tx2")));
        ledger.answers.put(TransactionName.READ_PROPOSAL_PAYLOAD, args -> proposed);
        ledger.answers.put(TransactionName.LIST_ATTESTATIONS, args -> {
            attestationReads.incrementAndGet();
            return ("[" + RecordJson.write(new AttestationRecord("t", 1, 1, "Org1MSP", "x509::CN=v::CN=ca",
                    Verdict.AGREE, proposedHash, "tx3", 3)) + "]").getBytes(StandardCharsets.UTF_8);
        });
        ledger.answers.put(TransactionName.SUBMIT_UPDATE, args -> updateRecord(args, 2, 1));
        FedLedger client = FedLedger.over(ledger, RetryPolicy.none());

        client.trainer("t").trainRound(2, global -> new LocalTraining.Result(global, 10));

        // Its own organisation's AGREE was there at the first look: one read of it and no height query, where a
        // hundred pipelined trainers used to ask their peers for the chain's height a hundred times a round.
        assertThat(attestationReads).hasValue(1);
        assertThat(ledger.heightReads).as("block height reads").hasValue(0);
        assertThat(ledger.submitted).containsExactly(TransactionName.SUBMIT_UPDATE);
    }

    @Test
    void a_round_another_organisation_just_opened_is_awaited_on_the_own_peer_before_training() {
        byte[] bytes = ModelCodec.encode(MODEL);
        ContentHash hash = ContentHash.of(bytes);
        java.util.concurrent.atomic.AtomicInteger roundReads = new java.util.concurrent.atomic.AtomicInteger();
        TableConnection ledger = new TableConnection();
        ledger.answers.put(TransactionName.GET_TASK, args -> json(task(4096, hash)));
        // This organisation's peer commits the opening block only at the third read of the round.
        ledger.answers.put(TransactionName.GET_ROUND, args -> {
            if (roundReads.incrementAndGet() < 3) {
                throw new org.fedledger.sdk.errors.ContractRefusedException(
                        org.fedledger.protocol.error.ErrorCode.NOT_FOUND, "round 1 does not exist", null, null);
            }
            return ("{\"accepted\":[],\"baseModelHash\":\"" + hash.hex() + "\",\"baseVersion\":0,\"deadline\":9,"
                    + "\"deadlineVotes\":[],\"openedAt\":1,\"overCapacity\":[],\"proposalSeq\":0,\"round\":1,"
                    + "\"state\":\"OPEN\",\"taskId\":\"t\",\"txId\":\"tx\"}").getBytes(StandardCharsets.UTF_8);
        });
        ledger.answers.put(TransactionName.GET_GLOBAL_MODEL,
                args -> json(new ModelRecord("t", 0, hash, bytes.length, 1, 0, 0, null, List.of(), "tx0", 1)));
        ledger.answers.put(TransactionName.READ_MODEL_PAYLOAD, args -> bytes);
        ledger.answers.put(TransactionName.SUBMIT_UPDATE, args -> updateRecord(args, 1, 0));
        FedLedger client = FedLedger.over(ledger, RetryPolicy.none());

        Receipt<org.fedledger.protocol.record.UpdateRecord> r = client.trainer("t").trainRound(1,
                global -> new LocalTraining.Result(global, 10));

        assertThat(roundReads.get()).as("read until the round was there").isGreaterThanOrEqualTo(3);
        assertThat(r.record().round()).isEqualTo(1);
        assertThat(ledger.submitted).containsExactly(TransactionName.SUBMIT_UPDATE);
    }

    /** @return the update record a peer answers a submit of round {@code round} on {@code baseVersion} with */
    private static byte[] updateRecord(List<String> args, int round, int baseVersion) {
        return ("{\"baseVersion\":" + baseVersion + ",\"chunks\":1,\"contributor\":\"c\",\"hash\":\"" + args.get(2)
                + "\",\"msp\":\"Org1MSP\",\"round\":" + round + ",\"samples\":10,\"size\":24,\"taskId\":\"t\","
                + "\"timestamp\":5,\"txId\":\"tx\"}").getBytes(StandardCharsets.UTF_8);
    }
}
