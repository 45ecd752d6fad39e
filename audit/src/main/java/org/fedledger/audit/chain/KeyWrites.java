package org.fedledger.audit.chain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who wrote a chosen set of public keys, in chain order: for each key, the VALID transactions that wrote
 * it, sorted by block and position in the block. Since a Fabric transaction is VALID only when no earlier
 * transaction changed a key it read, the last writer before a VALID transaction is the one whose value
 * that transaction read; so the audit knows what any transaction read from a key without the read's value
 * being on the chain, whichever task or transaction wrote the key in between.
 *
 * <pre>{@code
 * KeyWrites reputations = KeyWrites.of(chain, key -> key.startsWith(Keys.key(Keys.REPUTATION)));
 * Optional<byte[]> seen = reputations.valueBefore(Keys.reputation(who), closeTx);
 * }</pre>
 */
public final class KeyWrites {
    private static final Comparator<TransactionEvidence> CHAIN_ORDER =
            Comparator.comparingLong(TransactionEvidence::block).thenComparingInt(TransactionEvidence::index);

    private final Map<String, List<TransactionEvidence>> writers;

    private KeyWrites(Map<String, List<TransactionEvidence>> writers) {
        this.writers = writers;
    }

    /**
     * Indexes the chain's VALID transactions by the keys they wrote, for the keys {@code keys} accepts.
     *
     * @param chain the chain as the audit read it
     * @param keys which public keys to index
     * @return the index
     */
    public static KeyWrites of(ChainEvidence chain, Predicate<String> keys) {
        Map<String, List<TransactionEvidence>> writers = new HashMap<>();
        for (TransactionEvidence tx : chain.transactions().values()) {
            if (!tx.valid()) {
                continue;
            }
            for (String key : tx.writes().keySet()) {
                if (keys.test(key)) {
                    writers.computeIfAbsent(key, k -> new ArrayList<>()).add(tx);
                }
            }
        }
        writers.values().forEach(list -> list.sort(CHAIN_ORDER));
        return new KeyWrites(writers);
    }

    /**
     * @param key an indexed key
     * @return the VALID transactions that wrote it, oldest first
     */
    public List<TransactionEvidence> writers(String key) {
        return List.copyOf(writers.getOrDefault(key, List.of()));
    }

    /**
     * @param key an indexed key
     * @param tx a transaction on the chain
     * @return the value the last VALID transaction before {@code tx} wrote under {@code key} (empty bytes for
     *     a delete); empty when none did
     */
    public Optional<byte[]> valueBefore(String key, TransactionEvidence tx) {
        TransactionEvidence last = null;
        for (TransactionEvidence w : writers.getOrDefault(key, List.of())) {
            if (CHAIN_ORDER.compare(w, tx) >= 0) {
                break;
            }
            last = w;
        }
        return last == null ? Optional.empty() : Optional.of(last.writes().get(key));
    }
}
