package org.fedledger.chaincode.participants;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
import org.fedledger.protocol.record.RoleRequest;
import org.hyperledger.fabric.contract.ClientIdentity;

/**
 * Membership: a member asks for roles with its own identity, its organisation's admin approves,
 * changes or revokes them, and identity look-ups.
 *
 * <p>The chaincode trusts no certificate an argument carries. A role request is the member's own
 * transaction, so Fabric's MSP has checked that a certificate of its organisation signed it; the
 * request keeps that certificate's hash. The admin's approval names a certificate, and only the very
 * certificate that requested (same hash, not only the same name) is approved. A certificate that
 * copies the CA's name without its signature can never sign a request, so it is never approved.
 *
 * <pre>{@code
 * participants.requestRoles("trainer");                 // signed by the member
 * String json = participants.register(memberPem, "trainer"); // signed by its organisation's admin
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
     * The creator asks for roles; its organisation's admin decides. A second request replaces the first;
     * the same request again writes nothing. A registered member asks this way for more roles.
     *
     * @param rolesCsv comma-separated role names
     * @return the request as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException INVALID_ARGUMENT, REVOKED
     */
    public String requestRoles(String rolesCsv) {
        Caller me = access.caller();
        List<String> roles = parseRoles(rolesCsv);
        String id = Arguments.text("certificate id", me.id());
        Optional<ParticipantRecord> registered = access.participant();
        if (registered.isPresent() && registered.get().isRevoked()) {
            throw revoked(registered.get());
        }
        String key = Keys.roleRequest(me.msp(), id);
        Optional<RoleRequest> pending = store.get(key, RoleRequest.class);
        if (pending.isPresent() && pending.get().roles().equals(roles)
                && pending.get().certificateHash().equals(me.certificateHash())) {
            return RecordJson.write(pending.get());
        }
        RoleRequest request = new RoleRequest(id, me.msp(), roles, me.certificateHash(), tx.txId(), tx.epochSecond());
        store.put(key, request);
        events.emit(new LedgerEvent.RolesRequested(me.msp(), id, roles));
        return RecordJson.write(request);
    }

    /**
     * Approves the pending role request of a member of the admin's own organisation: the certificate
     * must be the one that signed the request, and the roles among those it asked for.
     *
     * @param certificatePem the member's certificate
     * @param rolesCsv comma-separated role names, each one the member requested
     * @return the participant record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException FORBIDDEN (not an admin, a certificate
     *     of another issuer, or not the certificate that requested), INVALID_ARGUMENT, ALREADY_EXISTS,
     *     REVOKED, NOT_REQUESTED (no pending request, or a role it did not ask for)
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
        String id = Arguments.text("certificate id", member.getId());
        Optional<ParticipantRecord> existing = store.get(Keys.participant(admin.msp(), id), ParticipantRecord.class);
        if (existing.isPresent()) {
            if (existing.get().isRevoked()) {
                throw revoked(existing.get());
            }
            throw new FedLedgerException(ErrorCode.ALREADY_EXISTS, "participant " + id + " of " + admin.msp()
                    + " is already registered; change its roles with changeRoles");
        }
        RoleRequest request = pendingRequest(admin.msp(), id).orElseThrow(() -> new FedLedgerException(
                ErrorCode.NOT_REQUESTED, "no pending role request of " + id + " in " + admin.msp()
                        + "; the member sends requestRoles with its own identity first"));
        if (!request.certificateHash().equals(Certificates.hashOf(cert))) {
            throw new FedLedgerException(ErrorCode.FORBIDDEN, "the certificate passed is not the one that requested"
                    + " roles as " + id + " (same name, different certificate: SHA-256 "
                    + Certificates.hashOf(cert) + ", requested by " + request.certificateHash()
                    + "); only a certificate that signed its own request is approved");
        }
        requireRequested(id, roles, List.of(), request);
        ParticipantRecord record = ParticipantRecord.approved(id, admin.msp(), roles, admin.id(), tx.txId(),
                tx.epochSecond());
        store.put(Keys.participant(admin.msp(), id), record);
        store.delete(Keys.roleRequest(admin.msp(), id));
        events.emit(new LedgerEvent.ParticipantRegistered(admin.msp(), id, roles));
        return RecordJson.write(record);
    }

    /**
     * Changes the roles of a member of the admin's own organisation. The new roles may drop any held
     * role; a role it does not hold must be one it asked for in a pending request, which the change
     * answers (and removes). The same roles again, with no request pending, write nothing.
     *
     * @param id the member's identity id
     * @param rolesCsv comma-separated role names it holds from now on
     * @return the participant record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException FORBIDDEN (not an admin),
     *     INVALID_ARGUMENT, NOT_FOUND (no such member in the admin's organisation), REVOKED,
     *     NOT_REQUESTED (a new role the member did not ask for)
     */
    public String changeRoles(String id, String rolesCsv) {
        access.requireAdmin();
        Caller admin = access.caller();
        String memberId = Arguments.text("id", id);
        List<String> roles = parseRoles(rolesCsv);
        ParticipantRecord current = activeMember(admin.msp(), memberId);
        Optional<RoleRequest> request = pendingRequest(admin.msp(), memberId);
        if (request.isEmpty() && current.roles().equals(roles)) {
            return RecordJson.write(current);
        }
        requireRequested(memberId, roles, current.roles(), request.orElse(null));
        ParticipantRecord changed = new ParticipantRecord(memberId, admin.msp(), roles, current.registeredBy(),
                admin.id(), null, tx.txId(), tx.epochSecond());
        store.put(Keys.participant(admin.msp(), memberId), changed);
        if (request.isPresent()) {
            store.delete(Keys.roleRequest(admin.msp(), memberId));
        }
        events.emit(new LedgerEvent.RolesChanged(admin.msp(), memberId, roles));
        return RecordJson.write(changed);
    }

    /**
     * Revokes a member of the admin's own organisation for good: every later transaction of that
     * identity that needs a participant is refused with {@link ErrorCode#REVOKED}. The record keeps the
     * roles it held; a pending request is removed. Revoking a revoked member again writes nothing.
     *
     * @param id the member's identity id
     * @return the participant record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException FORBIDDEN (not an admin),
     *     INVALID_ARGUMENT, NOT_FOUND (no such member in the admin's organisation)
     */
    public String revoke(String id) {
        access.requireAdmin();
        Caller admin = access.caller();
        String memberId = Arguments.text("id", id);
        ParticipantRecord current = member(admin.msp(), memberId);
        if (current.isRevoked()) {
            return RecordJson.write(current);
        }
        ParticipantRecord revoked = new ParticipantRecord(memberId, admin.msp(), current.roles(),
                current.registeredBy(), admin.id(), true, tx.txId(), tx.epochSecond());
        store.put(Keys.participant(admin.msp(), memberId), revoked);
        if (pendingRequest(admin.msp(), memberId).isPresent()) {
            store.delete(Keys.roleRequest(admin.msp(), memberId));
        }
        events.emit(new LedgerEvent.ParticipantRevoked(admin.msp(), memberId));
        return RecordJson.write(revoked);
    }

    /** @return {@code {id, msp, admin, registered, revoked, roles[]}} of the creator, as canonical JSON */
    public String whoAmI() {
        Caller me = access.caller();
        var record = access.participant();
        boolean revoked = record.map(ParticipantRecord::isRevoked).orElse(false);
        return RecordJson.write(new CallerIdentity(me.id(), me.msp(), me.admin(), record.isPresent(), revoked,
                revoked ? List.of() : record.map(ParticipantRecord::roles).orElse(List.of())));
    }

    /**
     * @param msp the organisation's MSP id
     * @param id the identity id
     * @return the participant record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY/REVOKED/FORBIDDEN for the
     *     caller, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String msp, String id) {
        access.require();
        String key = Keys.participant(Arguments.mspId("msp", msp), Arguments.text("id", id));
        return RecordJson.write(store.get(key, ParticipantRecord.class).orElseThrow(
                () -> new FedLedgerException(ErrorCode.NOT_FOUND, "no participant " + id + " in " + msp)));
    }

    private Optional<RoleRequest> pendingRequest(String msp, String id) {
        return store.get(Keys.roleRequest(msp, id), RoleRequest.class);
    }

    private ParticipantRecord member(String msp, String id) {
        return store.get(Keys.participant(msp, id), ParticipantRecord.class).orElseThrow(() -> new FedLedgerException(
                ErrorCode.NOT_FOUND, "no participant " + id + " in " + msp + "; an admin manages members of "
                        + msp + " only"));
    }

    private ParticipantRecord activeMember(String msp, String id) {
        ParticipantRecord current = member(msp, id);
        if (current.isRevoked()) {
            throw revoked(current);
        }
        return current;
    }

    /** Every role of {@code roles} is held already or asked for in {@code request}. */
    private static void requireRequested(String id, List<String> roles, List<String> held, RoleRequest request) {
        List<String> unasked = new ArrayList<>();
        for (String role : roles) {
            if (!held.contains(role) && (request == null || !request.roles().contains(role))) {
                unasked.add(role);
            }
        }
        if (!unasked.isEmpty()) {
            throw new FedLedgerException(ErrorCode.NOT_REQUESTED, id + " did not request the role(s) " + unasked
                    + (request == null ? " (no pending request)" : "; it requested " + request.roles())
                    + "; a member holds only roles it asked for with its own identity");
        }
    }

    private static FedLedgerException revoked(ParticipantRecord record) {
        return new FedLedgerException(ErrorCode.REVOKED, "participant " + record.id() + " of " + record.msp()
                + " was revoked by " + record.changedBy() + " in transaction " + record.txId()
                + "; a revocation is final");
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
