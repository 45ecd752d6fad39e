package org.fedledger.sdk.ledger;

/**
 * Opens {@link LedgerConnection}s of one ledger kind from a {@link ConnectionProfile}; found with
 * {@link java.util.ServiceLoader}, so a kind is added by putting its module on the class path
 * (the embedded ledger registers {@code embedded}; the SDK registers {@code fabric}).
 *
 * <pre>{@code
 * LedgerConnection c = LedgerProvider.open(ConnectionProfile.fromEnvironment());
 * }</pre>
 */
public interface LedgerProvider {
    /** @return the {@code ledger} value of the profiles this provider opens */
    String kind();

    /**
     * Opens a connection that owns everything it creates.
     *
     * @throws IllegalArgumentException when the profile lacks what the kind needs
     */
    LedgerConnection connect(ConnectionProfile profile);

    /**
     * Opens a connection with the provider of the profile's kind.
     *
     * @throws IllegalArgumentException when no provider of that kind is on the class path
     */
    static LedgerConnection open(ConnectionProfile profile) {
        for (LedgerProvider provider : java.util.ServiceLoader.load(LedgerProvider.class)) {
            if (provider.kind().equals(profile.ledger())) {
                return provider.connect(profile);
            }
        }
        throw new IllegalArgumentException("no ledger of kind '" + profile.ledger() + "' on the class path (fabric is"
                + " in client-sdk; embedded needs the embedded-ledger module)");
    }
}
