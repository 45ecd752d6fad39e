package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.protocol.transaction.TransactionName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder: the block log survives restarts and kills; a torn tail is cut; damage is refused. */
class DurabilityTest {
    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("blocks.log");
    }

    /** Runs a round with two updates in a durable network and closes it; returns the height. */
    private long roundWithTwoUpdates() {
        try (Network net = Network.durable(dir, true)) {
            Task task = Task.create(net, "mnist");
            task.openRound();
            task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
            task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
            return net.ledger.height();
        }
    }

    /** Offsets of each record in the log. */
    private List<Long> recordOffsets() throws IOException {
        List<Long> offsets = new ArrayList<>();
        byte[] bytes = Files.readAllBytes(log());
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long at = 0;
        while (at < bytes.length) {
            offsets.add(at);
            at += 8 + b.getInt((int) at);
        }
        return offsets;
    }

    @Test
    void a_restarted_ledger_rebuilds_its_state_and_identities_from_the_data_folder() {
        long height = roundWithTwoUpdates();
        try (Network net = Network.durable(dir, false)) {
            assertThat(net.ledger.height()).isEqualTo(height);
            assertThat(net.ledger.recovery()).isEqualTo(new Recovery(height, 0));
            Task task = new Task(net, "mnist");
            assertThat((List<?>) Network.json(net.auditor.evaluate(TransactionName.GET_ROUND, List.of("mnist", "1")))
                    .get("accepted")).isEmpty();
            assertThat(Task.utf8(net.auditor.evaluate(TransactionName.LIST_UPDATES, List.of("mnist", "1"))))
                    .contains("\"samples\":100").contains("\"samples\":300");
            // Private data came back too, and the persisted trainer identity still acts.
            byte[] update = net.aggregator.evaluate(TransactionName.READ_UPDATE_PAYLOAD, List.of("mnist", "1",
                    contributorId(net)));
            assertThat(update).isEqualTo(ModelCodec.encode(Task.model(1f)));
            task.submitUpdate(net.trainer3, 1, Task.model(3f), 600);
            assertThat(task.closeRound(1)).containsEntry("state", "CLOSED");
        }
    }

    private static String contributorId(Network net) {
        return (String) Network.json(net.trainer1.evaluate(TransactionName.WHO_AM_I, List.of())).get("id");
    }

    @Test
    void a_commit_is_reported_only_once_its_block_is_in_the_log() throws Exception {
        try (Network net = Network.durable(dir, true)) {
            Identity member = net.ledger.organisation("Org2MSP").client("late-trainer");
            Endorsed endorsed = net.ledger.endorse(member, TransactionName.REQUEST_ROLES, List.of("trainer"),
                    Map.of(), net.ledger.defaultEndorsers(member));
            // The dependent step runs where the future completes: what it counts is what the log held then.
            CompletableFuture<long[]> seen = net.ledger.submit(endorsed)
                    .thenApply(status -> new long[] {status.blockNumber(), recordsInLog()});
            long[] blockAndRecords = seen.get(30, TimeUnit.SECONDS);
            assertThat(blockAndRecords[1]).as("records in the log when block %d was reported", blockAndRecords[0])
                    .isEqualTo(blockAndRecords[0] + 1);
        }
    }

    private long recordsInLog() {
        try {
            return recordOffsets().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_data_folder_in_use_is_refused_to_a_second_ledger_until_the_first_closes() {
        Network first = Network.durable(dir, true);
        try {
            Task.create(first, "mnist").openRound();
            DataFolderInUseException e = catchThrowableOfType(DataFolderInUseException.class,
                    () -> Network.builder().dataFolder(dir).build());
            assertThat(e.holderPid()).hasValue(ProcessHandle.current().pid());
            assertThat(e).hasMessageContaining("in use by another ledger in this process");
            // The refused opener touched nothing: the first ledger still holds the folder and commits.
            Task.create(first, "cifar");
            assertThat(catchThrowableOfType(DataFolderInUseException.class,
                    () -> Network.builder().dataFolder(dir).build())).isNotNull();
        } finally {
            first.close();
        }
        long height;
        ChainInfo info;
        try (Network reopened = Network.durable(dir, false)) {
            height = reopened.ledger.height();
            info = reopened.ledger.chainInfo();
            String created = (String) Network.json(reopened.auditor.evaluate(TransactionName.GET_TASK, List.of("cifar")))
                    .get("txId");
            assertThat(reopened.ledger.transaction(created)).isPresent();
        }
        try (EmbeddedLedger again = Network.builder().dataFolder(dir).build()) {
            assertThat(again.height()).isEqualTo(height);
            assertThat(again.chainInfo()).isEqualTo(info);
        }
    }

    @Test
    void a_torn_last_record_is_cut_and_reported_and_the_ledger_goes_on() throws IOException {
        long height = roundWithTwoUpdates();
        long size = Files.size(log());
        try (FileChannel ch = FileChannel.open(log(), StandardOpenOption.WRITE)) {
            ch.truncate(size - 17);
        }
        try (Network net = Network.durable(dir, false)) {
            assertThat(net.ledger.height()).isEqualTo(height - 1);
            assertThat(net.ledger.recovery().tornBytesCut()).isPositive();
            assertThat(net.ledger.recovery().blocks()).isEqualTo(height - 1);
            new Task(net, "mnist").submitUpdate(net.trainer2, 1, Task.model(2f), 300);
        }
        try (EmbeddedLedger again = Network.builder().dataFolder(dir).build()) {
            assertThat(again.height()).isEqualTo(height);
            assertThat(again.recovery().tornBytesCut()).isZero();
        }
    }

    @Test
    void a_flipped_byte_inside_a_block_is_refused_at_open_with_its_block_number() throws IOException {
        roundWithTwoUpdates();
        long at = recordOffsets().get(2) + 40;
        try (FileChannel ch = FileChannel.open(log(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            ch.write(one, at);
        }
        CorruptLedgerException e = catchThrowableOfType(CorruptLedgerException.class,
                () -> Network.builder().dataFolder(dir).build());
        assertThat(e.blockNumber()).isEqualTo(2);
        assertThat(e.problem()).isEqualTo(CorruptLedgerException.Problem.CHECKSUM);
        assertThat(e.getMessage()).contains("block 2");
        // A refused open lets go of the folder: the next attempt reads the log again, and is refused again.
        assertThat(catchThrowableOfType(CorruptLedgerException.class, () -> Network.builder().dataFolder(dir).build()))
                .isNotNull();
    }

    @Test
    void a_record_repeated_at_the_end_is_refused_as_out_of_sequence() throws IOException {
        long height = roundWithTwoUpdates();
        List<Long> offsets = recordOffsets();
        byte[] bytes = Files.readAllBytes(log());
        byte[] record1 = java.util.Arrays.copyOfRange(bytes, offsets.get(1).intValue(), offsets.get(2).intValue());
        Files.write(log(), record1, StandardOpenOption.APPEND);
        CorruptLedgerException e = catchThrowableOfType(CorruptLedgerException.class,
                () -> Network.builder().dataFolder(dir).build());
        assertThat(e.blockNumber()).isEqualTo(height);
        assertThat(e.problem()).isEqualTo(CorruptLedgerException.Problem.NUMBER);
    }

    @Test
    void a_block_whose_previous_hash_was_rewritten_breaks_the_hash_chain() throws IOException {
        roundWithTwoUpdates();
        long at = recordOffsets().get(3);
        byte[] bytes = Files.readAllBytes(log());
        int length = ByteBuffer.wrap(bytes).getInt((int) at);
        byte[] body = java.util.Arrays.copyOfRange(bytes, (int) at + 8, (int) at + 8 + length);
        // body: block length (4) | block number (8) | previous-hash length (4) | previous hash ...
        body[4 + 8 + 4] ^= 0x01;
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer.wrap(bytes).putInt((int) at + 4, (int) crc.getValue());
        System.arraycopy(body, 0, bytes, (int) at + 8, length);
        Files.write(log(), bytes);
        CorruptLedgerException e = catchThrowableOfType(CorruptLedgerException.class,
                () -> Network.builder().dataFolder(dir).build());
        assertThat(e.blockNumber()).isEqualTo(3);
        assertThat(e.problem()).isEqualTo(CorruptLedgerException.Problem.HASH_CHAIN);
    }

    @Test
    void an_in_memory_ledger_writes_nothing() throws IOException {
        try (EmbeddedLedger ledger = Network.builder().inMemory().build()) {
            ledger.connect(ledger.organisation("Org1MSP").client("x")).submit(TransactionName.REQUEST_ROLES,
                    List.of("trainer"), Map.of());
            assertThat(ledger.height()).isEqualTo(2);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
