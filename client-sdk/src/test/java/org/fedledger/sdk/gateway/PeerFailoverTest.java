package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.progress.Progress;
import org.junit.jupiter.api.Test;

/** Reads go to the own organisation's peer, and to the other organisations' peers while it is down. */
class PeerFailoverTest {
    /** What each peer answers now; every call is recorded. */
    private final Map<String, Supplier<String>> peers = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final List<Progress> lines = new ArrayList<>();
    private long now;

    private PeerFailover<String> failover() {
        return new PeerFailover<>("org1", List.of("org2", "org3"), p -> p + "'s peer", Duration.ofSeconds(2),
                () -> now, lines::add);
    }

    private String read(PeerFailover<String> f, boolean privateData) {
        return f.evaluate("getTask", privateData, peer -> {
            asked.add(peer);
            return peers.get(peer).get();
        });
    }

    private static Supplier<String> answers(String value) {
        return () -> value;
    }

    private static Supplier<String> down() {
        return () -> {
            throw new LedgerUnavailableException("UNAVAILABLE (io exception)", null);
        };
    }

    private static Supplier<String> refuses(ErrorCode code) {
        return () -> {
            throw new ContractRefusedException(code, "no such thing here", null, null);
        };
    }

    @Test
    void reads_on_the_own_peer_while_it_answers() {
        peers.put("org1", answers("task from org1"));
        peers.put("org2", answers("task from org2"));

        assertThat(read(failover(), false)).isEqualTo("task from org1");
        assertThat(asked).containsExactly("org1");
        assertThat(lines).isEmpty();
    }

    @Test
    void reads_from_the_next_organisations_peer_when_the_own_one_is_unreachable_and_says_so() {
        peers.put("org1", down());
        peers.put("org2", down());
        peers.put("org3", answers("task from org3"));

        assertThat(read(failover(), false)).isEqualTo("task from org3");
        assertThat(asked).containsExactly("org1", "org2", "org3");
        assertThat(lines).singleElement().satisfies(p -> {
            assertThat(p.call()).isEqualTo("getTask");
            assertThat(p.detail()).contains("org1's peer is unreachable").contains("asked org3's peer instead");
        });
    }

    @Test
    void a_refusal_by_the_own_peers_chaincode_is_the_answer_and_is_not_asked_elsewhere() {
        peers.put("org1", refuses(ErrorCode.NOT_FOUND));
        peers.put("org2", answers("task from org2"));

        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class, () -> read(failover(), false));
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(asked).containsExactly("org1");
    }

    @Test
    void a_private_payload_the_own_peer_lacks_is_read_from_another_task_organisations_peer() {
        peers.put("org1", refuses(ErrorCode.NOT_FOUND)); // its copy was written while it was down
        peers.put("org2", refuses(ErrorCode.NOT_FOUND));
        peers.put("org3", answers("payload from org3"));

        assertThat(read(failover(), true)).isEqualTo("payload from org3");
        assertThat(asked).containsExactly("org1", "org2", "org3");
    }

    @Test
    void a_private_payload_no_peer_holds_is_the_own_peers_not_found() {
        peers.put("org1", () -> {
            throw new ContractRefusedException(ErrorCode.NOT_FOUND, "not held on org1", null, null);
        });
        peers.put("org2", refuses(ErrorCode.NOT_FOUND));
        peers.put("org3", down());

        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class, () -> read(failover(), true));
        assertThat(e.detail()).isEqualTo("not held on org1");
        assertThat(asked).containsExactly("org1", "org2", "org3");
    }

    @Test
    void a_public_record_a_peer_asked_instead_of_the_skipped_own_one_does_not_find_is_asked_of_the_own_peer() {
        PeerFailover<String> f = failover();
        peers.put("org1", down());
        peers.put("org2", answers("task from org2"));
        read(f, false); // the own peer failed: it is asked last for a while
        asked.clear();
        peers.put("org1", answers("round 5 from org1")); // back, and ahead of org2
        peers.put("org2", refuses(ErrorCode.NOT_FOUND)); // behind: the round is not there yet

        assertThat(read(f, false)).isEqualTo("round 5 from org1");
        assertThat(asked).containsExactly("org2", "org1");
    }

    @Test
    void a_public_record_another_peer_does_not_find_is_not_found() {
        peers.put("org1", down());
        peers.put("org2", refuses(ErrorCode.NOT_FOUND));
        peers.put("org3", answers("never asked"));

        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class, () -> read(failover(), false));
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(asked).containsExactly("org1", "org2");
    }

    @Test
    void a_private_payload_another_peer_does_not_hold_is_no_answer_and_the_own_peers_failure_is_reported() {
        peers.put("org1", down());
        peers.put("org2", refuses(ErrorCode.NOT_FOUND));
        peers.put("org3", refuses(ErrorCode.NOT_FOUND));

        LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                () -> read(failover(), true));
        assertThat(e).hasMessageContaining("UNAVAILABLE");
        assertThat(asked).containsExactly("org1", "org2", "org3");
    }

    @Test
    void a_private_payload_held_by_another_member_peer_is_read_there() {
        peers.put("org1", down());
        peers.put("org2", refuses(ErrorCode.NOT_FOUND));
        peers.put("org3", answers("payload from org3"));

        assertThat(read(failover(), true)).isEqualTo("payload from org3");
    }

    @Test
    void when_no_peer_answers_the_own_peers_failure_is_thrown_for_the_caller_to_retry() {
        peers.put("org1", () -> {
            throw new LedgerUnavailableException("org1 down", null);
        });
        peers.put("org2", down());
        peers.put("org3", down());

        LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                () -> read(failover(), false));
        assertThat(e).hasMessage("org1 down");
    }

    @Test
    void a_failed_own_peer_is_asked_last_for_a_while_and_first_again_once_that_has_passed() {
        PeerFailover<String> f = failover();
        peers.put("org1", down());
        peers.put("org2", answers("task from org2"));
        peers.put("org3", answers("task from org3"));
        read(f, false);
        asked.clear();

        now += Duration.ofMillis(1999).toNanos();
        assertThat(read(f, false)).isEqualTo("task from org2");
        assertThat(asked).containsExactly("org2");
        asked.clear();

        peers.put("org1", answers("task from org1"));
        now += Duration.ofMillis(1).toNanos();
        assertThat(read(f, false)).isEqualTo("task from org1");
        assertThat(asked).containsExactly("org1");
    }

    @Test
    void while_the_own_peer_is_skipped_it_is_still_asked_when_the_others_are_down() {
        PeerFailover<String> f = failover();
        peers.put("org1", down());
        peers.put("org2", answers("task from org2"));
        peers.put("org3", down());
        read(f, false);
        asked.clear();

        peers.put("org1", answers("task from org1"));
        peers.put("org2", down());
        assertThat(read(f, false)).isEqualTo("task from org1");
        assertThat(asked).containsExactly("org2", "org3", "org1");
    }
}
