package org.fedledger.embedded.block;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.fedledger.sdk.storage.OwnerOnlyFiles;

/**
 * The append-only block log of a data folder. Each record is {@code length (4 bytes) | CRC-32C of
 * the body (4 bytes) | body}, the body being the block's encoding and the private data written
 * beside it, each length-prefixed. Every append is forced to the device before it returns, so a
 * block reported committed survives a killed process.
 *
 * <p>{@link #open(Path)} reads every record: a short last record (a write cut short) is a torn
 * tail and is cut off; a bad checksum, a block out of sequence, a broken hash chain or bytes that
 * are not a block are refused with {@link LogDamage}.
 *
 * <pre>{@code
 * BlockLog.Opened opened = BlockLog.open(dir.resolve("blocks.log"));
 * opened.log().append(block, PrivateData.of(block));
 * }</pre>
 */
public final class BlockLog implements AutoCloseable {
    private static final int HEADER = 8;

    private final FileChannel channel;

    private BlockLog(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * What opening found.
     *
     * @param log the log, positioned at its end
     * @param blocks the blocks read, in order
     * @param privateData the private data of each block
     * @param tornBytesCut the length of the torn tail cut off (0 when none)
     */
    public record Opened(BlockLog log, List<Block> blocks, List<PrivateData> privateData, long tornBytesCut) {
        /** Copies the lists. */
        public Opened {
            Objects.requireNonNull(log, "log");
            blocks = List.copyOf(blocks);
            privateData = List.copyOf(privateData);
        }
    }

    /**
     * Damage found in the log at open.
     */
    public static final class LogDamage extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long blockNumber;
        private final String kind;

        /**
         * @param blockNumber the position of the damaged record
         * @param kind CHECKSUM, HASH_CHAIN, NUMBER or FORMAT
         * @param detail for a person
         */
        public LogDamage(long blockNumber, String kind, String detail) {
            super(detail);
            this.blockNumber = blockNumber;
            this.kind = kind;
        }

        /** @return the damaged record's block number */
        public long blockNumber() {
            return blockNumber;
        }

        /** @return the kind of damage */
        public String kind() {
            return kind;
        }
    }

    /**
     * Opens (creating if absent) and checks the log.
     *
     * @param file the log file
     * @return the log and its blocks
     * @throws LogDamage when a record is damaged
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Opened open(Path file) {
        try {
            // Every block and the private data beside it: owner-only (data at rest, docs/threat-model.md).
            OwnerOnlyFiles.folder(file.toAbsolutePath().getParent());
            FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                return read(channel);
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the block log " + file, e);
        }
    }

    private static Opened read(FileChannel channel) throws IOException {
        long size = channel.size();
        long offset = 0;
        List<Block> blocks = new ArrayList<>();
        List<PrivateData> privateData = new ArrayList<>();
        long torn = 0;
        while (offset < size) {
            long number = blocks.size();
            if (size - offset < HEADER) {
                torn = size - offset;
                break;
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            readFully(channel, header, offset);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length < 0 || length > Wire.MAX_LENGTH) {
                throw new LogDamage(number, "FORMAT", "record length " + length + " is out of range");
            }
            if (offset + HEADER + length > size) {
                torn = size - offset;
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(channel, body, offset + HEADER);
            byte[] bytes = body.array();
            CRC32C check = new CRC32C();
            check.update(bytes);
            if ((int) check.getValue() != crc) {
                throw new LogDamage(number, "CHECKSUM", "the record's CRC-32C does not match its " + length + " bytes");
            }
            Block block;
            PrivateData pvt;
            try {
                Wire.Reader r = new Wire.Reader(bytes);
                byte[] blockBytes = r.bytes();
                pvt = PrivateData.decode(r.bytes());
                block = Block.decode(blockBytes, pvt);
            } catch (Wire.WireException | IllegalArgumentException e) {
                throw new LogDamage(number, "FORMAT", "the record is not a block: " + e.getMessage());
            }
            if (block.number() != number) {
                throw new LogDamage(number, "NUMBER", "the record holds block " + block.number() + " where block "
                        + number + " belongs");
            }
            byte[] expected = blocks.isEmpty() ? new byte[0] : blocks.get(blocks.size() - 1).hash();
            if (!Arrays.equals(block.previousHash(), expected)) {
                throw new LogDamage(number, "HASH_CHAIN", "previous hash " + HexFormat.of().formatHex(block.previousHash())
                        + " is not the hash of block " + (number - 1) + " (" + HexFormat.of().formatHex(expected) + ")");
            }
            blocks.add(block);
            privateData.add(pvt);
            offset += HEADER + length;
        }
        if (torn > 0) {
            channel.truncate(offset);
            channel.force(true);
        }
        channel.position(offset);
        return new Opened(new BlockLog(channel), blocks, privateData, torn);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of the block log at " + at);
            }
            at += n;
        }
    }

    /**
     * Appends a block and its private data and forces them to the device.
     *
     * @param block the block
     * @param privateData its transactions' private writes
     * @throws UncheckedIOException when the write or the force fails
     */
    public synchronized void append(Block block, PrivateData privateData) {
        byte[] body = new Wire.Writer().bytes(block.encode()).bytes(privateData.encode()).toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer record = ByteBuffer.allocate(HEADER + body.length);
        record.putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
        try {
            while (record.hasRemaining()) {
                channel.write(record);
            }
            // fdatasync: the data and the file length, before anyone is told the block committed.
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append block " + block.number() + " to the block log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the block log", e);
        }
    }
}
