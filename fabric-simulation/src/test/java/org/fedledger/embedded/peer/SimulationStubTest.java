package org.fedledger.embedded.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.embedded.identity.Organisation;
import org.fedledger.embedded.state.KeyOrder;
import org.fedledger.embedded.state.ReadWriteSet;
import org.fedledger.embedded.state.Version;
import org.fedledger.embedded.state.WorldState;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.junit.jupiter.api.Test;

/** The stub's Fabric semantics, one by one. */
class SimulationStubTest {
    private static final Organisation ORG = Organisation.openOrCreate("Org1MSP", null);
    private static final Instant T = Instant.parse("2025-03-01T09:00:00Z");

    private final WorldState state = new WorldState(Map.of("updates", java.util.Set.of("Org1MSP")));
    private final Proposal proposal = Proposal.create(ORG.client("alice"), "fedledger", "whoAmI", List.of("a"),
            Map.of("payload/0", new byte[] {1}), T);

    private SimulationStub stub() {
        return new SimulationStub(proposal, "Org1MSP", state);
    }

    private void commit(long block, Map<String, String> writes) {
        SortedMap<String, byte[]> w = new TreeMap<>(KeyOrder.COMPARATOR);
        writes.forEach((k, v) -> w.put(k, v.getBytes(StandardCharsets.UTF_8)));
        state.apply(new ReadWriteSet(new TreeMap<>(), List.of(), w, new TreeMap<>(), new TreeMap<>()),
                new Version(block, 0), "tx" + block, T);
    }

    @Test
    void a_missing_key_reads_as_an_empty_array_and_is_recorded_as_read_absent() {
        SimulationStub stub = stub();
        assertThat(stub.getState("nope")).isNotNull().isEmpty();
        assertThat(stub.readWriteSet().reads()).containsEntry("nope", Optional.empty());
    }

    @Test
    void reads_see_committed_state_not_the_transactions_own_writes() {
        commit(1, Map.of("k", "old"));
        SimulationStub stub = stub();
        stub.putState("k", "new".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(stub.getState("k"), StandardCharsets.UTF_8)).isEqualTo("old");
        assertThat(stub.readWriteSet().reads()).containsEntry("k", Optional.of(new Version(1, 0)));
    }

    @Test
    void a_partial_composite_key_query_returns_its_keys_in_order_and_is_recorded_for_phantom_checks() throws Exception {
        SimulationStub stub = stub();
        String b = stub.createCompositeKey("update", "t", "b").toString();
        String a = stub.createCompositeKey("update", "t", "a").toString();
        String other = stub.createCompositeKey("updatex", "t", "a").toString();
        commit(1, Map.of(b, "B", a, "A", other, "X"));
        List<String> keys = new ArrayList<>();
        try (var it = stub.getStateByPartialCompositeKey("update", "t")) {
            for (KeyValue kv : it) {
                keys.add(kv.getKey());
            }
        }
        assertThat(keys).containsExactly(a, b);
        assertThat(stub.readWriteSet().ranges()).singleElement().satisfies(r -> {
            assertThat(r.exhausted()).isTrue();
            assertThat(r.results()).hasSize(2);
        });
    }

    @Test
    void tx_id_timestamp_and_creator_come_from_the_signed_proposal() throws Exception {
        SimulationStub stub = stub();
        Header header = Header.parseFrom(org.hyperledger.fabric.protos.peer.Proposal
                .parseFrom(stub.getSignedProposal().getProposalBytes()).getHeader());
        ChannelHeader ch = ChannelHeader.parseFrom(header.getChannelHeader());
        assertThat(stub.getTxId()).isEqualTo(ch.getTxId()).hasSize(64);
        assertThat(stub.getTxTimestamp()).isEqualTo(T);
        assertThat(SerializedIdentity.parseFrom(stub.getCreator()).getMspid()).isEqualTo("Org1MSP");
        assertThat(stub.getFunction()).isEqualTo("whoAmI");
        assertThat(stub.getTransient()).containsKey("payload/0");
        assertThat(stub.getMspId()).isEqualTo("Org1MSP");
    }

    @Test
    void the_last_event_set_is_the_transactions_event() {
        SimulationStub stub = stub();
        stub.setEvent("First", new byte[] {1});
        stub.setEvent("Second", new byte[] {2});
        assertThat(stub.event()).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("Second"));
    }

    @Test
    void a_non_member_organisation_reads_no_private_value_but_knows_its_hash() {
        SortedMap<String, byte[]> pw = new TreeMap<>(KeyOrder.COMPARATOR);
        pw.put("p", new byte[] {7});
        SortedMap<String, SortedMap<String, byte[]>> writes = new TreeMap<>();
        writes.put("updates", pw);
        state.apply(new ReadWriteSet(new TreeMap<>(), List.of(), new TreeMap<>(), new TreeMap<>(), writes),
                new Version(1, 0), "tx", T);
        SimulationStub member = stub();
        SimulationStub outsider = new SimulationStub(proposal, "Org2MSP", state);
        assertThat(member.getPrivateData("updates", "p")).containsExactly(7);
        assertThat(outsider.getPrivateData("updates", "p")).isEmpty();
        assertThat(outsider.getPrivateDataHash("updates", "p")).isEqualTo(WorldState.sha256(new byte[] {7}));
    }
}
