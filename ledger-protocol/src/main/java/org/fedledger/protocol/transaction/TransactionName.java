package org.fedledger.protocol.transaction;

import java.util.List;
import java.util.Optional;
import org.fedledger.protocol.key.TransientKeys;

/**
 * Every transaction of the {@code fedledger} contract: its name on the wire, whether it is submitted
 * (ordered and committed) or evaluated (a query), its string arguments in order, and the transient
 * prefix under which it takes payload chunks, if any. A client builds its calls from here, so a
 * renamed or reordered argument is a compile-time change on every side.
 *
 * <pre>{@code
 * TransactionName tx = TransactionName.SUBMIT_UPDATE;
 * contract.newProposal(tx.wireName()).addArguments(taskId, round, hash, samples, baseVersion)...;
 * }</pre>
 */
public enum TransactionName {
    /** A member asks, signing with its own identity, for roles; its organisation's admin decides. */
    REQUEST_ROLES("requestRoles", Intent.SUBMIT, null, "rolesCsv"),
    /** Org admin approves the pending role request of a member of its own organisation. */
    REGISTER_PARTICIPANT("registerParticipant", Intent.SUBMIT, null, "certificatePem", "rolesCsv"),
    /** Org admin changes the roles of a member of its own organisation. */
    CHANGE_ROLES("changeRoles", Intent.SUBMIT, null, "id", "rolesCsv"),
    /** Org admin revokes a member of its own organisation, for good. */
    REVOKE_PARTICIPANT("revokeParticipant", Intent.SUBMIT, null, "id"),
    /** The creator's id, MSP, admin flag and roles. */
    WHO_AM_I("whoAmI", Intent.EVALUATE, null),
    /** A participant record. */
    GET_PARTICIPANT("getParticipant", Intent.EVALUATE, null, "msp", "id"),
    /** Coordinator creates a task with its initial model. */
    CREATE_TASK("createTask", Intent.SUBMIT, TransientKeys.MODEL_PREFIX, "taskJson"),
    /** Coordinator opens the task's next round. */
    OPEN_ROUND("openRound", Intent.SUBMIT, null, "taskId"),
    /** Trainer submits its update. */
    SUBMIT_UPDATE("submitUpdate", Intent.SUBMIT, TransientKeys.UPDATE_PREFIX, "taskId", "round", "hash", "samples",
            "baseVersion"),
    /** Closes (or fails) an OPEN round. */
    CLOSE_ROUND("closeRound", Intent.SUBMIT, null, "taskId", "round"),
    /** Aggregator proposes a model. */
    PROPOSE_MODEL("proposeModel", Intent.SUBMIT, TransientKeys.MODEL_PREFIX, "taskId", "round", "manifestJson"),
    /**
     * The owner's aggregator (a coordinator of the owner too) proposes a model and opens the next round
     * on it, for trainers to train from while the verifiers check it.
     */
    PROPOSE_AND_OPEN("proposeAndOpen", Intent.SUBMIT, TransientKeys.MODEL_PREFIX, "taskId", "round",
            "manifestJson"),
    /** Verifier attests a proposal for its organisation. */
    ATTEST_MODEL("attestModel", Intent.SUBMIT, null, "taskId", "round", "seq", "verdict", "computedHash"),
    /**
     * Verifier attests a proposal of an incentives task with the contributions it computed
     * ({@link org.fedledger.protocol.record.ContributionVector} as JSON).
     */
    ATTEST_MODEL_WITH_CONTRIBUTIONS("attestModelWithContributions", Intent.SUBMIT, null, "taskId", "round", "seq",
            "verdict", "computedHash", "contributionsJson"),
    /** Decides a round that waits: FINAL, DISPUTED or FAILED, from its attestations and its window. */
    RESOLVE_ROUND("resolveRound", Intent.SUBMIT, null, "taskId", "round"),
    /** A task record. */
    GET_TASK("getTask", Intent.EVALUATE, null, "taskId"),
    /** A round record. */
    GET_ROUND("getRound", Intent.EVALUATE, null, "taskId", "round"),
    /** A round's update records in key order. */
    LIST_UPDATES("listUpdates", Intent.EVALUATE, null, "taskId", "round"),
    /** Every update record of one contributor. */
    CONTRIBUTOR_HISTORY("contributorHistory", Intent.EVALUATE, null, "contributorId"),
    /** A proposal record. */
    GET_PROPOSAL("getProposal", Intent.EVALUATE, null, "taskId", "round", "seq"),
    /** A proposal's attestations in MSP order. */
    LIST_ATTESTATIONS("listAttestations", Intent.EVALUATE, null, "taskId", "round", "seq"),
    /** A task's incentive rules (NOT_FOUND: the task has none). */
    GET_TASK_INCENTIVES("getTaskIncentives", Intent.EVALUATE, null, "taskId"),
    /** The contributions each organisation attested with a proposal, in MSP order. */
    LIST_CONTRIBUTION_ATTESTATIONS("listContributionAttestations", Intent.EVALUATE, null, "taskId", "round", "seq"),
    /** The contributions agreed for a FINAL round of an incentives task. */
    GET_ROUND_CONTRIBUTIONS("getRoundContributions", Intent.EVALUATE, null, "taskId", "round"),
    /** Every contributor's credits in a task, in contributor order. */
    LIST_CREDITS("listCredits", Intent.EVALUATE, null, "taskId"),
    /** The penalties a round's resolution imposed, in subject order. */
    LIST_PENALTIES("listPenalties", Intent.EVALUATE, null, "taskId", "round"),
    /** A contributor's reputation (the initial one when no round scored it yet). */
    GET_REPUTATION("getReputation", Intent.EVALUATE, null, "contributorId"),
    /**
     * A verifier commits its organisation's private validation set for a task valued on private sets, by
     * its SHA-256, once; it values the rounds opened after it.
     */
    COMMIT_VALIDATION_SET("commitValidationSet", Intent.SUBMIT, null, "taskId", "validationSetHash"),
    /** The private validation sets committed for a task, in MSP order. */
    LIST_VALIDATION_SETS("listValidationSets", Intent.EVALUATE, null, "taskId"),
    /** A global model record. */
    GET_GLOBAL_MODEL("getGlobalModel", Intent.EVALUATE, null, "taskId", "version"),
    /** An update's payload bytes. */
    READ_UPDATE_PAYLOAD("readUpdatePayload", Intent.EVALUATE, null, "taskId", "round", "contributorId"),
    /**
     * Several updates' payload bytes in one response ({@code contributorsJson}: {@link PayloadBatch#idsArgument}),
     * as {@link PayloadBatch}: the longest prefix of the asked list that fits.
     */
    READ_UPDATE_PAYLOADS("readUpdatePayloads", Intent.EVALUATE, null, "taskId", "round", "contributorsJson"),
    /** A global model's payload bytes. */
    READ_MODEL_PAYLOAD("readModelPayload", Intent.EVALUATE, null, "taskId", "version"),
    /** A proposal's output payload bytes: the base of a round opened on that proposal. */
    READ_PROPOSAL_PAYLOAD("readProposalPayload", Intent.EVALUATE, null, "taskId", "round", "seq"),
    /** Every committed value of one public key. */
    KEY_HISTORY("keyHistory", Intent.EVALUATE, null, "objectType", "attributesJson"),
    /** An organisation's admin or coordinator names one of its datasets with a privacy budget. */
    CREATE_DATASET("createDataset", Intent.SUBMIT, null, "datasetId", "epsilon", "delta"),
    /** A dataset's budget and the epsilon it has spent. */
    GET_PRIVACY_SPENT("getPrivacySpent", Intent.EVALUATE, null, "msp", "datasetId"),
    /** A task's differential-privacy record: its mechanism and datasets. */
    GET_TASK_PRIVACY("getTaskPrivacy", Intent.EVALUATE, null, "taskId"),
    /** A trainer records its two X25519 public keys for a secure task (hex, 32 bytes each). */
    REGISTER_MASKING_KEYS("registerMaskingKeys", Intent.SUBMIT, null, "taskId", "maskPublicKey", "sharePublicKey"),
    /** A trainer shares its mask private key, sealed, with every trainer of the task's key directory. */
    SHARE_MASK_KEY("shareMaskKey", Intent.SUBMIT, null, "taskId", "sharesJson"),
    /** A cohort member reveals, after the close, its shares for the survivors' seeds and the others' mask keys. */
    REVEAL_SHARES("revealShares", Intent.SUBMIT, null, "taskId", "round", "revealJson"),
    /** A task's secure aggregation record (absent: a task without secure aggregation). */
    GET_SECURE_AGGREGATION("getSecureAggregation", Intent.EVALUATE, null, "taskId"),
    /** A secure round's cohort: the trainers and public keys fixed when it opened. */
    GET_COHORT("getCohort", Intent.EVALUATE, null, "taskId", "round"),
    /** A secure task's key directory: its masking key records in trainer order. */
    LIST_MASKING_KEYS("listMaskingKeys", Intent.EVALUATE, null, "taskId"),
    /** A secure task's mask-key share records, one per owner, in owner order. */
    LIST_KEY_SHARES("listKeyShares", Intent.EVALUATE, null, "taskId"),
    /** A secure round's sealed seed shares, one record per sender, in sender order. */
    LIST_MASK_SHARES("listMaskShares", Intent.EVALUATE, null, "taskId", "round"),
    /** A secure round's reveals, one record per revealer, in revealer order. */
    LIST_REVEALS("listReveals", Intent.EVALUATE, null, "taskId", "round"),
    /**
     * An organisation's aggregator publishes the exact partial sum of its trainers' internal updates in a
     * hierarchical round ({@code updatesJson}: their update records, checked against the private hashes).
     */
    PUBLISH_PARTIAL_SUM("publishPartialSum", Intent.SUBMIT, TransientKeys.UPDATE_PREFIX, "taskId", "round", "hash",
            "updatesJson"),
    /** A second identity of the summing organisation, a verifier, attests that it recomputed the partial sum. */
    ATTEST_PARTIAL_SUM("attestPartialSum", Intent.SUBMIT, null, "taskId", "round", "msp", "hash"),
    /** A hierarchical round's partial sum records, in MSP order. */
    LIST_PARTIAL_SUMS("listPartialSums", Intent.EVALUATE, null, "taskId", "round"),
    /** A partial sum's payload bytes. */
    READ_PARTIAL_SUM_PAYLOAD("readPartialSumPayload", Intent.EVALUATE, null, "taskId", "round", "msp"),
    /** The caller's own organisation's internal update records of a hierarchical round, in key order. */
    LIST_INTERNAL_UPDATES("listInternalUpdates", Intent.EVALUATE, null, "taskId", "round"),
    /** An internal update's payload bytes, for the summing organisation's own aggregator and verifiers. */
    READ_INTERNAL_UPDATE_PAYLOAD("readInternalUpdatePayload", Intent.EVALUATE, null, "taskId", "round",
            "contributorId"),
    /** Several internal updates' payload bytes in one response, as {@link #READ_UPDATE_PAYLOADS}. */
    READ_INTERNAL_UPDATE_PAYLOADS("readInternalUpdatePayloads", Intent.EVALUATE, null, "taskId", "round",
            "contributorsJson");

    /** The contract's name; it is also the chaincode's default contract. */
    public static final String CONTRACT = "fedledger";

    /** How a transaction is sent. */
    public enum Intent {
        /** Endorsed, ordered and committed; may write. */
        SUBMIT,
        /** Run on one peer and not committed; reads only. */
        EVALUATE
    }

    private final String wireName;
    private final Intent intent;
    private final String transientPrefix;
    private final List<String> arguments;

    TransactionName(String wireName, Intent intent, String transientPrefix, String... arguments) {
        this.wireName = wireName;
        this.intent = intent;
        this.transientPrefix = transientPrefix;
        this.arguments = List.of(arguments);
    }

    /** @return the transaction's name as the contract exposes it, e.g. {@code "submitUpdate"} */
    public String wireName() {
        return wireName;
    }

    /** @return submit or evaluate */
    public Intent intent() {
        return intent;
    }

    /** @return the argument names, in the order the transaction takes them */
    public List<String> arguments() {
        return arguments;
    }

    /** @return the transient-data prefix of the payload chunks it takes, if it takes any */
    public Optional<String> transientPrefix() {
        return Optional.ofNullable(transientPrefix);
    }
}
