package org.fedledger.protocol.event;

/**
 * Every chaincode event name, in one place; the payload of each is a {@link LedgerEvent} record. A
 * transaction emits at most one event (Fabric keeps only the last one), named after what it
 * changed.
 *
 * <pre>{@code
 * network.getChaincodeEvents("fedledger").forEachRemaining(e -> {
 *     if (e.getEventName().equals(EventNames.MODEL_FINAL)) { ... }
 * });
 * }</pre>
 */
public final class EventNames {
    /** requestRoles. */
    public static final String ROLES_REQUESTED = "RolesRequested";
    /** registerParticipant. */
    public static final String PARTICIPANT_REGISTERED = "ParticipantRegistered";
    /** changeRoles. */
    public static final String ROLES_CHANGED = "RolesChanged";
    /** revokeParticipant. */
    public static final String PARTICIPANT_REVOKED = "ParticipantRevoked";
    /** createTask. */
    public static final String TASK_CREATED = "TaskCreated";
    /** openRound. */
    public static final String ROUND_OPENED = "RoundOpened";
    /** submitUpdate (not emitted by an idempotent resubmission, which changes nothing). */
    public static final String UPDATE_ACCEPTED = "UpdateAccepted";
    /** closeRound that closed the round. */
    public static final String ROUND_CLOSED = "RoundClosed";
    /** closeRound or resolveRound that failed the round. */
    public static final String ROUND_FAILED = "RoundFailed";
    /** proposeModel. */
    public static final String MODEL_PROPOSED = "ModelProposed";
    /** attestModel. */
    public static final String MODEL_ATTESTED = "ModelAttested";
    /** resolveRound that found the quorum reached. */
    public static final String MODEL_FINAL = "ModelFinal";
    /** resolveRound that found the quorum out of reach (and proposals left). */
    public static final String ROUND_DISPUTED = "RoundDisputed";

    private EventNames() {
    }
}
