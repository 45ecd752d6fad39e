package org.fedledger.protocol.record;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedledger.core.model.ContentHash;

/**
 * Which updates a closed round accepts, and with what weight. Nothing one member chooses decides
 * either for the others:
 *
 * <ul>
 *   <li><b>Admission</b> when more than {@code maxUpdates} arrived: the organisations take turns, one
 *       update each per turn, in an order that changes every round; inside an organisation its updates
 *       go by rank {@code SHA-256(baseModelHash + U+0000 + updateKey)}. An admin who registers many
 *       identities, or picks names that rank first, reorders only its own organisation's turn.
 *       Neither the transaction timestamp nor the transaction id (a client-chosen nonce) plays a
 *       part.</li>
 *   <li><b>Over capacity</b>: the updates left out are listed up to {@code maxUpdates} of them, those
 *       the turns would take next, and the rest only counted, so that a round record holds at most
 *       twice {@code maxUpdates} updates however many identities submit.</li>
 *   <li><b>Weight</b>: the accepted updates' sample counts are what FedAvg weighs, and they are
 *       declared by their trainers. No organisation's updates together carry more than the task's
 *       {@code maxOrgSharePercent} of the round's weight: the largest organisations are scaled down
 *       to the level at which they carry exactly that share (integer arithmetic, rounded down), and
 *       inside an organisation every update keeps its proportion. When too few organisations took
 *       part for the bound to be met ({@code organisations * percent <= 100}), every organisation
 *       carries the same total, that of the smallest. The weight a caller sees in a closed round's
 *       {@link AcceptedUpdate#samples()} is this effective count; the update record keeps the
 *       declared one.</li>
 * </ul>
 *
 * <p>Anyone can recompute both from the round's update records and the task.
 *
 * <pre>{@code
 * AdmissionOrder.Decision d = AdmissionOrder.decide(round.baseModelHash(), candidates, task.maxUpdates(),
 *         task.maxOrgSharePercent());
 * d.accepted();      // in key order, samples = effective weight
 * d.overCapacity();  // in key order, as declared; at most maxUpdates of them
 * d.overCapacityUnlisted();  // how many more were over capacity
 * }</pre>
 */
public final class AdmissionOrder {
    private AdmissionOrder() {
    }

    /**
     * One update of a round as the admission sees it.
     *
     * @param update the update, with its declared sample count
     * @param msp the contributor's organisation
     */
    public record Candidate(AcceptedUpdate update, String msp) {
        /**
         * Checks both are present.
         *
         * @param update the update, with its declared sample count
         * @param msp the contributor's organisation
         */
        public Candidate {
            Objects.requireNonNull(update, "update");
            Objects.requireNonNull(msp, "msp");
        }
    }

    /**
     * What a close decides.
     *
     * @param accepted the admitted updates in key order, each with its effective weight as {@code samples}
     * @param overCapacity the first updates beyond {@code maxUpdates} in the admission order, at most
     *     {@code maxUpdates} of them, in key order, as declared
     * @param overCapacityUnlisted how many more updates were beyond {@code maxUpdates}
     */
    public record Decision(List<AcceptedUpdate> accepted, List<AcceptedUpdate> overCapacity,
            int overCapacityUnlisted) {
        /**
         * Copies the lists.
         *
         * @param accepted the admitted updates
         * @param overCapacity the listed updates beyond capacity
         * @param overCapacityUnlisted how many more were beyond capacity
         * @throws IllegalArgumentException when {@code overCapacityUnlisted} is negative
         */
        public Decision {
            accepted = List.copyOf(accepted);
            overCapacity = List.copyOf(overCapacity);
            if (overCapacityUnlisted < 0) {
                throw new IllegalArgumentException("overCapacityUnlisted " + overCapacityUnlisted + " is negative");
            }
        }
    }

    /**
     * @param baseModelHash the round's base model hash (hex)
     * @param updateKey an update record's key (or an organisation's MSP id, for the organisations' turn order)
     * @return the rank; lower goes first
     */
    public static String rank(String baseModelHash, String updateKey) {
        Objects.requireNonNull(baseModelHash, "baseModelHash");
        Objects.requireNonNull(updateKey, "updateKey");
        return ContentHash.of((baseModelHash + '\u0000' + updateKey).getBytes(StandardCharsets.UTF_8)).hex();
    }

