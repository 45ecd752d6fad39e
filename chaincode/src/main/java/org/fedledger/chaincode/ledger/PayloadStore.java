package org.fedledger.chaincode.ledger;

import java.util.Objects;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Update and model payloads in the private data collections, one chunk per private key. Reads check
 * the bytes against the on-chain hash, so a caller never gets silently wrong weights.
 *
 * <pre>{@code
 * payloads.putUpdate("mnist", 1, contributorId, payload);
 * byte[] bytes = payloads.readUpdate(updateRecord);
 * }</pre>
 */
public final class PayloadStore {
    private final ChaincodeStub stub;

    /** @param stub the transaction's stub */
    public PayloadStore(ChaincodeStub stub) {
        this.stub = Objects.requireNonNull(stub, "stub");
    }

    /**
     * Stores an update's chunks in {@link Collections#UPDATES}.
     *
     * @param taskId the task id
     * @param round the round number
     * @param contributor the contributor's identity id
     * @param payload the payload received as transient data
     */
    public void putUpdate(String taskId, int round, String contributor, Payload payload) {
        for (int i = 0; i < payload.chunkCount(); i++) {
            stub.putPrivateData(Collections.UPDATES, Keys.updateChunk(taskId, round, contributor, i),
                    payload.chunks().get(i));
        }
    }

    /**
     * Stores a model's chunks in {@link Collections#MODELS} (round 0, seq 0: the initial model).
     *
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @param payload the payload received as transient data
     */
    public void putModel(String taskId, int round, int seq, Payload payload) {
        for (int i = 0; i < payload.chunkCount(); i++) {
            stub.putPrivateData(Collections.MODELS, Keys.modelChunk(taskId, round, seq, i), payload.chunks().get(i));
        }
    }

    /**
     * @param update the update record
     * @return the update's payload bytes
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#NOT_FOUND} when this
     *     peer does not hold them, {@link ErrorCode#HASH_MISMATCH} when they do not match the record
     */
    public byte[] readUpdate(UpdateRecord update) {
        byte[][] chunks = new byte[update.chunks()][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = stub.getPrivateData(Collections.UPDATES,
                    Keys.updateChunk(update.taskId(), update.round(), update.contributor(), i));
        }
        return join(chunks, update.size(), update.hash(), "update payload");
    }

    /**
     * @param model the global model record
     * @return the model's payload bytes
     * @throws org.fedledger.chaincode.errors.FedLedgerException as {@link #readUpdate(UpdateRecord)}
     */
    public byte[] readModel(ModelRecord model) {
        byte[][] chunks = new byte[model.chunks()][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = stub.getPrivateData(Collections.MODELS,
                    Keys.modelChunk(model.taskId(), model.round(), model.proposalSeq(), i));
        }
        return join(chunks, model.size(), model.hash(), "model payload");
    }

    private static byte[] join(byte[][] chunks, long size, ContentHash hash, String what) {
        long total = 0;
        for (int i = 0; i < chunks.length; i++) {
            if (chunks[i] == null || chunks[i].length == 0) {
                throw new FedLedgerException(ErrorCode.NOT_FOUND, what + " chunk " + i
                        + " is not held on this peer; ask a peer of an organisation in the collection");
            }
            total += chunks[i].length;
        }
        if (total != size) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH, what + " has " + total + " bytes; the record says "
                    + size);
        }
        byte[] all = new byte[Math.toIntExact(total)];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        if (!hash.matches(all)) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH, what + " bytes do not hash to the recorded " + hash);
        }
        return all;
    }
}
