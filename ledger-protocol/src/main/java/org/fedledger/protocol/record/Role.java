package org.fedledger.protocol.record;

import java.util.Locale;
import java.util.Optional;

/**
 * The roles a participant can hold. Wire names are lower case and stored in participant records.
 *
 * <pre>{@code
 * Role.fromWireName("trainer"); // Optional[TRAINER]
 * }</pre>
 */
public enum Role {
    /** Creates tasks, opens and closes rounds. */
    COORDINATOR,
    /** Submits updates. */
    TRAINER,
    /** Proposes aggregated models. */
    AGGREGATOR,
    /** Attests proposals for its organisation. */
    VERIFIER,
    /** Reads everything, including key history. */
    AUDITOR;

    /** @return the stored name, e.g. {@code "trainer"} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a stored role name, such as {@code "trainer"}
     * @return the role with that stored name, if any
     */
    public static Optional<Role> fromWireName(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
