package org.fedledger.protocol.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every chaincode event name, each derived from its {@link LedgerEvent} record (the record type's
 * simple name), so a name and its payload type cannot drift apart. A transaction emits at most one
 * event (Fabric keeps only the last one), named after what it changed.
 *
 * <pre>{@code
 * network.getChaincodeEvents("fedledger").forEachRemaining(e -> {
 *     if (e.getEventName().equals(EventNames.MODEL_FINAL)) { ... }
 * });
 * }</pre>
 */
public final class EventNames {
    /** requestRoles. */
    public static final String ROLES_REQUESTED = LedgerEvent.nameOf(LedgerEvent.RolesRequested.class);
    /** registerParticipant. */
    public static final String PARTICIPANT_REGISTERED = LedgerEvent.nameOf(LedgerEvent.ParticipantRegistered.class);
    /** changeRoles. */
    public static final String ROLES_CHANGED = LedgerEvent.nameOf(LedgerEvent.RolesChanged.class);
    /** revokeParticipant. */
    public static final String PARTICIPANT_REVOKED = LedgerEvent.nameOf(LedgerEvent.ParticipantRevoked.class);
    /** createTask. */
    public static final String TASK_CREATED = LedgerEvent.nameOf(LedgerEvent.TaskCreated.class);
    /** openRound. */
    public static final String ROUND_OPENED = LedgerEvent.nameOf(LedgerEvent.RoundOpened.class);
    /** submitUpdate (not emitted by an idempotent resubmission, which changes nothing). */
    public static final String UPDATE_ACCEPTED = LedgerEvent.nameOf(LedgerEvent.UpdateAccepted.class);
    /** closeRound that closed the round. */
    public static final String ROUND_CLOSED = LedgerEvent.nameOf(LedgerEvent.RoundClosed.class);
    /** closeRound or resolveRound that failed the round. */
    public static final String ROUND_FAILED = LedgerEvent.nameOf(LedgerEvent.RoundFailed.class);
    /** proposeModel. */
    public static final String MODEL_PROPOSED = LedgerEvent.nameOf(LedgerEvent.ModelProposed.class);
    /** attestModel. */
    public static final String MODEL_ATTESTED = LedgerEvent.nameOf(LedgerEvent.ModelAttested.class);
    /** resolveRound that found the quorum reached. */
    public static final String MODEL_FINAL = LedgerEvent.nameOf(LedgerEvent.ModelFinal.class);
    /** resolveRound that found the quorum out of reach (and proposals left). */
    public static final String ROUND_DISPUTED = LedgerEvent.nameOf(LedgerEvent.RoundDisputed.class);
    /** openRound that made the previous round FINAL and opened the next one. */
    public static final String ROUND_ADVANCED = LedgerEvent.nameOf(LedgerEvent.RoundAdvanced.class);
    /** proposeAndOpen, or a proposal that made the previous round FINAL first. */
    public static final String PROPOSAL_PIPELINED = LedgerEvent.nameOf(LedgerEvent.ProposalPipelined.class);
    /** createDataset. */
    public static final String DATASET_CREATED = LedgerEvent.nameOf(LedgerEvent.DatasetCreated.class);
    /** registerMaskingKeys. */
    public static final String MASKING_KEYS_RECORDED = LedgerEvent.nameOf(LedgerEvent.MaskingKeysRecorded.class);
    /** shareMaskKey that wrote shares. */
    public static final String MASK_KEY_SHARED = LedgerEvent.nameOf(LedgerEvent.MaskKeyShared.class);
    /** revealShares that wrote a reveal. */
    public static final String SHARES_REVEALED = LedgerEvent.nameOf(LedgerEvent.SharesRevealed.class);

    @SuppressWarnings("unchecked")
    private static final Map<String, Class<? extends LedgerEvent>> TYPES = Arrays
            .stream(LedgerEvent.class.getPermittedSubclasses())
            .map(type -> (Class<? extends LedgerEvent>) type)
            .collect(Collectors.toUnmodifiableMap(LedgerEvent::nameOf, Function.identity()));

    private EventNames() {
    }

    /**
     * @param name a chaincode event's name
     * @return the record type of events of that name; empty for a name that is no {@link LedgerEvent}
     */
    public static Optional<Class<? extends LedgerEvent>> typeNamed(String name) {
        return Optional.ofNullable(TYPES.get(name));
    }

    /** @return every event name, sorted */
    public static SortedSet<String> all() {
        return new TreeSet<>(TYPES.keySet());
    }
}
