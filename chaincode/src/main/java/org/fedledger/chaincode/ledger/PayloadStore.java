package org.fedledger.chaincode.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.PayloadLayout;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

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
        requireCollectionsOf(organisations, false);
    }

    /**
     * As {@link #requireCollectionsOf(List)}, and for a hierarchical task each organisation's internal
     * collection too.
     *
     * @param organisations the MSP ids a new task allows
     * @param internal whether the task is hierarchical
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} naming the first organisation without them
     */
    public void requireCollectionsOf(List<String> organisations, boolean internal) {
        for (String msp : organisations) {
            List<String> needed = internal ? List.of(Collections.updatesOf(msp), Collections.modelsOf(msp),
                    Collections.internalOf(msp)) : List.of(Collections.updatesOf(msp), Collections.modelsOf(msp));
            for (String collection : needed) {
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
            write(collection, i -> Keys.updateChunk(task.taskId(), round, contributor, i), payload);
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
            write(collection, i -> Keys.modelChunk(task.taskId(), round, seq, i), payload);
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
        return read(readCollection(task, readerMsp, Collections.UPDATES, Collections::updatesOf),
                i -> Keys.updateChunk(update.taskId(), update.round(), update.contributor(), i), update.chunks(),
                update.size(), update.hash(), "update payload");
    }

    /**
     * @param task the model's task
     * @param model the global model record
     * @param readerMsp the reading identity's organisation (one the task allows)
     * @return the model's payload bytes
     * @throws org.fedledger.chaincode.errors.FedLedgerException as {@link #readUpdate}
     */
    public byte[] readModel(TaskRecord task, ModelRecord model, String readerMsp) {
        return readModelChunks(task, model.round(), model.proposalSeq(), model.chunks(), model.size(), model.hash(),
                readerMsp, "model payload");
    }

    /**
     * @param task the proposal's task
     * @param proposal a proposal record
     * @param readerMsp the reading identity's organisation (one the task allows)
     * @return the proposal's output bytes (a model that may never become FINAL)
     * @throws org.fedledger.chaincode.errors.FedLedgerException as {@link #readUpdate}
     */
    public byte[] readProposal(TaskRecord task, ProposalRecord proposal, String readerMsp) {
        return readModelChunks(task, proposal.round(), proposal.seq(), proposal.outputChunks(),
                proposal.outputSize(), proposal.outputHash(), readerMsp, "proposal payload");
    }

    private byte[] readModelChunks(TaskRecord task, int round, int seq, int chunks, long size, ContentHash hash,
            String readerMsp, String what) {
        return read(readCollection(task, readerMsp, Collections.MODELS, Collections::modelsOf),
                i -> Keys.modelChunk(task.taskId(), round, seq, i), chunks, size, hash, what);
    }

    /**
     * Stores a hierarchical task's update inside its trainer's organisation: the record and the chunks in
     * that organisation's internal collection, nothing public.
     *
     * @param record the update record (its {@code msp} names the collection)
     * @param payload the payload received as transient data
     */
    public void putInternalUpdate(UpdateRecord record, Payload payload) {
        String collection = Collections.internalOf(record.msp());
        stub.putPrivateData(collection, Keys.update(record.taskId(), record.round(), record.contributor()),
                internalRecordBytes(record));
        write(collection, i -> Keys.updateChunk(record.taskId(), record.round(), record.contributor(), i), payload);
    }

    /**
     * @param record an internal update record
     * @return the bytes its internal collection holds for it (so that its private hash is their SHA-256)
     */
    public static byte[] internalRecordBytes(UpdateRecord record) {
        return RecordJson.toBytes(record);
    }

    /**
     * @param msp the organisation whose internal collection is read (this peer's, to see values)
     * @param taskId the task
     * @param round the round
     * @param contributor the trainer's identity id
     * @return its internal update record as this peer holds it, or empty
     */
    public Optional<UpdateRecord> internalUpdate(String msp, String taskId, int round, String contributor) {
        byte[] value = held(Collections.internalOf(msp), Keys.update(taskId, round, contributor));
        return value.length == 0 ? Optional.empty()
                : Optional.of(RecordJson.read(new String(value, StandardCharsets.UTF_8), UpdateRecord.class));
    }

    /**
     * @param msp the organisation whose internal collection is read (this peer's)
     * @param taskId the task
     * @param round the round
     * @return the round's internal update records of that organisation as this peer holds them, in key order
     */
    public List<UpdateRecord> internalUpdates(String msp, String taskId, int round) {
        List<UpdateRecord> out = new ArrayList<>();
        String[] attributes = Keys.updatesOf(taskId, round);
        try (QueryResultsIterator<KeyValue> it = stub.getPrivateDataByPartialCompositeKey(Collections.internalOf(msp),
                Keys.key(Keys.UPDATE, attributes))) {
            for (KeyValue kv : it) {
                out.add(RecordJson.read(new String(kv.getValue(), StandardCharsets.UTF_8), UpdateRecord.class));
            }
        } catch (FedLedgerException e) {
            throw e;
        } catch (Exception e) {
            throw new FedLedgerException(ErrorCode.NOT_FOUND, "this peer cannot list organisation " + msp
                    + "'s internal updates (" + e.getMessage() + "); ask a peer of " + msp);
        }
        return out;
    }

    /**
     * The hash every peer of the channel holds for an internal update record, member or not.
     *
     * @param msp the trainer's organisation
     * @param taskId the task
     * @param round the round
     * @param contributor the trainer's identity id
     * @return the SHA-256 of the private record's bytes, or empty when no such record was committed
     */
    public Optional<ContentHash> internalRecordHash(String msp, String taskId, int round, String contributor) {
        byte[] hash = stub.getPrivateDataHash(Collections.internalOf(msp), Keys.update(taskId, round, contributor));
        return hash == null || hash.length == 0 ? Optional.empty() : Optional.of(ContentHash.parse(java.util.HexFormat.of().formatHex(hash)));
    }

    /**
     * @param update an internal update record
     * @return its payload bytes from its organisation's internal collection (on a peer of that organisation)
     * @throws FedLedgerException {@link ErrorCode#NOT_FOUND} or {@link ErrorCode#HASH_MISMATCH} as {@link #readUpdate}
     */
    public byte[] readInternalUpdate(UpdateRecord update) {
        return read(Collections.internalOf(update.msp()),
                i -> Keys.updateChunk(update.taskId(), update.round(), update.contributor(), i), update.chunks(),
                update.size(), update.hash(), "internal update payload");
    }

    /**
     * Stores an organisation's partial sum in the task's update collections (every task organisation's
     * copy, as an update's).
     *
     * @param task the task
     * @param round the round
     * @param msp the summing organisation
     * @param payload the partial sum received as transient data
     */
    public void putPartialSum(TaskRecord task, int round, String msp, Payload payload) {
        for (String collection : writeCollections(task, Collections.UPDATES, Collections::updatesOf)) {
            write(collection, i -> Keys.partialChunk(task.taskId(), round, msp, i), payload);
        }
    }

    /**
     * @param task the partial sum's task
     * @param partial its record
     * @param readerMsp the reading identity's organisation (one the task allows)
     * @return the partial sum's payload bytes
     * @throws FedLedgerException as {@link #readUpdate}
     */
    public byte[] readPartialSum(TaskRecord task, PartialSumRecord partial, String readerMsp) {
        return read(readCollection(task, readerMsp, Collections.UPDATES, Collections::updatesOf),
                i -> Keys.partialChunk(partial.taskId(), partial.round(), partial.msp(), i), partial.chunks(),
                partial.size(), partial.hash(), "partial sum payload");
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

    /** Writes the payload's chunk {@code i} under {@code chunkKey(i)} in {@code collection}. */
    private void write(String collection, java.util.function.IntFunction<String> chunkKey, Payload payload) {
        for (int i = 0; i < payload.chunkCount(); i++) {
            stub.putPrivateData(collection, chunkKey.apply(i), payload.chunks().get(i));
        }
    }

    /** The payload of {@code count} chunks under {@code chunkKey(i)} in {@code collection}, checked against its size and hash. */
    private byte[] read(String collection, java.util.function.IntFunction<String> chunkKey, int count, long size,
            ContentHash hash, String what) {
        byte[][] chunks = new byte[count][];
        for (int i = 0; i < count; i++) {
            chunks[i] = held(collection, chunkKey.apply(i));
        }
        return join(chunks, size, hash, what);
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
