package org.fedledger.chaincode.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.embedded.peer.SimulationStub;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.PayloadBatch;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubmitUpdateTest {
    private final Consortium net = Consortium.fresh();

    @BeforeEach
    void openRoundOne() {
        net.registered().withTask();
        net.openRound();
    }

    private org.fedledger.chaincode.errors.FedLedgerException refusedSubmit(TestIdentity who, Map<String,
            byte[]> payload,
            String round, String hash, String samples, String base) {
        return net.refused(who, payload, t -> t.c().submitUpdate(t.ctx(), "mnist", round, hash, samples, base));
    }

    private void assertLastTransactionWroteNothing() {
        SimulationStub stub = net.lastStub();
        assertThat(stub.readWriteSet().writes()).isEmpty();
        assertThat(stub.readWriteSet().privateWrites().values()).allSatisfy(w -> assertThat(w).isEmpty());
        assertThat(stub.event().map(e -> e.name())).isEmpty();
    }

    private static byte[] bytes(Model m) {
        return ModelCodec.encode(m);
    }

    @Nested
    class Accepting {
        @Test
        void records_contributor_and_org_from_the_creator_certificate_with_hash_size_chunks_and_tx() {
            Map<String, Object> u = Consortium.json(net.submitUpdate(net.trainer2, 1, model(2f), 300));
            byte[] encoded = bytes(model(2f));
            assertThat(u).containsEntry("contributor", net.trainer2.id()).containsEntry("msp", "Org2MSP")
                    .containsEntry("hash", ContentHash.of(encoded).hex()).containsEntry("size", (double) encoded.length)
                    .containsEntry("chunks", 2.0).containsEntry("samples", 300.0).containsEntry("baseVersion", 0.0)
                    .containsEntry("txId", net.lastStub().getTxId())
                    .containsEntry("timestamp", (double) net.now().getEpochSecond());
            SimulationStub stub = net.lastStub();
            assertThat(stub.event().map(e -> e.name())).hasValue(EventNames.UPDATE_ACCEPTED);
            assertThat(stub.readWriteSet().privateWrites()).containsOnlyKeys(Collections.updatesOf("Org1MSP"),
                    Collections.updatesOf("Org2MSP"), Collections.updatesOf("Org3MSP"));
            for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
                assertThat(stub.readWriteSet().privateWrites().get(Collections.updatesOf(msp))).containsOnlyKeys(
                        Keys.updateChunk("mnist", 1, net.trainer2.id(), 0),
                        Keys.updateChunk("mnist", 1, net.trainer2.id(), 1));
            }
            assertThat(net.ledger.valueUtf8(Keys.contrib(net.trainer2.id(), "mnist", 1)))
                    .hasValue(Keys.update("mnist", 1, net.trainer2.id()));
            // The aggregator reads exactly the bytes back.
            byte[] back = net.evaluate(net.aggregator, t -> t.c().readUpdatePayload(t.ctx(), "mnist", "1",
                    net.trainer2.id()));
            assertThat(back).isEqualTo(encoded);
        }

        @Test
        void has_no_argument_that_could_name_another_contributor() {
            // Invariant 1: the only identity in the record is the creator's.
            Map<String, Object> u = Consortium.json(net.submitUpdate(net.trainer1, 1, model(1f), 10));
            assertThat(u.get("contributor")).isEqualTo(net.trainer1.id());
            assertThat(net.lastStub().readWriteSet().writes()).containsKey(Keys.update("mnist", 1, net.trainer1.id()));
        }

        @Test
        void lists_updates_in_key_order_and_the_contributors_history() {
            net.submitUpdate(net.trainer3, 1, model(3f), 30);
            net.submitUpdate(net.trainer1, 1, model(1f), 10);
            String list = net.evaluate(net.auditor, t -> t.c().listUpdates(t.ctx(), "mnist", "1"));
            List<?> updates = new com.google.gson.Gson().fromJson(list, List.class);
            assertThat(updates).hasSize(2);
            String history = net.evaluate(net.auditor, t -> t.c().contributorHistory(t.ctx(), net.trainer3.id()));
            assertThat(history).contains(net.trainer3.id()).doesNotContain(net.trainer1.id());
        }
    }

    @Nested
    class BatchReads {
        @Test
        void a_batch_answers_the_asked_updates_in_the_asked_order_each_as_read_alone() {
            net.submitUpdate(net.trainer3, 1, model(3f), 30);
            net.submitUpdate(net.trainer1, 1, model(1f), 10);
            List<String> asked = List.of(net.trainer3.id(), net.trainer1.id());
            byte[] response = net.evaluate(net.aggregator, t -> t.c().readUpdatePayloads(t.ctx(), "mnist", "1",
                    PayloadBatch.idsArgument(asked)));
            List<byte[]> batch = PayloadBatch.decode(response, 2);
            assertThat(batch).hasSize(2);
            for (int i = 0; i < 2; i++) {
                String id = asked.get(i);
                assertThat(batch.get(i)).isEqualTo(net.evaluate(net.aggregator, t -> t.c().readUpdatePayload(t.ctx(),
                        "mnist", "1", id)));
            }
            assertThat(ModelCodec.decode(batch.get(0))).isEqualTo(model(3f));
        }

        @Test
        void a_batch_naming_an_update_that_does_not_exist_or_a_list_that_is_not_one_is_refused() {
            net.submitUpdate(net.trainer1, 1, model(1f), 10);
            assertCode(net.refused(net.aggregator, t -> t.c().readUpdatePayloads(t.ctx(), "mnist", "1",
                    PayloadBatch.idsArgument(List.of(net.trainer1.id(), net.trainer2.id())))), ErrorCode.NOT_FOUND);
            for (String bad : List.of("[]", "{}", "[1]", "not json", "[\"" + net.trainer1.id() + "\",\""
                    + net.trainer1.id() + "\"]")) {
                assertCode(net.refused(net.aggregator, t -> t.c().readUpdatePayloads(t.ctx(), "mnist", "1", bad)),
                        ErrorCode.INVALID_ARGUMENT);
            }
        }
    }

    @Nested
    class OneUpdatePerContributor {
        @Test
        void identical_resubmission_returns_the_existing_record_and_writes_nothing() {
            String first = net.submitUpdate(net.trainer1, 1, model(1f), 10);
            String again = net.submitUpdate(net.trainer1, 1, model(1f), 10);
            assertThat(again).isEqualTo(first);
            assertLastTransactionWroteNothing();
        }

        @Test
        void identical_resubmission_after_the_close_still_returns_the_accepted_record_and_writes_nothing() {
            // A trainer whose submit timed out learns that its update got in, rather than a ROUND_NOT_OPEN
            // that would suggest it did not; nothing is accepted after the close.
            String first = net.submitUpdate(net.trainer1, 1, model(1f), 10);
            net.submitUpdate(net.trainer2, 1, model(2f), 20);
            net.closeRound(net.coordinator, 1);
            String again = net.submitUpdate(net.trainer1, 1, model(1f), 10);
            assertThat(again).isEqualTo(first);
            assertLastTransactionWroteNothing();
            byte[] other = bytes(model(5f));
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, other, 1), "1",
                    ContentHash.of(other).hex(), "10",
                    "0"), ErrorCode.DUPLICATE_UPDATE);
        }

        @Test
        void refuses_a_different_update_from_the_same_contributor() {
            net.submitUpdate(net.trainer1, 1, model(1f), 10);
            byte[] other = bytes(model(5f));
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, other, 1), "1",
                    ContentHash.of(other).hex(), "10", "0"),
                    ErrorCode.DUPLICATE_UPDATE);
            byte[] same = bytes(model(1f));
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, same, 1), "1",
                    ContentHash.of(same).hex(), "11", "0"),
                    ErrorCode.DUPLICATE_UPDATE);
        }
    }

    @Nested
    class RoundMustBeOpen {
        @Test
        void a_submit_simulated_before_a_close_fails_validation_when_committed_after_it() {
            net.submitUpdate(net.trainer1, 1, model(1f), 10);
            net.submitUpdate(net.trainer2, 1, model(2f), 20);
            byte[] late = bytes(model(3f));
            SimulationStub submit = net.newStub(net.trainer3, net.now().plusSeconds(1),
                    chunks(TransientKeys.UPDATE_PREFIX, late, 1));
            net.contract.submitUpdate(net.contract.createContext(submit), "mnist", "1", ContentHash.of(late).hex(),
                    "30", "0");
            assertThat(submit.readWriteSet().reads()).containsKey(Keys.round("mnist", 1));
            net.closeRound(net.coordinator, 1);
            assertThat(net.ledger.commit(submit).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(net.ledger.value(Keys.update("mnist", 1, net.trainer3.id()))).isEmpty();
        }

        @Test
        void refuses_a_submit_after_the_close_whatever_its_timestamp() {
            net.submitUpdate(net.trainer1, 1, model(1f), 10);
            net.submitUpdate(net.trainer2, 1, model(2f), 20);
            net.closeRound(net.coordinator, 1);
            byte[] b = bytes(model(3f));
            net.at(Consortium.T0); // back-dated
            assertCode(refusedSubmit(net.trainer3, chunks(TransientKeys.UPDATE_PREFIX, b, 1), "1",
                    ContentHash.of(b).hex(), "30", "0"),
                    ErrorCode.ROUND_NOT_OPEN);
        }

        @Test
        void refuses_a_submit_whose_timestamp_is_past_the_deadline() {
            net.advance(Consortium.DURATION + 1);
            byte[] b = bytes(model(3f));
            assertCode(refusedSubmit(net.trainer3, chunks(TransientKeys.UPDATE_PREFIX, b, 1), "1",
                    ContentHash.of(b).hex(), "30", "0"),
                    ErrorCode.ROUND_NOT_OPEN);
        }

        @Test
        void says_every_time_in_iso_8601_utc() {
            net.advance(Consortium.DURATION + 1);
            byte[] b = bytes(model(3f));
            var e = refusedSubmit(net.trainer3, chunks(TransientKeys.UPDATE_PREFIX, b, 1), "1",
                    ContentHash.of(b).hex(), "30", "0");
            assertThat(e.getMessage()).matches(".*timestamp 2025-03-01T09:\\d\\d:\\d\\dZ is after round 1's deadline "
                    + "2025-03-01T09:10:\\d\\dZ.*").doesNotContain("epoch");
        }

        @Test
        void accepts_a_submit_from_a_trainer_whose_clock_is_behind_the_coordinators() {
            // The round's opening time is the coordinator's clock: a coordinator an hour ahead (or a trainer
            // an hour behind) must not shut honest trainers out of an OPEN round.
            net.at(Consortium.T0.minusSeconds(3600));
            Map<String, Object> record = Consortium.json(net.submitUpdate(net.trainer3, 1, model(3f), 30));
            assertThat(record).containsEntry("round", 1.0);
        }

        @Test
        void refuses_unknown_task_and_round() {
            byte[] b = bytes(model(3f));
            assertCode(net.refused(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, b, 1),
                    t -> t.c().submitUpdate(t.ctx(), "nope", "1",
                    ContentHash.of(b).hex(), "1", "0")), ErrorCode.NOT_FOUND);
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, b, 1), "2",
                    ContentHash.of(b).hex(), "1", "0"),
                    ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class BadInput {
        private final byte[] good = bytes(model(1f));
        private final String goodHash = ContentHash.of(good).hex();

        @Test
        void refuses_malformed_and_mismatching_hashes() {
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, good, 1), "1",
                    goodHash.toUpperCase(), "1", "0"),
                    ErrorCode.MALFORMED_HASH);
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, good, 1), "1", "ab", "1", "0"),
                    ErrorCode.MALFORMED_HASH);
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, good, 1), "1",
                    ContentHash.of(new byte[1]).hex(), "1",
                    "0"), ErrorCode.HASH_MISMATCH);
        }

        @Test
        void refuses_absurd_sample_counts_and_non_numeric_arguments() {
            for (String samples : new String[] {"0", "-1", "100001", "1e3", " 5", "05", "99999999999999999999", ""}) {
                assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, good, 1), "1", goodHash,
                        samples, "0"),
                        ErrorCode.INVALID_ARGUMENT);
            }
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, good, 1), "one", goodHash, "1",
                    "0"),
                    ErrorCode.INVALID_ARGUMENT);
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, good, 1), "1", goodHash, "1",
                    "-1"),
                    ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void refuses_a_stale_base_version() {
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, good, 1), "1", goodHash, "1",
                    "1"),
                    ErrorCode.STALE_BASE_MODEL);
        }

        @Test
        void refuses_missing_gapped_empty_or_foreign_transient_chunks() {
            assertCode(refusedSubmit(net.trainer1, Map.of(), "1", goodHash, "1", "0"), ErrorCode.MALFORMED_PAYLOAD);
            Map<String, byte[]> gap = new TreeMap<>(chunks(TransientKeys.UPDATE_PREFIX, good, 3));
            gap.put("payload/3", gap.remove("payload/1"));
            assertCode(refusedSubmit(net.trainer1, gap, "1", goodHash, "1", "0"), ErrorCode.MALFORMED_PAYLOAD);
            Map<String, byte[]> extra = new TreeMap<>(chunks(TransientKeys.UPDATE_PREFIX, good, 1));
            extra.put("note", "hi".getBytes(StandardCharsets.UTF_8));
            assertCode(refusedSubmit(net.trainer1, extra, "1", goodHash, "1", "0"), ErrorCode.MALFORMED_PAYLOAD);
            Map<String, byte[]> empty = new TreeMap<>(chunks(TransientKeys.UPDATE_PREFIX, good, 1));
            empty.put("payload/1", new byte[0]);
            assertCode(refusedSubmit(net.trainer1, empty, "1", goodHash, "1", "0"), ErrorCode.MALFORMED_PAYLOAD);
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.MODEL_PREFIX, good, 1), "1", goodHash, "1",
                    "0"),
                    ErrorCode.MALFORMED_PAYLOAD);
        }

        @Test
        void a_missing_first_chunk_is_named_with_the_keys_that_were_sent() {
            Map<String, byte[]> onlySecond = Map.of("payload/1", good);
            var e = refusedSubmit(net.trainer1, onlySecond, "1", goodHash, "1", "0");
            assertCode(e, ErrorCode.MALFORMED_PAYLOAD);
            assertThat(e.getMessage()).contains("payload/0 is missing").contains("'payload/1'")
                    .doesNotContain("payload/0..payload/0");
        }

        @Test
        void refuses_bytes_that_are_not_a_canonical_model() {
            byte[] junk = "not a model at all".getBytes(StandardCharsets.UTF_8);
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, junk, 1), "1",
                    ContentHash.of(junk).hex(), "1", "0"),
                    ErrorCode.PAYLOAD_SIZE_MISMATCH);
            byte[] sameLength = new byte[good.length];
            java.util.Arrays.fill(sameLength, (byte) 0xFF);
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, sameLength, 2), "1",
                    ContentHash.of(sameLength).hex(), "1", "0"),
                    ErrorCode.MALFORMED_PAYLOAD);
        }

        @Test
        void refuses_a_model_of_another_schema() {
            byte[] other = bytes(Model.of(List.of(Tensor.of("dense/kernel", new int[] {4}, new float[] {1, 2, 3, 4}),
                    Tensor.of("dense/bias", new int[] {2}, new float[] {0, 0}))));
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, other, 1), "1",
                    ContentHash.of(other).hex(), "1", "0"),
                    ErrorCode.PAYLOAD_SIZE_MISMATCH);
            byte[] sameLength = bytes(Model.of(List.of(Tensor.of("dense/kernel", new int[] {2, 2},
                    new float[] {1, 2, 3, 4}), Tensor.of("dense/biaz", new int[] {2}, new float[] {0, 0}))));
            assertThat(sameLength).hasSameSizeAs(good);
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, sameLength, 1), "1",
                    ContentHash.of(sameLength).hex(), "1", "0"),
                    ErrorCode.SCHEMA_MISMATCH);
        }

        @Test
        void refuses_nan_weights() {
            byte[] nan = bytes(model(1f));
            // Overwrite the last float (bias[1] = -1.0f, little-endian 00 00 80 BF) with a NaN.
            nan[nan.length - 1] = (byte) 0x7f;
            nan[nan.length - 2] = (byte) 0xc0;
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, nan, 1), "1",
                    ContentHash.of(nan).hex(), "1", "0"),
                    ErrorCode.NON_FINITE_VALUE);
        }

        @Test
        void refuses_a_payload_above_the_task_limit() {
            byte[] big = new byte[5000];
            assertCode(refusedSubmit(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, big, 2), "1",
                    ContentHash.of(big).hex(), "1", "0"),
                    ErrorCode.PAYLOAD_TOO_LARGE);
        }

        @Test
        void refuses_a_trainer_of_an_organisation_outside_the_task() {
            var outsider = org.fedledger.chaincode.testing.TestOrg.of("Org4MSP");
            var trainer4 = outsider.member("trainer4");
            net.register(outsider.admin("admin4"), trainer4, "trainer");
            assertCode(refusedSubmit(trainer4, chunks(TransientKeys.UPDATE_PREFIX, good, 1), "1", goodHash, "1", "0"),
                    ErrorCode.FORBIDDEN);
        }
    }
}
