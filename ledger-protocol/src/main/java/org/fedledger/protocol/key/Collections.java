package org.fedledger.protocol.key;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
     * The collections a channel of these organisations defines, with their members: the shared pair
     * with every organisation, and each organisation's own pair with it alone (as the local network's
     * collections configuration).
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
