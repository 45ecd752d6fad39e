package org.fedledger.protocol.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * Which updates a round accepts when more than {@code maxUpdates} arrived. Nothing a client chooses
 * decides it: not the transaction timestamp (a trainer could back-date it), not the transaction id
 * (derived from a client-chosen nonce). Each update's rank is
 * {@code SHA-256(baseModelHash + U+0000 + updateKey)}; the lowest {@code maxUpdates} ranks are
 * accepted. The update key names the contributor by its certificate, and the base model hash changes
 * every round, so no identity is favoured round after round. Anyone can recompute the split from the
 * round and update records.
 *
 * <pre>{@code
 * List<AcceptedUpdate> ranked = AdmissionOrder.ranked(round.baseModelHash(), updates);
 * List<AcceptedUpdate> accepted = ranked.subList(0, Math.min(ranked.size(), task.maxUpdates()));
 * }</pre>
 */
public final class AdmissionOrder {
    private AdmissionOrder() {
    }

    /**
     * @param baseModelHash the round's base model hash (hex)
     * @param updateKey an update record's key
     * @return the update's rank in the round; lower is admitted first
     */
    public static String rank(String baseModelHash, String updateKey) {
        Objects.requireNonNull(baseModelHash, "baseModelHash");
        Objects.requireNonNull(updateKey, "updateKey");
        return ContentHash.of((baseModelHash + '\u0000' + updateKey).getBytes(StandardCharsets.UTF_8)).hex();
    }

    /**
     * @param baseModelHash the round's base model hash (hex)
     * @param updates the round's updates, in any order
     * @return the updates by ascending rank (then key)
     */
    public static List<AcceptedUpdate> ranked(String baseModelHash, List<AcceptedUpdate> updates) {
        List<AcceptedUpdate> out = new ArrayList<>(updates);
        out.sort(Comparator.comparing((AcceptedUpdate u) -> rank(baseModelHash,
                u.key())).thenComparing(AcceptedUpdate::key));
        return out;
    }
}
