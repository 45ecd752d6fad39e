package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.junit.jupiter.api.Test;

/** A call on a peer sees every block the connection has seen committed, wherever it committed. */
class ReadYourWritesTest {
    /** Each peer's committed height in this scripted network; a wait beyond it times out. */
    private final Map<String, Long> heights = new HashMap<>();
    private final List<String> waits = new ArrayList<>();

    private ReadYourWrites<String> session() {
        return new ReadYourWrites<>((peer, block, timeout) -> {
            waits.add(peer + "@" + block);
            if (heights.getOrDefault(peer, -1L) < block) {
                throw new AwaitTimeoutException("block " + block + " on " + peer, timeout);
            }
        }, Duration.ofSeconds(5), p -> p + "'s peer");
    }

    @Test
    void a_fresh_connection_and_a_peer_known_to_be_current_never_wait() {
        ReadYourWrites<String> s = session();
        s.beforeCallOn("org1");
        s.committed("org1", 12);
        s.beforeCallOn("org1");

        assertThat(waits).isEmpty();
    }

    @Test
    void after_a_write_committed_through_another_peer_the_own_peer_is_waited_for_once() {
        ReadYourWrites<String> s = session();
        heights.put("org1", 20L);
        s.committed("org2", 20); // an endorsement failed over to org2; its status came from there
        s.beforeCallOn("org1");
        s.beforeCallOn("org1");

        assertThat(waits).containsExactly("org1@20");
    }

    @Test
    void a_peer_that_stays_behind_is_unreachable_for_this_call_so_the_next_peer_is_asked() {
        ReadYourWrites<String> s = session();
        heights.put("org3", 7L);
        s.committed("org1", 9);

        LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                () -> s.beforeCallOn("org3"));

        assertThat(e).hasMessageContaining("org3's peer has not committed block 9");
        assertThat(e.retryable()).isTrue();
        heights.put("org3", 9L);
        s.beforeCallOn("org3"); // caught up: no failure
        assertThat(waits).containsExactly("org3@9", "org3@9");
    }
}