    /**
     * Decides a round's accepted set and weights.
     *
     * @param baseModelHash the round's base model hash
     * @param candidates the round's updates, in any order
     * @param maxUpdates most updates the round accepts (at least 1)
     * @param maxOrgSharePercent largest share of the weight one organisation carries (1-100)
     * @return the accepted updates with effective weights, the first {@code maxUpdates} of those over
     *     capacity and how many more there were
     */
    public static Decision decide(ContentHash baseModelHash, List<Candidate> candidates, int maxUpdates,
            int maxOrgSharePercent) {
        Objects.requireNonNull(baseModelHash, "baseModelHash");
        if (maxUpdates < 1 || maxOrgSharePercent < 1 || maxOrgSharePercent > 100) {
            throw new IllegalArgumentException("maxUpdates " + maxUpdates + " / maxOrgSharePercent "
                    + maxOrgSharePercent + " out of range");
        }
        Map<String, List<Candidate>> byOrg = new TreeMap<>();
        for (Candidate c : candidates) {
            byOrg.computeIfAbsent(c.msp(), m -> new ArrayList<>()).add(c);
        }
        List<List<Candidate>> turns = new ArrayList<>();
        List<String> orgOrder = new ArrayList<>(byOrg.keySet());
        orgOrder.sort(Comparator.comparing((String msp) -> rank(baseModelHash.hex(), msp)).thenComparing(msp -> msp));
        for (String msp : orgOrder) {
            List<Candidate> own = new ArrayList<>(byOrg.get(msp));
            own.sort(Comparator.comparing((Candidate c) -> rank(baseModelHash.hex(), c.update().key()))
                    .thenComparing(c -> c.update().key()));
            turns.add(own);
        }
        List<Candidate> admitted = new ArrayList<>();
        List<AcceptedUpdate> over = new ArrayList<>();
        int unlisted = 0;
        for (int turn = 0; admitted.size() + over.size() + unlisted < candidates.size(); turn++) {
            for (List<Candidate> own : turns) {
                if (turn < own.size()) {
                    Candidate c = own.get(turn);
                    if (admitted.size() < maxUpdates) {
                        admitted.add(c);
                    } else if (over.size() < maxUpdates) {
                        over.add(c.update());
                    } else {
                        unlisted++;
                    }
                }
            }
        }
        List<AcceptedUpdate> accepted = weighted(admitted, maxOrgSharePercent);
        accepted.sort(Comparator.comparing(AcceptedUpdate::key));
        over.sort(Comparator.comparing(AcceptedUpdate::key));
        return new Decision(accepted, over, unlisted);
    }

    /** Scales the organisations above the share bound down to it; every update keeps its proportion. */
    private static List<AcceptedUpdate> weighted(List<Candidate> admitted, int percent) {
        Map<String, Long> totals = new TreeMap<>();
        for (Candidate c : admitted) {
            totals.merge(c.msp(), c.update().samples(), Math::addExact);
        }
        Map<String, Long> targets = targets(totals, percent);
        List<AcceptedUpdate> out = new ArrayList<>();
        for (Candidate c : admitted) {
            long total = totals.get(c.msp());
            long target = targets.get(c.msp());
            AcceptedUpdate u = c.update();
            long samples = target == total ? u.samples()
                    : Math.max(1, scaled(u.samples(), target, total));
            out.add(new AcceptedUpdate(u.key(), u.contributor(), u.hash(), samples));
        }
        return out;
    }

    /** {@code floor(samples * target / total)} without overflow (all three below 2^63). */
    private static long scaled(long samples, long target, long total) {
        return BigInteger.valueOf(samples).multiply(BigInteger.valueOf(target))
                .divide(BigInteger.valueOf(total)).longValueExact();
    }

    /** Each organisation's total after the bound: water-filling from the largest down. */
    private static Map<String, Long> targets(Map<String, Long> totals, int percent) {
        Map<String, Long> out = new TreeMap<>(totals);
        int m = totals.size();
        if (m <= 1 || percent == 100) {
            return out;
        }
        List<Map.Entry<String, Long>> desc = new ArrayList<>(totals.entrySet());
        desc.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        long sum = 0;
        for (Map.Entry<String, Long> e : desc) {
            sum = Math.addExact(sum, e.getValue());
        }
        if ((long) m * percent > 100) {
            long rest = sum;
            for (int capped = 0; capped < m; capped++) {
                long largestUncapped = desc.get(capped).getValue();
                long room = 100L - (long) capped * percent;
                if (room <= 0) {
                    break;
                }
                if (capped == 0) {
                    if (BigInteger.valueOf(largestUncapped).multiply(BigInteger.valueOf(100))
                            .compareTo(BigInteger.valueOf(percent).multiply(BigInteger.valueOf(sum))) <= 0) {
                        return out;
                    }
                } else {
                    long level = BigInteger.valueOf(percent).multiply(BigInteger.valueOf(rest))
                            .divide(BigInteger.valueOf(room)).longValueExact();
                    if (level >= 1 && largestUncapped <= level) {
                        for (int i = 0; i < capped; i++) {
                            out.put(desc.get(i).getKey(), Math.min(level, desc.get(i).getValue()));
                        }
                        return out;
                    }
                }
                rest -= largestUncapped;
            }
        }
        long smallest = desc.get(m - 1).getValue();
        for (String msp : totals.keySet()) {
            out.put(msp, smallest);
        }
        return out;
    }
}
