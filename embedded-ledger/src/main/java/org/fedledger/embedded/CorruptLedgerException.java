package org.fedledger.embedded;

import java.util.Objects;

/**
 * The block log in the data folder is damaged (not merely torn at its end): the ledger refuses to
 * open it. The block number and the kind of damage are fields.
 *
 * <pre>{@code
 * catch (CorruptLedgerException e) { log(e.blockNumber() + ": " + e.problem()); }
 * }</pre>
 */
public final class CorruptLedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with a block record. */
    public enum Problem {
        /** A whole record whose checksum does not match its bytes. */
        CHECKSUM,
        /** The record's previous-hash is not the hash of the block before it. */
        HASH_CHAIN,
        /** The block number is not the next in sequence. */
        NUMBER,
        /** The record's bytes are not a block (or its data hash is wrong). */
        FORMAT,
        /**
         * Block 0 is not this ledger's channel configuration block: a data folder written before block
         * 0 was a config block, or one opened with other organisations, CA certificates or policy.
         */
        CONFIG
    }

    private final long blockNumber;
    private final Problem problem;

    /**
     * @param blockNumber the number of the damaged block (its position in the log)
     * @param problem what is wrong
     * @param detail details for a person
     */
    public CorruptLedgerException(long blockNumber, Problem problem, String detail) {
        super("block log is corrupt at block " + blockNumber + ": " + Objects.requireNonNull(problem, "problem") + ": "
                + detail);
        this.blockNumber = blockNumber;
        this.problem = problem;
    }

    /** @return the damaged block's number */
    public long blockNumber() {
        return blockNumber;
    }

    /** @return what is wrong */
    public Problem problem() {
        return problem;
    }
}
