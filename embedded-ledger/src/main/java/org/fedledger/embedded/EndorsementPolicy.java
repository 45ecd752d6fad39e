package org.fedledger.embedded;

/**
 * The chaincode endorsement policy over the channel's organisations, as implicit-meta policies name
 * them: how many distinct organisations must have endorsed the same result.
 *
 * <pre>{@code
 * EmbeddedLedger.builder().policy(EndorsementPolicy.MAJORITY);
 * }</pre>
 */
public enum EndorsementPolicy {
    /** More than half of the organisations (2 of 3): the project's policy. */
    MAJORITY,
    /** Any one organisation. */
    ANY,
    /** Every organisation. */
    ALL;

    /**
     * @param organisations how many organisations the channel has
     * @return how many distinct organisations must endorse
     */
    public int required(int organisations) {
        return switch (this) {
            case MAJORITY -> organisations / 2 + 1;
            case ANY -> 1;
            case ALL -> organisations;
        };
    }
}
