package org.fedledger.protocol.key;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Names of the private data collections; they must match the chaincode definition's collections
 * (the local network's {@code network.sh} writes them from the channel's organisations).
 *
 * <p>A task created under {@link PayloadLayout#PER_ORGANISATION} keeps one copy of each payload in
 * {@link #updatesOf(String)} / {@link #modelsOf(String)} of every organisation the task allows, and
 * only of those; an older task's payloads stay in the shared {@link #UPDATES} and {@link #MODELS}.
 *
 * <pre>{@code
 * stub.getPrivateData(Collections.updatesOf("Org1MSP"), Keys.updateChunk("mnist", 1, id, 0));
 * }</pre>
 */
public final class Collections {
    /** Update payload chunks of tasks created before per-organisation collections (every organisation a member). */
    public static final String UPDATES = "updates";
    /** Global model payload chunks of tasks created before per-organisation collections. */
    public static final String MODELS = "models";

    /** Prefix of an organisation's internal collection ({@link #internalOf}). */
    public static final String INTERNAL = "internal";

    /** An MSP id that can be part of a collection name (Fabric allows letters, digits, '_' and '-'). */
    private static final Pattern MSP = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Collections() {
    }

    /**
     * @param mspId an organisation's MSP id
     * @return the collection of update payloads that {@code mspId} alone is a member of
     * @throws IllegalArgumentException the MSP id cannot be part of a collection name
     */
    public static String updatesOf(String mspId) {
        return UPDATES + "_" + checked(mspId);
    }

    /**
     * @param mspId an organisation's MSP id
     * @return the collection of model payloads that {@code mspId} alone is a member of
     * @throws IllegalArgumentException the MSP id cannot be part of a collection name
     */
    public static String modelsOf(String mspId) {
        return MODELS + "_" + checked(mspId);
    }

    /**
     * The collection a hierarchical task's trainers of {@code mspId} submit their updates to: the update
     * records and payloads that stay inside the organisation. {@code mspId} is its only member and, by a
     * collection-level endorsement policy, its only endorser, so a transaction that writes nothing else
     * is endorsed by that organisation's peers alone and no other organisation's peer receives the bytes.
     *
     * @param mspId an organisation's MSP id
     * @return {@code internal_<mspId>}
     * @throws IllegalArgumentException the MSP id cannot be part of a collection name
     */
    public static String internalOf(String mspId) {
        return INTERNAL + "_" + checked(mspId);
    }

    /**
     * The organisations a collection's own endorsement policy names, for a collection that has one: an
     * internal collection's organisation; a write into any other collection is endorsed under the
     * chaincode's policy.
     *
     * @param collection a collection name
     * @return the organisations any one of which endorses a write into it, or empty for the chaincode policy
     */
    public static Optional<Set<String>> ownEndorsers(String collection) {
        String prefix = INTERNAL + "_";
        if (collection.startsWith(prefix) && MSP.matcher(collection.substring(prefix.length())).matches()) {
            return Optional.of(Set.of(collection.substring(prefix.length())));
        }
        return Optional.empty();
    }

    /**
     * Fabric's key-level validation, for the policies the project uses: a private write into a collection
     * with its own endorsement policy ({@link #ownEndorsers}) needs an endorsement by one of that policy's
     * organisations; a public write, a private write into any other collection, or no write at all needs
     * the chaincode's policy. So a transaction that writes only an organisation's internal collection is
     * valid with that organisation's endorsement alone. The embedded ledger validates by it and the
     * audit's chain reader checks by it.
     *
     * @param writesPublic whether the transaction writes any public key
     * @param privateWrites its private writes (or their hashes), by collection
     * @param endorsing the organisations whose endorsement verified
     * @param chaincodePolicy whether those organisations satisfy the chaincode's endorsement policy
     * @return whether every policy its writes need is satisfied
     */
    public static boolean endorsementSatisfied(boolean writesPublic, Map<String, ? extends Map<String, ?>> privateWrites,
            Set<String> endorsing, Predicate<Set<String>> chaincodePolicy) {
        List<String> collectionsWritten = privateWrites.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        boolean needsChaincodePolicy = writesPublic || collectionsWritten.isEmpty();
        for (String collection : collectionsWritten) {
            Optional<Set<String>> own = ownEndorsers(collection);
            if (own.isEmpty()) {
                needsChaincodePolicy = true;
            } else if (own.get().stream().noneMatch(endorsing::contains)) {
                return false;
            }
        }
        return !needsChaincodePolicy || chaincodePolicy.test(endorsing);
    }

    /**
     * The collections a channel of these organisations defines, with their members: the shared pair
     * with every organisation, and each organisation's own pair and internal collection with it alone (as
     * the local network's collections configuration).
     *
     * @param organisations the channel's MSP ids
     * @return collection name to member MSP ids, in a stable order
     */
    public static Map<String, Set<String>> definedFor(Collection<String> organisations) {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        members.put(UPDATES, Set.copyOf(organisations));
        members.put(MODELS, Set.copyOf(organisations));
        for (String msp : organisations) {
            members.put(updatesOf(msp), Set.of(msp));
            members.put(modelsOf(msp), Set.of(msp));
            members.put(internalOf(msp), Set.of(msp));
        }
        return members;
    }

    private static String checked(String mspId) {
        if (mspId == null || !MSP.matcher(mspId).matches()) {
            throw new IllegalArgumentException("MSP id '" + mspId
                    + "' cannot name a collection: 1-64 letters, digits, '_' or '-'");
        }
        return mspId;
    }
}
