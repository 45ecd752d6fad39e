package org.fedledger.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeLedgerTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private final TestIdentity alice = TestOrg.of("Org1MSP").member("alice");
    private final TestIdentity bob = TestOrg.of("Org2MSP").member("bob");
    private FakeLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new FakeLedger();
    }

    private void put(String key, String value) {
        ledger.invoke(alice, T0, stub -> {
            stub.putStringState(key, value);
            return null;
        });
    }

    private static List<String> keysOf(QueryResultsIterator<KeyValue> it) throws Exception {
        List<String> keys = new ArrayList<>();
        try (it) {
            it.forEach(kv -> keys.add(kv.getKey()));
        }
        return keys;
    }

    @Nested
    class Simulation {
        @Test
        void a_transaction_does_not_see_its_own_writes() {
            FakeStub stub = ledger.newStub(alice, T0);

            stub.putStringState("k", "v");

            assertThat(stub.getState("k")).isEmpty();
            assertThat(stub.writes()).containsOnlyKeys("k");
            assertThat(ledger.state("k")).isEmpty();
        }

        @Test
        void missing_key_reads_as_an_empty_array_not_null() {
            FakeStub stub = ledger.newStub(alice, T0);

            assertThat(stub.getState("nope")).isNotNull().isEmpty();
            assertThat(stub.getPrivateData("updates", "nope")).isNotNull().isEmpty();
            assertThat(stub.getPrivateDataHash("updates", "nope")).isNotNull().isEmpty();
            assertThat(stub.readSet()).containsEntry("nope", java.util.Optional.empty());
        }

        @Test
        void writes_are_ordered_by_key_and_a_delete_is_an_empty_value() {
            put("b", "1");
            FakeStub stub = ledger.newStub(alice, T0);

            stub.putStringState("c", "3");
            stub.putStringState("a", "2");
            stub.delState("b");

            assertThat(stub.writes().keySet()).containsExactly("a", "b", "c");
            assertThat(stub.writes().get("b")).isEmpty();
            assertThat(stub.deletedKeys()).containsExactly("b");
        }

        @Test
        void a_refused_call_commits_nothing_and_propagates_its_exception() {
            RuntimeException refusal = new IllegalArgumentException("FORBIDDEN: nope");

            assertThatThrownBy(() -> ledger.invoke(alice, T0, stub -> {
                stub.getState("x");
                throw refusal;
            })).isSameAs(refusal);

            assertThat(ledger.height()).isZero();
            assertThat(ledger.lastStub().writes()).isEmpty();
            assertThat(ledger.lastStub().isCommitted()).isFalse();
        }

        @Test
        void tx_ids_are_deterministic_and_distinct() {
            FakeLedger other = new FakeLedger();

            String first = ledger.newStub(alice, T0).getTxId();
            String second = ledger.newStub(alice, T0).getTxId();

            assertThat(first).hasSize(64).isNotEqualTo(second);
            assertThat(other.newStub(bob, T0).getTxId()).isEqualTo(first);
        }
    }

    @Nested
    class Commit {
        @Test
        void commit_applies_all_writes_atomically_at_one_new_version() {
            FakeStub stub = ledger.newStub(alice, T0, Map.of(), "f");
            stub.putStringState("a", "1");
            stub.putStringState("b", "2");
            stub.putPrivateData("updates", "p", "secret".getBytes(UTF_8));
            stub.setEvent("First", "x".getBytes(UTF_8));
            stub.setEvent("Second", "y".getBytes(UTF_8));

            CommitResult result = ledger.commit(stub);

            assertThat(result.code()).isEqualTo(ValidationCode.VALID);
            assertThat(result.txId()).isEqualTo(stub.getTxId());
            assertThat(ledger.stateSnapshot()).containsOnlyKeys("a", "b");
            assertThat(ledger.version("a")).isEqualTo(ledger.version("b")).contains(new Version(1, 0));
            assertThat(ledger.privateState("updates", "p")).hasValueSatisfying(
                    v -> assertThat(new String(v, UTF_8)).isEqualTo("secret"));
            assertThat(ledger.height()).isEqualTo(1);
            assertThat(ledger.stateWriteCount()).isEqualTo(3);
            assertThat(ledger.events()).containsExactly(new LedgerEvent(stub.getTxId(), "Second", "y".getBytes(UTF_8)));
            assertThat(result.event()).contains(ledger.events().get(0));
        }

        @Test
        void an_invalid_transaction_applies_none_of_its_writes() {
            put("k", "v0");
            FakeStub stale = ledger.newStub(alice, T0);
            stale.getState("k");
            stale.putStringState("k", "stale");
            stale.putStringState("other", "x");
            stale.setEvent("E", null);
            put("k", "v1");

            CommitResult result = ledger.commit(stale);

            assertThat(result.code()).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);
            assertThat(result.event()).isEmpty();
            assertThat(ledger.stateUtf8("k")).contains("v1");
            assertThat(ledger.state("other")).isEmpty();
            assertThat(ledger.events()).isEmpty();
            assertThat(ledger.commits()).extracting(CommitResult::code)
                    .containsExactly(ValidationCode.VALID, ValidationCode.VALID, ValidationCode.MVCC_READ_CONFLICT);
        }

        @Test
        void mvcc_conflict_when_a_key_read_as_absent_is_created_before_commit() {
            FakeStub first = ledger.newStub(alice, T0);
            first.getState("participant");
            first.putStringState("participant", "alice");
            FakeStub second = ledger.newStub(bob, T0);
            second.getState("participant");
            second.putStringState("participant", "bob");

            assertThat(ledger.commit(first).code()).isEqualTo(ValidationCode.VALID);
            assertThat(ledger.commit(second).code()).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);
        }

        @Test
        void mvcc_conflict_when_a_private_key_read_changed() {
            FakeStub reader = ledger.newStub(alice, T0);
            reader.getPrivateData("updates", "p");
            reader.putStringState("seen", "1");
            ledger.invoke(bob, T0, stub -> {
                stub.putPrivateData("updates", "p", new byte[] {1});
                return null;
            });

            assertThat(ledger.commit(reader).code()).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);
        }

        @Test
        void writers_of_different_keys_both_commit() {
            FakeStub first = ledger.newStub(alice, T0);
            first.getState("update/alice");
            first.putStringState("update/alice", "1");
            FakeStub second = ledger.newStub(bob, T0);
            second.getState("update/bob");
            second.putStringState("update/bob", "1");

            assertThat(ledger.commit(first).isValid()).isTrue();
            assertThat(ledger.commit(second).isValid()).isTrue();
        }

        @Test
        void phantom_detected_when_a_key_is_inserted_into_a_queried_range() throws Exception {
            put("round/1/a", "x");
            FakeStub closer = ledger.newStub(alice, T0);
            assertThat(keysOf(closer.getStateByRange("round/1/", "round/1/~"))).containsExactly("round/1/a");
            closer.putStringState("round/1", "CLOSED");
            put("round/1/b", "late");

            CommitResult result = ledger.commit(closer);

            assertThat(result.code()).isEqualTo(ValidationCode.PHANTOM_READ_CONFLICT);
            assertThat(ledger.state("round/1")).isEmpty();
        }

        @Test
        void phantom_detected_when_a_composite_key_is_added_under_a_queried_prefix() throws Exception {
            FakeStub lister = ledger.newStub(alice, T0);
            assertThat(keysOf(lister.getStateByPartialCompositeKey("update", "t1"))).isEmpty();
            lister.putStringState("x", "1");
            ledger.invoke(bob, T0, stub -> {
                stub.putStringState(stub.createCompositeKey("update", "t1", "1").toString(), "u");
                return null;
            });

            assertThat(ledger.commit(lister).code()).isEqualTo(ValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void an_insert_outside_the_queried_range_is_no_phantom() throws Exception {
            put("a/1", "x");
            FakeStub stub = ledger.newStub(alice, T0);
            keysOf(stub.getStateByRange("a/", "a/~"));
            stub.putStringState("out", "1");
            put("b/1", "y");

            assertThat(ledger.commit(stub).code()).isEqualTo(ValidationCode.VALID);
        }

        @Test
        void invoke_throws_when_validation_fails() {
            put("k", "v0");

            assertThatThrownBy(() -> ledger.invoke(alice, T0, stub -> {
                stub.getState("k");
                put("k", "concurrent");
                stub.putStringState("k", "mine");
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("MVCC_READ_CONFLICT");
        }

        @Test
        void a_stub_cannot_be_committed_twice() {
            FakeStub stub = ledger.newStub(alice, T0);
            ledger.commit(stub);

            assertThatThrownBy(() -> ledger.commit(stub)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already committed");
        }
    }

    @Nested
    class History {
        @Test
        void history_is_returned_newest_first_with_deletes() throws Exception {
            put("k", "v1");
            ledger.invoke(bob, T0.plusSeconds(10), stub -> {
                stub.putStringState("k", "v2");
                return null;
            });
            ledger.invoke(alice, T0.plusSeconds(20), stub -> {
                stub.delState("k");
                return null;
            });
            FakeStub stub = ledger.newStub(alice, T0);

            List<KeyModification> mods = new ArrayList<>();
            try (QueryResultsIterator<KeyModification> it = stub.getHistoryForKey("k")) {
                it.forEach(mods::add);
            }

            assertThat(mods).extracting(KeyModification::getStringValue).containsExactly("", "v2", "v1");
            assertThat(mods).extracting(KeyModification::isDeleted).containsExactly(true, false, false);
            assertThat(mods).extracting(KeyModification::getTimestamp)
                    .containsExactly(T0.plusSeconds(20), T0.plusSeconds(10), T0);
            assertThat(mods.get(0).getTxId()).isEqualTo(ledger.commits().get(2).txId());
            assertThat(ledger.history("k")).extracting(HistoryEntry::txId)
                    .containsExactly(ledger.commits().get(0).txId(), ledger.commits().get(1).txId(),
                            ledger.commits().get(2).txId());
            assertThat(stub.allIteratorsClosed()).isTrue();
        }
    }
}
