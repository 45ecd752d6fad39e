package org.fedledger.chaincode.participants;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.access.Certificates;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.CallerIdentity;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.hyperledger.fabric.contract.ClientIdentity;

/**
 * Registration of participants by their organisation's admin, and identity look-ups.
 *
 * <pre>{@code
 * String json = participants.register(memberPem, "trainer,verifier");
 * }</pre>
 */
public final class ParticipantService {
    private final LedgerStore store;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param access access control for the creator
     * @param events the transaction's event sink
     * @param tx the transaction's id and timestamp
     */
    public ParticipantService(LedgerStore store, AccessControl access, EventSink events, TxInfo tx) {
        this.store = Objects.requireNonNull(store, "store");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    /**
     * Registers a member of the admin's own organisation.
     *
     * @param certificatePem the member's certificate
     * @param rolesCsv comma-separated role names
     * @return the participant record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException FORBIDDEN (not an admin, or a
     *     certificate from another issuer), INVALID_ARGUMENT, ALREADY_EXISTS
     */
    public String register(String certificatePem, String rolesCsv) {
        access.requireAdmin();
        Caller admin = access.caller();
        X509Certificate cert = Certificates.parsePem(certificatePem);
        ClientIdentity member = Certificates.identityOf(admin.msp(), certificatePem);
        List<String> roles = parseRoles(rolesCsv);
        if (!Certificates.issuerOf(cert).equals(admin.issuer())) {
            throw new FedLedgerException(ErrorCode.FORBIDDEN, "the certificate is issued by "
                    + Certificates.issuerOf(cert)
                    + ", not by your organisation's CA " + admin.issuer() + "; an admin registers members of "
                    + admin.msp() + " only");
        }
        String id = member.getId();
        String key = Keys.participant(admin.msp(), Arguments.text("certificate id", id));
        if (store.exists(key)) {
            throw new FedLedgerException(ErrorCode.ALREADY_EXISTS, "participant " + id + " of " + admin.msp()
                    + " is already registered");
        }
        ParticipantRecord record = new ParticipantRecord(id, admin.msp(), roles, admin.id(), tx.txId(),
                tx.epochSecond());
        store.put(key, record);
        events.emit(new LedgerEvent.ParticipantRegistered(admin.msp(), id, roles));
        return RecordJson.write(record);
    }

    /** @return {@code {id, msp, admin, registered, roles[]}} of the creator, as canonical JSON */
    public String whoAmI() {
        Caller me = access.caller();
        var record = access.participant();
        return RecordJson.write(new CallerIdentity(me.id(), me.msp(), me.admin(), record.isPresent(),
                record.map(ParticipantRecord::roles).orElse(List.of())));
    }

    /**
     * @param msp the organisation's MSP id
     * @param id the identity id
     * @return the participant record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY/FORBIDDEN for the
     *     caller, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String msp, String id) {
        access.require();
        String key = Keys.participant(Arguments.mspId("msp", msp), Arguments.text("id", id));
        return RecordJson.write(store.get(key, ParticipantRecord.class).orElseThrow(
                () -> new FedLedgerException(ErrorCode.NOT_FOUND, "no participant " + id + " in " + msp)));
    }

    static List<String> parseRoles(String rolesCsv) {
        if (rolesCsv == null || rolesCsv.isEmpty()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "rolesCsv must name at least one role of "
                    + allRoles());
        }
        TreeSet<String> roles = new TreeSet<>();
        for (String part : rolesCsv.split(",", -1)) {
            String name = part.strip();
            if (Role.fromWireName(name).isEmpty()) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "rolesCsv names unknown role "
                        + Arguments.shown(name)
                        + "; known roles: " + allRoles());
            }
            if (!roles.add(name)) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "rolesCsv names role '" + name + "' twice");
            }
        }
        return new ArrayList<>(roles);
    }

    private static String allRoles() {
        List<String> names = new ArrayList<>();
        for (Role r : Role.values()) {
            names.add(r.wireName());
        }
        return String.join(", ", names);
    }
}
