package org.fedledger.embedded;

import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import org.fedledger.embedded.block.Block;
import org.fedledger.embedded.block.Transaction;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The chaincode events of valid transactions from a position on, read from committed blocks: what
 * a peer's event service delivers, after commit, in block order. Within the starting block, events
 * up to and including the position's last handled transaction are skipped.
 */
final class LedgerEvents implements EventStream {
    private final Ledger ledger;
    private final Consumer<EventStream> onClose;
    private final ArrayDeque<ChaincodeEventRecord> buffer = new ArrayDeque<>();
    private final long startBlock;
    private final Optional<String> skipThrough;
    private long nextBlock;
    private volatile boolean closed;

    LedgerEvents(Ledger ledger, EventPosition from, Consumer<EventStream> onClose) {
        this.ledger = ledger;
        this.onClose = onClose;
        this.startBlock = from.blockNumber();
        this.skipThrough = from.lastTransactionId();
        this.nextBlock = from.blockNumber();
    }

    @Override
    public boolean hasNext() {
        while (buffer.isEmpty()) {
            if (closed) {
                return false;
            }
            Optional<Block> block;
            try {
                block = ledger.awaitBlock(nextBlock, () -> closed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (block.isEmpty()) {
                return false;
            }
            load(block.get());
            nextBlock++;
        }
        return true;
    }

    private void load(Block block) {
        List<Transaction> txs = block.transactions();
        boolean skipping = block.number() == startBlock && skipThrough.isPresent()
                && txs.stream().anyMatch(t -> t.txId().equals(skipThrough.get()));
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (skipping) {
                if (tx.txId().equals(skipThrough.get())) {
                    skipping = false;
                }
                continue;
            }
            if (block.validationCodes().get(i) == TxValidationCode.VALID) {
                tx.result().event().ifPresent(e -> buffer.add(new ChaincodeEventRecord(block.number(), tx.txId(),
                        e.name(), e.payload())));
            }
        }
    }

    @Override
    public ChaincodeEventRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the event stream is closed");
        }
        return buffer.poll();
    }

    @Override
    public void close() {
        closed = true;
        ledger.wakeBlockWaiters(); // a reader waiting for the next block sees the stream closed now
        onClose.accept(this);
    }
}
