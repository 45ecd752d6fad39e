package org.fedledger.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fedledger.sdk.ledger.ValidationCode;
import org.junit.jupiter.api.Test;

class KeyWritesTest {
    private static final String KEY = "reputation/a";

    private static TransactionEvidence tx(String id, long block, int index, ValidationCode code, String key, String value) {
        return new TransactionEvidence(id, block, index, code, 0, "f", "Org1MSP", Optional.empty(), Optional.empty(),
                Set.of("Org1MSP"), List.of(), true, Map.of(key, value.getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    private static ChainEvidence chain(TransactionEvidence... txs) {
        Map<String, TransactionEvidence> byId = new HashMap<>();
        for (TransactionEvidence t : txs) {
            byId.put(t.txId(), t);
        }
        return new ChainEvidence(10, byId, Optional.empty(), List.of(), txs.length, txs.length);
    }

    private static String before(KeyWrites writes, TransactionEvidence tx) {
        return writes.valueBefore(KEY, tx).map(v -> new String(v, StandardCharsets.UTF_8)).orElse("(none)");
    }

    @Test
    void a_transaction_read_the_last_valid_write_before_it_in_block_and_position_order() {
        TransactionEvidence first = tx("t1", 3, 0, ValidationCode.VALID, KEY, "1");
        TransactionEvidence sameBlockLater = tx("t2", 5, 4, ValidationCode.VALID, KEY, "2");
        TransactionEvidence sameBlockEarlier = tx("t3", 5, 1, ValidationCode.VALID, KEY, "3");
        TransactionEvidence conflicted = tx("t4", 5, 2, ValidationCode.MVCC_READ_CONFLICT, KEY, "4");
        TransactionEvidence other = tx("t5", 4, 0, ValidationCode.VALID, "reputation/b", "5");
        TransactionEvidence reader = tx("r", 5, 3, ValidationCode.VALID, "round/x", "r");
        KeyWrites writes = KeyWrites.of(chain(first, sameBlockLater, sameBlockEarlier, conflicted, other, reader),
                key -> key.startsWith("reputation/"));

        assertThat(before(writes, reader)).as("block 5 position 1, not the conflicted 2 nor the later 4").isEqualTo("3");
        assertThat(before(writes, sameBlockEarlier)).isEqualTo("1");
        assertThat(before(writes, first)).as("nothing before the first write, and not its own").isEqualTo("(none)");
        assertThat(before(writes, tx("late", 9, 0, ValidationCode.VALID, "x", "x"))).isEqualTo("2");
        assertThat(writes.writers(KEY)).extracting(TransactionEvidence::txId).containsExactly("t1", "t3", "t2");
        assertThat(writes.writers("round/x")).as("a key the index leaves out").isEmpty();
    }
}
