package org.fedledger.chaincode.access;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.TaskRecord;

/**
 * Who may do what (invariants 1 and 7 of {@code docs/architecture.md}). The creator is known from
 * its certificate only; a registered participant acts only in its roles until its organisation's admin
 * revokes it; an org admin (the certificate's one NodeOU role is {@code admin}) needs no registration
 * and manages its own organisation only.
 *
 * <pre>{@code
 * ParticipantRecord me = access.require(Role.TRAINER);
 * access.requireAllowedOrg(task);
 * }</pre>
 */
public final class AccessControl {
    private final Caller caller;
    private final LedgerStore store;

    /**
     * @param caller the creator
     * @param store the world state, to look up participant records
     */
    public AccessControl(Caller caller, LedgerStore store) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @return the creator */
    public Caller caller() {
        return caller;
    }

    /** @return the creator's participant record, if registered */
    public Optional<ParticipantRecord> participant() {
        return store.get(Keys.participant(caller.msp(), caller.id()), ParticipantRecord.class);
    }

    /**
     * @param anyOf roles that allow the action; none means any registered participant
     * @return the creator's participant record
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#UNKNOWN_IDENTITY} when
     *     not registered, {@link ErrorCode#REVOKED} when revoked, {@link ErrorCode#FORBIDDEN} when
     *     holding none of {@code anyOf}
     */
    public ParticipantRecord require(Role... anyOf) {
        ParticipantRecord me = participant().orElseThrow(() -> new FedLedgerException(ErrorCode.UNKNOWN_IDENTITY,
                "identity " + caller.id() + " of " + caller.msp()
                        + " is not a registered participant; request roles with requestRoles and ask your"
                        + " organisation's admin to approve them"));
        if (me.isRevoked()) {
            throw new FedLedgerException(ErrorCode.REVOKED, "identity " + caller.id() + " of " + caller.msp()
                    + " was revoked by " + me.changedBy() + " in transaction " + me.txId() + "; it acts no more");
        }
        if (anyOf.length == 0) {
            return me;
        }
        for (Role role : anyOf) {
            if (me.roles().contains(role.wireName())) {
                return me;
            }
        }
        throw new FedLedgerException(ErrorCode.FORBIDDEN, "this transaction needs the role "
                + String.join(" or ", Arrays.stream(anyOf).map(Role::wireName).toList())
                + "; identity " + caller.id() + " holds " + me.roles());
    }

    /**
     * @param me the creator's participant record
     * @param role the role
     * @return whether {@code me} holds {@code role}
     */
    public static boolean holds(ParticipantRecord me, Role role) {
        return me.roles().contains(role.wireName());
    }

    /**
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#FORBIDDEN} unless the
     *     creator's certificate has exactly one NodeOU role OU and it is {@code admin}
     */
    public void requireAdmin() {
        if (!caller.admin()) {
            throw new FedLedgerException(ErrorCode.FORBIDDEN,
                    "only an organisation admin (a certificate whose one NodeOU role is admin) may do this; "
                    + caller.id() + " is not one");
        }
    }

    /**
     * Every role is scoped to the task: the creator must hold one of {@code anyOf} and belong to one of
     * the task's allowed organisations.
     *
     * @param task the task record
     * @param anyOf roles that allow the action; none means any registered participant
     * @return the creator's participant record
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN
     */
    public ParticipantRecord requireInTask(TaskRecord task, Role... anyOf) {
        ParticipantRecord me = require(anyOf);
        requireAllowedOrg(task);
        return me;
    }

    /**
     * @param me the creator's participant record
     * @param task the task record
     * @return whether the creator is a coordinator of the organisation that owns the task
     */
    public boolean ownsTask(ParticipantRecord me, TaskRecord task) {
        return holds(me, Role.COORDINATOR) && caller.msp().equals(task.ownerMsp());
    }

    /**
     * Only a coordinator of the task's owner organisation runs the task's schedule.
     *
     * @param task the task record
     * @return the creator's participant record
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN
     */
    public ParticipantRecord requireTaskOwner(TaskRecord task) {
        ParticipantRecord me = require(Role.COORDINATOR);
        if (!caller.msp().equals(task.ownerMsp())) {
            throw new FedLedgerException(ErrorCode.FORBIDDEN, "task '" + task.taskId() + "' is run by the coordinators of "
                    + task.ownerMsp() + "; " + caller.msp() + " cannot open or close its rounds at will");
        }
        return me;
    }

    /**
     * @param task the task record
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#FORBIDDEN} when the
     *     creator's organisation is not one of the task's allowed organisations
     */
    public void requireAllowedOrg(TaskRecord task) {
        if (!task.allowedOrgs().contains(caller.msp())) {
            throw new FedLedgerException(ErrorCode.FORBIDDEN, "organisation " + caller.msp()
                    + " is not allowed in task "
                    + task.taskId() + "; allowed: " + task.allowedOrgs());
        }
    }
}
