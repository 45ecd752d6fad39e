package org.fedledger.chaincode.testing;

/**
 * The height at which a key was last written: block number and transaction number in the block,
 * as Fabric's version of a state entry. The fake puts every transaction in its own block, so
 * {@code txNum} is always 0.
 *
 * <pre>{@code Optional<Version> v = ledger.version("k"); }</pre>
 */
public record Version(long blockNum, int txNum) implements Comparable<Version> {
    @Override
    public int compareTo(Version other) {
        int byBlock = Long.compare(blockNum, other.blockNum);
        return byBlock != 0 ? byBlock : Integer.compare(txNum, other.txNum);
    }

    @Override
    public String toString() {
        return blockNum + ":" + txNum;
    }
}
