package org.fedledger.embedded.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A block's staged writes shadow the committed state for validation, and leave it unchanged. */
class StagedStateTest {
    private static final byte[] DELETE = new byte[0];
    private final WorldState state = new WorldState(Map.of("updates", Set.of("Org1MSP")));

    private static ReadWriteSet writes(Map<String, byte[]> publicWrites, Map<String, byte[]> privateWrites) {
        SortedMap<String, SortedMap<String, byte[]>> pw = new TreeMap<>();
        if (!privateWrites.isEmpty()) {
            pw.put("updates", new TreeMap<>(privateWrites));
        }
        return new ReadWriteSet(new TreeMap<>(), List.of(), new TreeMap<>(publicWrites), new TreeMap<>(), pw);
    }

    private static byte[] value(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static RangeRead.KeyVersion kv(String key, long block, int tx) {
        return new RangeRead.KeyVersion(key, new Version(block, tx));
    }

    @Test
    void staged_writes_and_deletes_shadow_committed_versions_and_the_committed_state_is_untouched() {
        state.apply(writes(Map.of("a", value("1"), "b", value("1"), "d", value("1")), Map.of("p", value("x"))),
                new Version(1, 0), "t1", Instant.EPOCH);
        StagedState staged = new StagedState(state);
        staged.stage(writes(Map.of("b", value("2"), "c", value("2"), "d", DELETE), Map.of("p", DELETE, "q", value("y"))),
                new Version(2, 3));

        assertThat(staged.version("a")).contains(new Version(1, 0));
        assertThat(staged.version("b")).contains(new Version(2, 3));
        assertThat(staged.version("c")).contains(new Version(2, 3));
        assertThat(staged.version("d")).isEmpty();
        assertThat(staged.version("e")).isEmpty();
        assertThat(staged.privateVersion("updates", "p")).isEmpty();
        assertThat(staged.privateVersion("updates", "q")).contains(new Version(2, 3));

        assertThat(state.get("b").orElseThrow().version()).isEqualTo(new Version(1, 0));
        assertThat(state.get("c")).isEmpty();
        assertThat(state.get("d")).isPresent();
        assertThat(state.privateVersion("updates", "p")).contains(new Version(1, 0));
    }

    @Test
    void a_range_merges_committed_and_staged_keys_in_key_order_without_deleted_ones() {
        state.apply(writes(Map.of("k1", value("1"), "k3", value("1"), "k5", value("1"), "z", value("1")), Map.of()),
                new Version(1, 0), "t1", Instant.EPOCH);
        StagedState staged = new StagedState(state);
        staged.stage(writes(Map.of("k2", value("2"), "k3", value("2"), "k5", DELETE, "k0", value("2")), Map.of()),
                new Version(2, 0));
        staged.stage(writes(Map.of("k6", value("3")), Map.of()), new Version(2, 1));

        assertThat(staged.range("k1", "k9", Optional.empty()))
                .containsExactly(kv("k1", 1, 0), kv("k2", 2, 0), kv("k3", 2, 0), kv("k6", 2, 1));
        assertThat(staged.range("k1", "k9", Optional.of("k3")))
                .containsExactly(kv("k1", 1, 0), kv("k2", 2, 0), kv("k3", 2, 0));
        assertThat(staged.range("k", "", Optional.empty())).extracting(RangeRead.KeyVersion::key)
                .containsExactly("k0", "k1", "k2", "k3", "k6", "z");
        assertThat(staged.range("k7", "k9", Optional.empty())).isEmpty();
    }

    @Test
    void with_nothing_staged_a_range_is_the_committed_range() {
        state.apply(writes(Map.of("r1", value("1"), "r2", value("1")), Map.of()), new Version(4, 2), "t", Instant.EPOCH);
        assertThat(new StagedState(state).range("r", "s", Optional.empty()))
                .containsExactly(kv("r1", 4, 2), kv("r2", 4, 2));
    }
}
