package org.fedledger.chaincode.queries;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.KeyHistoryEntry;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * Auditors' key history: every committed value of one public key, oldest first as the peer returns
 * them, with transaction id, timestamp and delete flag.
 *
 * <pre>{@code
 * String history = keyHistory.history("round", "[\"mnist\",\"0000000001\"]");
 * // [{"isDelete":false,"timestamp":1700000000,"txId":"...","value":"{...}"}, ...]
 * }</pre>
 */
public final class KeyHistoryService {
    private final ChaincodeStub stub;
    private final AccessControl access;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param stub the transaction's stub
     * @param access access control for the creator
     */
    public KeyHistoryService(ChaincodeStub stub, AccessControl access) {
        this.stub = Objects.requireNonNull(stub, "stub");
        this.access = Objects.requireNonNull(access, "access");
    }

    /**
     * @param objectType one of {@link Keys#PUBLIC_TYPES}
     * @param attributesJson the key's attributes as a JSON array of strings, exactly as stored
     *     (numbers zero-padded); JSON rather than CSV because identity ids contain commas
     * @return the history as a canonical JSON array
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN, INVALID_ARGUMENT
     */
    public String history(String objectType, String attributesJson) {
        access.require(Role.AUDITOR, Role.COORDINATOR);
        if (!Keys.PUBLIC_TYPES.contains(objectType)) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "objectType must be one of " + Keys.PUBLIC_TYPES
                    + ", was "
                    + Arguments.shown(objectType));
        }
        String key = Keys.key(objectType, attributes(attributesJson));
        List<KeyHistoryEntry> out = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> it = stub.getHistoryForKey(key)) {
            for (KeyModification m : it) {
                out.add(new KeyHistoryEntry(m.getTxId(),
                        m.getTimestamp() == null ? 0L : m.getTimestamp().getEpochSecond(),
                        m.isDeleted(), m.getValue() == null ? "" : new String(m.getValue(), StandardCharsets.UTF_8)));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the history iterator failed", e);
        }
        return RecordJson.write(out);
    }

    private static String[] attributes(String attributesJson) {
        JsonElement parsed;
        try {
            parsed = CanonicalJson.parse(Objects.requireNonNull(attributesJson, "attributesJson"));
        } catch (RuntimeException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "attributesJson must be a JSON array of strings");
        }
        if (parsed == null || !parsed.isJsonArray() || parsed.getAsJsonArray().isEmpty()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT,
                    "attributesJson must be a non-empty JSON array of strings");
        }
        JsonArray array = parsed.getAsJsonArray();
        String[] attrs = new String[array.size()];
        for (int i = 0; i < attrs.length; i++) {
            JsonElement e = array.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "attributesJson[" + i + "] must be a string");
            }
            attrs[i] = Arguments.text("attributesJson[" + i + "]", e.getAsString());
        }
        return attrs;
    }
}
