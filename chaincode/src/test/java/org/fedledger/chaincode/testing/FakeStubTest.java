package org.fedledger.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeStubTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private final TestIdentity alice = TestOrg.of("Org1MSP").member("alice");
    private FakeLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new FakeLedger();
    }

    private void seed(String... keys) {
        ledger.invoke(alice, T0, stub -> {
            for (String key : keys) {
                stub.putStringState(key, "v:" + key);
            }
            return null;
        });
    }

    private static List<String> drain(Iterable<KeyValue> it) {
        List<String> keys = new ArrayList<>();
        it.forEach(kv -> keys.add(kv.getKey()));
        return keys;
    }

    @Nested
    class Iterators {
        @Test
        void all_iterators_closed_is_false_until_every_iterator_is_closed() throws Exception {
            seed("a", "b");
            FakeStub stub = ledger.newStub(alice, T0);

            QueryResultsIterator<KeyValue> first = stub.getStateByRange("", "");
            QueryResultsIterator<KeyValue> second = stub.getStateByPartialCompositeKey("update");
            drain(first);
            first.close();

            assertThat(stub.allIteratorsClosed()).isFalse();
            assertThat(stub.openIterators()).hasSize(1).allMatch(d -> d.startsWith("getStateByPartialCompositeKey"));

            second.close();
            assertThat(stub.allIteratorsClosed()).isTrue();
        }

        @Test
        void try_with_resources_closes_the_iterator() throws Exception {
            seed("a");
            FakeStub stub = ledger.newStub(alice, T0);

            try (QueryResultsIterator<KeyValue> it = stub.getStateByRange("a", "b")) {
                assertThat(drain(it)).containsExactly("a");
            }

            assertThat(stub.allIteratorsClosed()).isTrue();
        }

        @Test
        void an_iterator_used_after_close_fails() throws Exception {
            FakeStub stub = ledger.newStub(alice, T0);
            QueryResultsIterator<KeyValue> it = stub.getStateByRange("", "");
            it.close();

            assertThatThrownBy(() -> it.iterator().hasNext()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class RangesAndCompositeKeys {
        @Test
        void range_is_start_inclusive_end_exclusive_and_skips_composite_keys() {
            seed("a", "b", "c");
            ledger.invoke(alice, T0, stub -> {
                stub.putStringState(stub.createCompositeKey("task", "t1").toString(), "t");
                return null;
            });
            FakeStub stub = ledger.newStub(alice, T0);

            assertThat(drain(stub.getStateByRange("a", "c"))).containsExactly("a", "b");
            assertThat(drain(stub.getStateByRange("", ""))).containsExactly("a", "b", "c");
            assertThat(drain(stub.getStateByRange("b", ""))).containsExactly("b", "c");
        }

        @Test
        void partial_composite_key_returns_matching_keys_in_order() {
            FakeStub writer = ledger.newStub(alice, T0);
            for (String[] attrs : new String[][] {{"t1", "2"}, {"t1", "1"}, {"t10", "1"}, {"t2", "1"}}) {
                writer.putStringState(writer.createCompositeKey("round", attrs).toString(), "r");
            }
            writer.putStringState(writer.createCompositeKey("task", "t1").toString(), "t");
            ledger.commit(writer);
            FakeStub stub = ledger.newStub(alice, T0);

            List<String> t1 = drain(stub.getStateByPartialCompositeKey("round", "t1"));
            List<String> all = drain(stub.getStateByPartialCompositeKey(new CompositeKey("round")));
            List<String> byString = drain(stub.getStateByPartialCompositeKey("round"));

            assertThat(t1).extracting(k -> stub.splitCompositeKey(k).getAttributes())
                    .containsExactly(List.of("t1", "1"), List.of("t1", "2"));
            assertThat(all).hasSize(4).isEqualTo(byString);
            assertThat(stub.splitCompositeKey(all.get(0)).getObjectType()).isEqualTo("round");
        }

        @Test
        void keys_are_ordered_by_utf8_bytes_like_leveldb() {
            String bmp = "\uFF21"; // U+FF21, 3 UTF-8 bytes
            String supplementary = new String(Character.toChars(0x1F600)); // 4 UTF-8 bytes, sorts after
            seed(supplementary, bmp);
            FakeStub stub = ledger.newStub(alice, T0);

            assertThat(drain(stub.getStateByRange("", ""))).containsExactly(bmp, supplementary);
            assertThat(ledger.stateSnapshot().keySet()).containsExactly(bmp, supplementary);
        }

        @Test
        void composite_key_matches_the_shims_format() {
            FakeStub stub = ledger.newStub(alice, T0);

            assertThat(stub.createCompositeKey("round", "t1", "0000000001").toString())
                    .isEqualTo("\u0000round\u0000t1\u00000000000001\u0000");
        }

        @Test
        void composite_key_components_must_not_contain_u0000_or_u10ffff() {
            FakeStub stub = ledger.newStub(alice, T0);
            String maxRune = new String(Character.toChars(0x10FFFF));

            assertThatThrownBy(() -> stub.createCompositeKey("round", "a\u0000b"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> stub.createCompositeKey("round" + maxRune, "a"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void pagination_resumes_from_the_bookmark() throws Exception {
            seed("a", "b", "c", "d", "e");
            FakeStub stub = ledger.newStub(alice, T0);
            List<String> seen = new ArrayList<>();
            String bookmark = "";
            int pages = 0;
            do {
                try (QueryResultsIteratorWithMetadata<KeyValue> page =
                        stub.getStateByRangeWithPagination("", "", 2, bookmark)) {
                    seen.addAll(drain(page));
                    bookmark = page.getMetadata().getBookmark();
                    assertThat(page.getMetadata().getFetchedRecordsCount()).isLessThanOrEqualTo(2);
                }
                pages++;
            } while (!bookmark.isEmpty());

            assertThat(seen).containsExactly("a", "b", "c", "d", "e");
            assertThat(pages).isEqualTo(3);
            assertThat(stub.allIteratorsClosed()).isTrue();
        }

        @Test
        void writes_after_a_paginated_query_are_refused_like_the_peer() {
            FakeStub stub = ledger.newStub(alice, T0);
            stub.getStateByPartialCompositeKeyWithPagination(new CompositeKey("task"), 10, "").close();

            assertThatThrownBy(() -> stub.putStringState("k", "v")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("paginated query");
        }

        @Test
        void range_queries_are_recorded_with_the_keys_returned() {
            seed("a", "b");
            FakeStub stub = ledger.newStub(alice, T0);

            drain(stub.getStateByRange("a", "z"));

            assertThat(stub.rangeQueries()).containsExactly(new RangeRead("a", "z", List.of("a", "b"), true));
        }
    }

    @Nested
    class PrivateData {
        @Test
        void private_data_hash_is_the_sha256_of_the_committed_value() throws Exception {
            ledger.invoke(alice, T0, stub -> {
                stub.putPrivateData("models", "m", "weights".getBytes(UTF_8));
                return null;
            });
            FakeStub stub = ledger.newStub(alice, T0);

            assertThat(stub.getPrivateDataHash("models", "m"))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest("weights".getBytes(UTF_8)));
            assertThat(stub.getPrivateDataUTF8("models", "m")).isEqualTo("weights");
        }

        @Test
        void private_writes_are_buffered_per_collection_and_unseen_by_the_transaction() {
            FakeStub stub = ledger.newStub(alice, T0);

            stub.putPrivateData("updates", "p/1", new byte[] {1});
            stub.putPrivateData("updates", "p/0", new byte[] {0});

            assertThat(stub.getPrivateData("updates", "p/1")).isEmpty();
            assertThat(stub.privateWrites()).containsOnlyKeys("updates");
            assertThat(stub.privateWrites().get("updates").keySet()).containsExactly("p/0", "p/1");
            assertThat(stub.writes()).isEmpty();
        }

        @Test
        void private_range_and_partial_composite_key_queries_read_committed_data() {
            ledger.invoke(alice, T0, stub -> {
                stub.putPrivateData("updates", stub.createCompositeKey("payload", "t1", "0").toString(), new byte[] {1});
                stub.putPrivateData("updates", stub.createCompositeKey("payload", "t1", "1").toString(), new byte[] {2});
                stub.putPrivateData("updates", "plain", new byte[] {3});
                return null;
            });
            FakeStub stub = ledger.newStub(alice, T0);

            assertThat(drain(stub.getPrivateDataByPartialCompositeKey("updates", "payload", "t1"))).hasSize(2);
            assertThat(drain(stub.getPrivateDataByRange("updates", "", ""))).containsExactly("plain");
            assertThat(drain(stub.getPrivateDataByRange("other", "", ""))).isEmpty();
        }

        @Test
        void purge_and_delete_remove_private_data_at_commit() {
            ledger.invoke(alice, T0, stub -> {
                stub.putPrivateData("updates", "a", new byte[] {1});
                stub.putPrivateData("updates", "b", new byte[] {2});
                return null;
            });
            ledger.invoke(alice, T0, stub -> {
                stub.purgePrivateData("updates", "a");
                stub.delPrivateData("updates", "b");
                return null;
            });

            assertThat(ledger.privateSnapshot("updates")).isEmpty();
        }
    }

    @Nested
    class TransactionContext {
        @Test
        void exposes_args_creator_timestamp_transient_and_channel() {
            Map<String, byte[]> transientData = Map.of("payload/0", new byte[] {9});
            FakeStub stub = ledger.newStub(alice, T0, transientData, "submitUpdate", "t1", "3");

            assertThat(stub.getFunction()).isEqualTo("submitUpdate");
            assertThat(stub.getParameters()).containsExactly("t1", "3");
            assertThat(stub.getStringArgs()).containsExactly("submitUpdate", "t1", "3");
            assertThat(stub.getArgs()).hasSize(3);
            assertThat(stub.getTxTimestamp()).isEqualTo(T0);
            assertThat(stub.getChannelId()).isEqualTo("fedledger");
            assertThat(stub.getCreator()).isEqualTo(alice.serialized());
            assertThat(stub.getMspId()).isEqualTo("Org1MSP");
            assertThat(stub.getTransient()).containsOnlyKeys("payload/0");
            assertThat(stub.getTransient().get("payload/0")).containsExactly(9);
        }

        @Test
        void signed_proposal_carries_tx_id_and_timestamp() throws Exception {
            FakeStub stub = ledger.newStub(alice, T0, "f");

            Proposal proposal = Proposal.parseFrom(stub.getSignedProposal().getProposalBytes());
            ChannelHeader header = ChannelHeader.parseFrom(Header.parseFrom(proposal.getHeader()).getChannelHeader());

            assertThat(header.getTxId()).isEqualTo(stub.getTxId());
            assertThat(header.getTimestamp().getSeconds()).isEqualTo(T0.getEpochSecond());
            assertThat(stub.getBinding()).hasSize(32);
        }

        @Test
        void last_set_event_wins() {
            FakeStub stub = ledger.newStub(alice, T0);

            stub.setEvent("A", "1".getBytes(UTF_8));
            stub.setEvent("B", "2".getBytes(UTF_8));

            assertThat(stub.eventName()).contains("B");
            assertThat(stub.eventPayload()).hasValueSatisfying(p -> assertThat(p).isEqualTo("2".getBytes(UTF_8)));
            assertThat(stub.getEvent().getEventName()).isEqualTo("B");
        }

        @Test
        void rich_queries_and_chaincode_calls_fail_like_a_leveldb_peer() {
            FakeStub stub = ledger.newStub(alice, T0);

            assertThatThrownBy(() -> stub.getQueryResult("{}")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("LevelDB state database has no rich queries");
            assertThatThrownBy(() -> stub.getQueryResultWithPagination("{}", 1, "")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> stub.getPrivateDataQueryResult("c", "{}")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> stub.invokeChaincode("other", List.of(), "ch"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not available in FakeStub");
        }

        @Test
        void empty_null_and_invalid_utf8_keys_are_refused() {
            FakeStub stub = ledger.newStub(alice, T0);

            assertThatThrownBy(() -> stub.putState("", new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> stub.putState(null, new byte[] {1})).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> stub.putState("bad\uD800", new byte[] {1}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF8");
            assertThatThrownBy(() -> stub.getState("bad\uDC00")).isInstanceOf(IllegalArgumentException.class);
            assertThat(stub.writes()).isEmpty();
        }
    }
}
