package org.fedledger.embedded;

import java.util.HexFormat;

/**
 * The chain's height and the hashes of its last two blocks, as Fabric's chain info query returns.
 *
 * <pre>{@code
 * long height = ledger.chainInfo().height();
 * }</pre>
 *
 * @param height the number of blocks
 * @param currentBlockHash the last block's header hash
 * @param previousBlockHash the hash the last block names as previous
 */
public record ChainInfo(long height, byte[] currentBlockHash, byte[] previousBlockHash) {
    /** Copies the hashes. */
    public ChainInfo {
        currentBlockHash = currentBlockHash.clone();
        previousBlockHash = previousBlockHash.clone();
    }

    /** @return a copy of the last block's hash */
    @Override
    public byte[] currentBlockHash() {
        return currentBlockHash.clone();
    }

    /** @return a copy of the previous hash */
    @Override
    public byte[] previousBlockHash() {
        return previousBlockHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainInfo c && c.height == height && java.util.Arrays.equals(c.currentBlockHash, currentBlockHash)
                && java.util.Arrays.equals(c.previousBlockHash, previousBlockHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(height);
    }

    @Override
    public String toString() {
        return "ChainInfo[height=" + height + ", current=" + HexFormat.of().formatHex(currentBlockHash) + "]";
    }
}
