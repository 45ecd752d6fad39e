package org.fedledger.embedded.state;

/**
 * The version of a committed value, as Fabric's state database keeps it: the block and the
 * transaction's position in it that last wrote the key.
 *
 * <pre>{@code
 * Version v = new Version(7, 2);   // written by transaction 2 of block 7
 * }</pre>
 *
 * @param block the block number
 * @param tx the transaction's index in the block
 */
public record Version(long block, int tx) {
    /** Checks both numbers are not negative. */
    public Version {
        if (block < 0 || tx < 0) {
            throw new IllegalArgumentException("a version is (block >= 0, tx >= 0), was (" + block + ", " + tx + ")");
        }
    }

    @Override
    public String toString() {
        return block + ":" + tx;
    }
}
