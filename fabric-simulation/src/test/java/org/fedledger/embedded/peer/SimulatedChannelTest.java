package org.fedledger.embedded.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.embedded.identity.Organisation;
import org.fedledger.embedded.state.HistoryEntry;
import org.fedledger.embedded.state.Version;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A committing peer's validation of transactions simulated and committed one by one. */
class SimulatedChannelTest {
    private static final Identity ALICE = Organisation.openOrCreate("Org1MSP", null).client("alice");
    private static final Instant T = Instant.parse("2025-03-01T09:00:00Z");

    private final SimulatedChannel channel = new SimulatedChannel("fedledger", Map.of("updates", Set.of("Org1MSP")));

    private SimulationStub stub() {
        return channel.newStub(ALICE, "Org1MSP", T, Map.of(), List.of("whoAmI"));
    }

    private void put(String key, String value) {
        SimulationStub s = stub();
        s.putStringState(key, value);
        assertThat(channel.commit(s).isValid()).isTrue();
    }

    private static List<String> keys(QueryResultsIterator<KeyValue> iterator) throws Exception {
        try (iterator) {
            return java.util.stream.StreamSupport.stream(iterator.spliterator(), false).map(KeyValue::getKey).toList();
        }
    }

    @Nested
    class Commit {
        @Test
        void applies_all_writes_at_one_new_version_and_keeps_the_event() {
            SimulationStub s = stub();
            s.putStringState("a", "1");
            s.putStringState("b", "2");
            s.setEvent("Written", "x".getBytes(StandardCharsets.UTF_8));
            SimulatedChannel.Commit commit = channel.commit(s);

            assertThat(commit.code()).isEqualTo(TxValidationCode.VALID);
            assertThat(channel.version("a")).hasValue(new Version(commit.block(), 0));
            assertThat(channel.version("b")).isEqualTo(channel.version("a"));
            assertThat(channel.valueUtf8("b")).hasValue("2");
            assertThat(channel.events()).extracting(e -> e.name()).containsExactly("Written");
            assertThat(channel.height()).isEqualTo(2);
        }

        @Test
        void a_key_read_as_absent_and_created_before_commit_is_an_mvcc_conflict_that_applies_nothing() {
            SimulationStub reader = stub();
            reader.getState("k");
            reader.putStringState("other", "v");
            put("k", "created");

            assertThat(channel.commit(reader).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(channel.value("other")).isEmpty();
            assertThat(channel.events()).isEmpty();
        }

        @Test
        void a_private_key_read_and_changed_before_commit_is_an_mvcc_conflict() {
            SimulationStub writer = stub();
            writer.putPrivateData("updates", "p", new byte[] {1});
            channel.commit(writer);
            SimulationStub reader = stub();
            reader.getPrivateData("updates", "p");
            SimulationStub changer = stub();
            changer.putPrivateData("updates", "p", new byte[] {2});
            channel.commit(changer);

            assertThat(channel.commit(reader).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(channel.privateSnapshot("Org1MSP", "updates").get("p")).containsExactly(2);
        }

        @Test
        void writers_of_different_keys_simulated_on_the_same_state_both_commit() {
            SimulationStub first = stub();
            first.getState("a");
            first.putStringState("a", "1");
            SimulationStub second = stub();
            second.getState("b");
            second.putStringState("b", "2");

            assertThat(channel.commit(first).isValid()).isTrue();
            assertThat(channel.commit(second).isValid()).isTrue();
        }

        @Test
        void a_transaction_committed_twice_is_a_duplicate_the_second_time() {
            SimulationStub s = stub();
            s.putStringState("a", "1");
            channel.commit(s);

            assertThat(channel.commit(s).code()).isEqualTo(TxValidationCode.DUPLICATE_TXID);
            assertThat(channel.history("a")).hasSize(1);
        }

        @Test
        void tx_ids_are_the_same_run_after_run_and_distinct_within_a_run() {
            SimulatedChannel again = new SimulatedChannel("fedledger", Map.of());
            List<String> here = List.of(stub().getTxId(), stub().getTxId());
            List<String> there = List.of(again.newStub(ALICE, "Org1MSP", T, Map.of(), List.of()).getTxId(),
                    again.newStub(ALICE, "Org1MSP", T, Map.of(), List.of()).getTxId());

            assertThat(here).doesNotHaveDuplicates().isEqualTo(there);
        }
    }

    @Nested
    class PhantomReads {
        @Test
        void a_key_inserted_into_a_range_read_to_its_end_is_a_phantom() throws Exception {
            put("b", "1");
            SimulationStub reader = stub();
            assertThat(keys(reader.getStateByRange("a", "c"))).containsExactly("b");
            put("bb", "2");

            assertThat(channel.commit(reader).code()).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void a_composite_key_added_under_a_queried_prefix_is_a_phantom() throws Exception {
            SimulationStub reader = stub();
            assertThat(keys(reader.getStateByPartialCompositeKey("round", "t1"))).isEmpty();
            SimulationStub writer = stub();
            writer.putStringState(writer.createCompositeKey("round", "t1", "1").toString(), "open");
            channel.commit(writer);

            assertThat(channel.commit(reader).code()).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void a_key_inserted_outside_the_range_is_no_phantom() throws Exception {
            put("b", "1");
            SimulationStub reader = stub();
            keys(reader.getStateByRange("a", "c"));
            put("c", "2");

            assertThat(channel.commit(reader).isValid()).isTrue();
        }
    }

    @Nested
    class Iterators {
        @Test
        void an_iterator_is_open_until_the_chaincode_closes_it() throws Exception {
            put("b", "1");
            SimulationStub s = stub();
            QueryResultsIterator<KeyValue> range = s.getStateByRange("a", "c");
            QueryResultsIterator<?> history = s.getHistoryForKey("b");
            QueryResultsIterator<KeyValue> privateRange = s.getPrivateDataByRange("updates", "", "");
            assertThat(s.openIterators()).containsExactly("range [a, c)", "history of b",
                    "private range updates [\u0001, )");

            range.close();
            privateRange.close();
            assertThat(s.openIterators()).containsExactly("history of b");
            history.close();
            assertThat(s.openIterators()).isEmpty();
        }
    }

    @Test
    void history_lists_every_committed_write_newest_first_with_deletes() {
        put("k", "1");
        SimulationStub deleter = stub();
        deleter.delState("k");
        channel.commit(deleter);
        put("k", "2");

        assertThat(channel.history("k")).extracting(HistoryEntry::deleted).containsExactly(false, true, false);
        assertThat(new String(channel.history("k").get(0).value(), StandardCharsets.UTF_8)).isEqualTo("2");
    }
}
