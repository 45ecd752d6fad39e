package org.fedledger.embedded.block;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A committed block: header (number, previous block's hash, hash of its data), the transactions in
 * order, and, as metadata outside the header hash (as Fabric's transaction filter), each
 * transaction's validation code. Block 0 is instead the channel's configuration block: no
 * transactions, one config envelope (see {@link ChannelConfig}).
 *
 * <pre>{@code
 * Block b = ledger.block(3).orElseThrow();
 * b.validationCodes().get(0);   // TxValidationCode.VALID
 * }</pre>
 *
 * @param number the block number, from 0
 * @param previousHash the previous block's {@link #hash()}; empty for block 0
 * @param dataHash SHA-256 over the transactions' Fabric envelopes
 * @param transactions the transactions in order
 * @param validationCodes one per transaction
 * @param configEnvelope the serialized config envelope of a configuration block; empty otherwise
 */
public record Block(long number, byte[] previousHash, byte[] dataHash, List<Transaction> transactions,
        List<TxValidationCode> validationCodes, byte[] configEnvelope) {

    /** Checks the parts and copies arrays and lists. */
    public Block {
        if (number < 0) {
            throw new IllegalArgumentException("block number must be >= 0, was " + number);
        }
        previousHash = Objects.requireNonNull(previousHash, "previousHash").clone();
        dataHash = Objects.requireNonNull(dataHash, "dataHash").clone();
        transactions = List.copyOf(transactions);
        validationCodes = List.copyOf(validationCodes);
        configEnvelope = Objects.requireNonNull(configEnvelope, "configEnvelope").clone();
        if (transactions.size() != validationCodes.size()) {
            throw new IllegalArgumentException(transactions.size() + " transactions but " + validationCodes.size()
                    + " validation codes");
        }
        if (configEnvelope.length > 0 && !transactions.isEmpty()) {
            throw new IllegalArgumentException("a configuration block holds no transactions");
        }
    }

    /**
     * A block of transactions.
     *
     * @param number the number
     * @param previousHash the previous block's hash
     * @param dataHash SHA-256 over the transactions' envelopes
     * @param transactions the transactions
     * @param validationCodes their codes
     */
    public Block(long number, byte[] previousHash, byte[] dataHash, List<Transaction> transactions,
            List<TxValidationCode> validationCodes) {
        this(number, previousHash, dataHash, transactions, validationCodes, new byte[0]);
    }

    /**
     * @param configEnvelope the serialized genesis config envelope ({@link ChannelConfig#genesisEnvelope})
     * @return block 0 holding it, with Fabric's data hash (SHA-256 of the envelope)
     */
    public static Block genesis(byte[] configEnvelope) {
        if (configEnvelope.length == 0) {
            throw new IllegalArgumentException("the config envelope is empty");
        }
        return new Block(0, new byte[0], FabricFormat.sha256(configEnvelope), List.of(), List.of(), configEnvelope);
    }

    /** @return whether this is a configuration block (block 0) */
    public boolean isConfig() {
        return configEnvelope.length > 0;
    }

    /** @return a copy of the config envelope; empty unless {@link #isConfig()} */
    @Override
    public byte[] configEnvelope() {
        return configEnvelope.clone();
    }

    /**
     * @param number the number
     * @param previousHash the previous block's hash
     * @param transactions the transactions
     * @param validationCodes their codes
     * @return the block, with its data hash computed
     */
    public static Block of(long number, byte[] previousHash, List<Transaction> transactions,
            List<TxValidationCode> validationCodes) {
        return new Block(number, previousHash, dataHash(transactions), transactions, validationCodes);
    }

    /** @return Fabric's data hash: SHA-256 over the transactions' concatenated envelopes */
    public static byte[] dataHash(List<Transaction> transactions) {
        return FabricFormat.dataHash(transactions);
    }

    /** @return a copy of the previous block's hash */
    @Override
    public byte[] previousHash() {
        return previousHash.clone();
    }

    /** @return a copy of the data hash */
    @Override
    public byte[] dataHash() {
        return dataHash.clone();
    }

    /** @return Fabric's header hash (DER of number, previous hash, data hash); the next block names it */
    public byte[] hash() {
        return FabricFormat.headerHash(number, previousHash, dataHash);
    }

    /**
     * @return the block's encoding in the log (private values hashed); a configuration block ends
     *     with its config envelope, verbatim
     */
    public byte[] encode() {
        Wire.Writer w = new Wire.Writer().int64(number).bytes(previousHash).bytes(dataHash).int32(transactions.size());
        for (Transaction tx : transactions) {
            w.bytes(tx.encode());
        }
        for (TxValidationCode code : validationCodes) {
            w.int32(code.getNumber());
        }
        if (isConfig()) {
            w.bytes(configEnvelope);
        }
        return w.toByteArray();
    }

    /**
     * Reads a block written by {@link #encode()}; the transactions' private values come from
     * {@code privateData}.
     *
     * @param bytes the encoding
     * @param privateData the private values kept beside the block
     * @return the block
     * @throws Wire.WireException when the bytes are not a block, or its data hash is wrong
     */
    public static Block decode(byte[] bytes, PrivateData privateData) {
        Wire.Reader r = new Wire.Reader(bytes);
        long number = r.int64();
        byte[] previous = r.bytes();
        byte[] dataHash = r.bytes();
        int n = r.count(1_000_000);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            txs.add(Transaction.decode(r.bytes(), privateData.of(i)));
        }
        List<TxValidationCode> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int code = r.int32();
            TxValidationCode c = TxValidationCode.forNumber(code);
            if (c == null) {
                throw new Wire.WireException("unknown validation code " + code + " for transaction " + i, null);
            }
            codes.add(c);
        }
        byte[] config = n == 0 && r.available() > 0 ? r.bytes() : new byte[0];
        if (r.available() != 0) {
            throw new Wire.WireException(r.available() + " bytes after the block's end", null);
        }
        if (config.length > 0 ? !Arrays.equals(FabricFormat.sha256(config), dataHash) : !Arrays.equals(dataHash(txs),
                dataHash)) {
            throw new Wire.WireException("the data hash does not match the block's data", null);
        }
        return new Block(number, previous, dataHash, txs, codes, config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && b.number == number && Arrays.equals(b.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number);
    }

    @Override
    public String toString() {
        return "Block[number=" + number + ", transactions=" + transactions.size() + "]";
    }
}
