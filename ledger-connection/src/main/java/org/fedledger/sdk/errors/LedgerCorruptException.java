package org.fedledger.sdk.errors;

/**
 * The ledger's own store of blocks does not open: a stored block fails its checks (checksum, hash
 * chain, numbering, format, or a channel configuration that does not match the ledger's). The store
 * was not changed. Not retryable: the store must be restored from a copy, or opened with the
 * configuration it was written with.
 *
 * <pre>{@code
 * catch (LedgerCorruptException e) { report("block " + e.blockNumber() + ": " + e.getMessage()); }
 * }</pre>
 */
public final class LedgerCorruptException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private final long blockNumber;

    /**
     * @param message what is wrong, for a person
     * @param blockNumber the number of the first block that fails its checks
     * @param cause the ledger's own exception
     */
    public LedgerCorruptException(String message, long blockNumber, Throwable cause) {
        super(message, null, cause);
        this.blockNumber = blockNumber;
    }

    /** @return the number of the first block that fails its checks */
    public long blockNumber() {
        return blockNumber;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
