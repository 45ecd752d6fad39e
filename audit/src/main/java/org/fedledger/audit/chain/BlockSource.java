package org.fedledger.audit.chain;

/**
 * Where raw blocks come from: the peer an auditor queries (the SDK's {@code Auditor}), or anything
 * else that yields serialized {@code common.Block} messages in order.
 *
 * <pre>{@code
 * BlockSource source = BlockSource.of(auditor::blockHeight, auditor::block);
 * }</pre>
 */
public interface BlockSource {
    /** @return the number of blocks */
    long height();

    /**
     * @param number from 0 to {@code height() - 1}
     * @return the serialized block
     */
    byte[] block(long number);

    /**
     * @param height the height supplier
     * @param block the block reader
     * @return a source over the two functions
     */
    static BlockSource of(java.util.function.LongSupplier height, java.util.function.LongFunction<byte[]> block) {
        return new BlockSource() {
            @Override
            public long height() {
                return height.getAsLong();
            }

            @Override
            public byte[] block(long number) {
                return block.apply(number);
            }
        };
    }
}
