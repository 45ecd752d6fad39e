package org.fedledger.chaincode.ledger;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.PayloadLayout;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Update and model payloads in the private data collections, one chunk per private key. Where a
 * task's chunks go is its {@link PayloadLayout}: a per-organisation task writes one copy into the
 * collections of every organisation it allows, and only of those, so an organisation outside the task
 * stores none of its bytes. A read returns the copy of the organisation whose peer runs it (any task
 * organisation's copy is the same bytes), so a reader whose own peer is down or lacks a copy can read
 * through another task organisation's peer. Reads check the bytes against the on-chain hash, so a
 * caller never gets silently wrong weights.
 *
 * <pre>{@code
 * payloads.putUpdate(task, 1, contributorId, payload);
 * byte[] bytes = payloads.readUpdate(task, updateRecord, caller.msp());
 * }</pre>
 */
public final class PayloadStore {
    /** A private key no transaction writes: reading its hash shows whether a collection is defined. */
    private static final String PROBE_KEY = "collection-check";

    private final ChaincodeStub stub;

    /** @param stub the transaction's stub */
    public PayloadStore(ChaincodeStub stub) {
        this.stub = Objects.requireNonNull(stub, "stub");
    }

    /**
     * Checks that the chaincode definition has both per-organisation collections of every organisation,
     * so that no later write of the task fails on a collection that is not there.
     *
     * @param organisations the MSP ids a new task allows
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} naming the first organisation without them
     */
    public void requireCollectionsOf(List<String> organisations) {
        for (String msp : organisations) {
            for (String collection : List.of(Collections.updatesOf(msp), Collections.modelsOf(msp))) {
                try {
                    stub.getPrivateDataHash(collection, PROBE_KEY);
                } catch (RuntimeException e) {
                    throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.allowedOrgs", "organisation "
                            + msp + " has no private data collection " + collection + " in the chaincode definition"
                            + " (an organisation gets its collections when it joins the channel's chaincode definition)");
                }
            }
        }
    }

    /**
     * Stores an update's chunks in the task's update collections.
     *
     * @param task the task
     * @param round the round number
     * @param contributor the contributor's identity id
     * @param payload the payload received as transient data
     */
    public void putUpdate(TaskRecord task, int round, String contributor, Payload payload) {
        for (String collection : writeCollections(task, Collections.UPDATES, Collections::updatesOf)) {
            for (int i = 0; i < payload.chunkCount(); i++) {
                stub.putPrivateData(collection, Keys.updateChunk(task.taskId(), round, contributor, i),
                        payload.chunks().get(i));
            }
        }
    }

    /**
     * Stores a model's chunks in the task's model collections (round 0, seq 0: the initial model).
     *
     * @param task the task
     * @param round the round number
     * @param seq the proposal sequence number
     * @param payload the payload received as transient data
     */
    public void putModel(TaskRecord task, int round, int seq, Payload payload) {
        for (String collection : writeCollections(task, Collections.MODELS, Collections::modelsOf)) {
            for (int i = 0; i < payload.chunkCount(); i++) {
                stub.putPrivateData(collection, Keys.modelChunk(task.taskId(), round, seq, i), payload.chunks().get(i));
            }
        }
    }

    /**
     * @param task the update's task
     * @param update the update record
     * @param readerMsp the reading identity's organisation (one the task allows)
     * @return the update's payload bytes
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#NOT_FOUND} when this
     *     peer does not hold them, {@link ErrorCode#HASH_MISMATCH} when they do not match the record
     */
    public byte[] readUpdate(TaskRecord task, UpdateRecord update, String readerMsp) {
        String collection = readCollection(task, readerMsp, Collections.UPDATES, Collections::updatesOf);
        byte[][] chunks = new byte[update.chunks()][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = held(collection, Keys.updateChunk(update.taskId(), update.round(), update.contributor(), i));
        }
        return join(chunks, update.size(), update.hash(), "update payload");
    }

    /**
     * @param task the model's task
     * @param model the global model record
     * @param readerMsp the reading identity's organisation (one the task allows)
     * @return the model's payload bytes
     * @throws org.fedledger.chaincode.errors.FedLedgerException as {@link #readUpdate}
     */
    public byte[] readModel(TaskRecord task, ModelRecord model, String readerMsp) {
        String collection = readCollection(task, readerMsp, Collections.MODELS, Collections::modelsOf);
        byte[][] chunks = new byte[model.chunks()][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = held(collection, Keys.modelChunk(model.taskId(), model.round(), model.proposalSeq(), i));
        }
        return join(chunks, model.size(), model.hash(), "model payload");
    }

    private static List<String> writeCollections(TaskRecord task, String shared, UnaryOperator<String> perOrganisation) {
        return switch (task.payloadLayout()) {
            case SHARED -> List.of(shared);
            case PER_ORGANISATION -> task.allowedOrgs().stream().map(perOrganisation).toList();
        };
    }

    private String readCollection(TaskRecord task, String readerMsp, String shared,
            UnaryOperator<String> perOrganisation) {
        return switch (task.payloadLayout()) {
            case SHARED -> shared;
            case PER_ORGANISATION -> {
                String holder = peerOrganisation(readerMsp);
                if (!task.allowedOrgs().contains(holder)) {
                    throw new FedLedgerException(ErrorCode.NOT_FOUND, "this peer's organisation " + holder
                            + " holds no copy of task '" + task.taskId() + "''s payloads; ask a peer of "
                            + task.allowedOrgs());
                }
                yield perOrganisation.apply(holder);
            }
        };
    }

    /**
     * The organisation of the peer running this transaction, which the shim learns from
     * {@code CORE_PEER_LOCALMSPID}; a chaincode server started without it reads the reader's own
     * organisation's copy, which is right on the reader's own peer.
     */
    private String peerOrganisation(String readerMsp) {
        try {
            return stub.getMspId();
        } catch (IllegalStateException e) {
            return readerMsp;
        }
    }

    /** A chunk as this peer holds it: empty when it holds none, or when the peer cannot give it (not yet reconciled). */
    private byte[] held(String collection, String key) {
        try {
            return stub.getPrivateData(collection, key);
        } catch (RuntimeException e) {
            // Fabric answers an error, not an empty value, for a key whose hash it has but whose value it
            // lacks (a copy pushed while this peer was down): the same for the reader as not held here.
            return new byte[0];
        }
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
