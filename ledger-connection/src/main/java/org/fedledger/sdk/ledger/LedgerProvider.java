package org.fedledger.sdk.ledger;

import java.util.ServiceLoader;

/**
 * Opens {@link LedgerConnection}s of one ledger kind from a {@link ConnectionProfile}; found with
 * {@link ServiceLoader}, so a kind is added by putting its module on the class path (the embedded
 * ledger registers {@code embedded}; the SDK registers {@code fabric}).
 *
 * <p>A provider holds no state outside itself: what it opens for its connections (an embedded
 * ledger's data folder, for one) is shared by the connections of one provider instance and closed
 * with the last of them. {@link #open(ConnectionProfile)} uses a fresh instance, so its connection
 * owns what it opens; code that keeps several connections to one ledger at once takes one instance
 * with {@link #of(String)} and connects through it.
 *
 * <pre>{@code
 * LedgerConnection c = LedgerProvider.open(ConnectionProfile.fromEnvironment());
 *
 * LedgerProvider ledgers = LedgerProvider.of(profile.ledger());
 * try (LedgerConnection admin = ledgers.connect(profile); LedgerConnection user = ledgers.connect(userProfile)) { ... }
 * }</pre>
 */
public interface LedgerProvider {
    /** @return the {@code ledger} value of the profiles this provider opens */
    String kind();

    /**
     * Opens a connection. It owns everything it creates; what it shares with other connections of
     * this provider (an embedded ledger) is closed with the last of them.
     *
     * @param profile the connection's profile, of this provider's kind
     * @return the connection; close it when done
     * @throws IllegalArgumentException when the profile lacks what the kind needs
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the ledger was not reached
     * @throws org.fedledger.sdk.errors.LedgerCorruptException the ledger's stored blocks do not open
     */
    LedgerConnection connect(ConnectionProfile profile);

    /**
     * The certificate of a member of the profile's organisation, by name, as the organisation's
     * admin registers it: where the ledger's kind keeps its members' identities (the embedded
     * ledger's organisation, which creates a member on first use; on Fabric, the profile's
     * {@code usersDirectory} as cryptogen writes it).
     *
     * <pre>{@code
     * String pem = LedgerProvider.of(profile.ledger()).memberCertificate(profile, "User3");
     * }</pre>
     *
     * @param profile a profile of the member's organisation, of this provider's kind
     * @param member the member's name, such as {@code User3}
     * @return the member's X.509 certificate, PEM
     * @throws IllegalArgumentException when the profile cannot name members, or has no such member
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the ledger was not reached
     * @throws org.fedledger.sdk.errors.LedgerCorruptException the ledger's stored blocks do not open
     */
    String memberCertificate(ConnectionProfile profile, String member);

    /**
     * A new instance of the provider of a ledger kind.
     *
     * @param kind a {@code ledger} value, such as {@code fabric} or {@code embedded}
     * @return a provider of that kind, sharing nothing with any other instance
     * @throws IllegalArgumentException when no provider of that kind is on the class path
     */
    static LedgerProvider of(String kind) {
        for (LedgerProvider provider : ServiceLoader.load(LedgerProvider.class)) {
            if (provider.kind().equals(kind)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("no ledger of kind '" + kind + "' on the class path (fabric is"
                + " in client-sdk; embedded needs the embedded-ledger module)");
    }

    /**
     * Opens a connection with a new provider of the profile's kind: the connection owns what it
     * opens.
     *
     * @param profile the connection's profile
     * @return the connection; close it when done
     * @throws IllegalArgumentException when no provider of that kind is on the class path, or the
     *     profile lacks what the kind needs
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException the ledger was not reached
     * @throws org.fedledger.sdk.errors.LedgerCorruptException the ledger's stored blocks do not open
     */
    static LedgerConnection open(ConnectionProfile profile) {
        return of(profile.ledger()).connect(profile);
    }
}
