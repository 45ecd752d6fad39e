package org.fedledger.protocol.key;

import java.util.List;
import java.util.Locale;

/**
 * Every composite-key object type of the ledger, and the one way to build each key. Numbers are
 * zero-padded so that the ledger's lexical key order is numeric order. Keys have Fabric's composite
 * key form ({@code U+0000 type U+0000 attribute U+0000 ...}), built here without the shim so that
 * clients and auditors compute the same keys.
 *
 * <pre>{@code
 * String key = Keys.round("mnist", 3);   // "\u0000round\u0000mnist\u00000000000003\u0000"
 * }</pre>
 */
public final class Keys {
    /** Participant records: msp, id. */
    public static final String PARTICIPANT = "participant";
    /** Pending role requests: msp, id. */
    public static final String ROLE_REQUEST = "rolerequest";
    /** Task records: taskId. */
    public static final String TASK = "task";
    /** Round records: taskId, round. */
    public static final String ROUND = "round";
    /** Update records: taskId, round, contributor id. */
    public static final String UPDATE = "update";
    /** Contributor history index: contributor id, taskId, round; value is the update key. */
    public static final String CONTRIB = "contrib";
    /** Proposal records: taskId, round, seq. */
    public static final String PROPOSAL = "proposal";
    /** Attestation records: taskId, round, seq, msp. */
    public static final String ATTEST = "attest";
    /** Global model records: taskId, version. */
    public static final String MODEL = "model";
    /** Private update payload chunks (collection {@link Collections#UPDATES}): taskId, round, contributor id, chunk. */
    public static final String PAYLOAD = "payload";
    /** Private model payload chunks (collection {@link Collections#MODELS}): taskId, round, seq, chunk. */
    public static final String MODEL_PAYLOAD = "modelpayload";
    /** A task's incentive rules (absent: no incentives): taskId. */
    public static final String INCENTIVES = "taskincentives";
    /** A verifier's contributions for a proposal, beside its attestation: taskId, round, seq, msp. */
    public static final String CONTRIB_ATTEST = "contribattest";
    /** The contributions a quorum agreed on for a FINAL round: taskId, round. */
    public static final String ROUND_CONTRIB = "roundcontrib";
    /** A contributor's credits in a task: taskId, contributor id. */
    public static final String CREDIT = "credit";
    /** A contributor's reputation across tasks: contributor id. */
    public static final String REPUTATION = "reputation";
    /** A penalty: taskId, round, subject (contributor id or MSP id). */
    public static final String PENALTY = "penalty";
    /** A contributor's suspension from a task: taskId, contributor id. */
    public static final String SUSPENSION = "suspension";
    /** An organisation's committed private validation set: taskId, msp. */
    public static final String VALIDATION_SET = "validationset";

    /** Dataset records with their privacy budget: msp, datasetId. */
    public static final String DATASET = "dataset";
    /** A task's differential-privacy settings: taskId. */
    public static final String TASK_PRIVACY = "taskprivacy";
    /** What a dataset has spent of its budget (release counts): msp, datasetId. */
    public static final String PRIVACY_SPEND = "privacyspend";
    /** Secure aggregation settings of a task: taskId (absent: a task without). */
    public static final String SECURE_AGGREGATION = "secureagg";
    /** A trainer's masking keys for a secure task: taskId, trainer id. */
    public static final String MASKING_KEY = "maskingkey";
    /** A trainer's sealed mask-key shares for a secure task: taskId, owner id. */
    public static final String KEY_SHARES = "keyshares";
    /** A secure round's cohort: taskId, round. */
    public static final String COHORT = "cohort";
    /** A secure round's sealed share bundles of one sender: taskId, round, sender id. */
    public static final String MASK_SHARES = "maskshares";
    /** A hierarchical round's partial sum of one organisation: taskId, round, MSP id. */
    public static final String PARTIAL_SUM = "partialsum";
    /** A partial sum's payload chunk (private): taskId, round, MSP id, chunk. */
    public static final String PARTIAL_PAYLOAD = "partialpayload";
    /** A secure round's reveal by one cohort member: taskId, round, revealer id. */
    public static final String REVEAL = "reveal";

    /** The public-state object types, in the order {@code keyHistory} documents them. */
    public static final List<String> PUBLIC_TYPES = List.of(PARTICIPANT, ROLE_REQUEST, TASK, ROUND, UPDATE, CONTRIB, PROPOSAL,
            ATTEST, MODEL, DATASET, TASK_PRIVACY, PRIVACY_SPEND, SECURE_AGGREGATION, MASKING_KEY, KEY_SHARES, COHORT,
            MASK_SHARES, REVEAL, INCENTIVES, CONTRIB_ATTEST, ROUND_CONTRIB, CREDIT, REPUTATION, PENALTY, SUSPENSION,
            PARTIAL_SUM, VALIDATION_SET);

    private static final char DELIMITER = '\u0000';
    private static final String MAX_UNICODE_RUNE = new String(Character.toChars(0x10FFFF));

    /** Largest proposal sequence number (4 digits). */
    public static final int MAX_SEQ = 9999;
    /** Largest chunk index + 1 (6 digits). */
    public static final int MAX_CHUNKS = 999_999;

    private Keys() {
    }

    /**
     * @param msp the organisation's MSP id
     * @param id the identity id
     * @return the key of a participant record
     */
    public static String participant(String msp, String id) {
        return key(PARTICIPANT, msp, id);
    }

    /**
     * @param msp the organisation's MSP id
     * @param id the identity id
     * @return the key of a pending role request
     */
    public static String roleRequest(String msp, String id) {
        return key(ROLE_REQUEST, msp, id);
    }

    /**
     * @param taskId the task id
     * @return the key of a task record
     */
    public static String task(String taskId) {
        return key(TASK, taskId);
    }

    /**
     * @param msp the dataset's organisation
     * @param datasetId the dataset's name
     * @return the key of a dataset record
     */
    public static String dataset(String msp, String datasetId) {
        return key(DATASET, msp, datasetId);
    }

    /**
     * @param taskId the task id
     * @return the key of a task's differential-privacy record (absent: no budget)
     */
    public static String taskPrivacy(String taskId) {
        return key(TASK_PRIVACY, taskId);
    }

    /**
     * @param msp the dataset's organisation
     * @param datasetId the dataset's name
     * @return the key of what the dataset has spent of its budget
     */
    public static String privacySpend(String msp, String datasetId) {
        return key(PRIVACY_SPEND, msp, datasetId);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @return the key of a round record
     */
    public static String round(String taskId, int round) {
        return key(ROUND, taskId, pad10(round));
    }

    /**
     * @param taskId the task id
     * @return the key of a task's secure aggregation record (absent: a task without)
     */
    public static String secureAggregation(String taskId) {
        return key(SECURE_AGGREGATION, taskId);
    }

    /**
     * @param taskId the task id
     * @param trainer the trainer's identity id
     * @return the key of a trainer's masking key record
     */
    public static String maskingKey(String taskId, String trainer) {
        return key(MASKING_KEY, taskId, trainer);
    }

    /**
     * @param taskId the task id
     * @param owner the owner's identity id
     * @return the key of a trainer's mask-key share record
     */
    public static String keyShares(String taskId, String owner) {
        return key(KEY_SHARES, taskId, owner);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @return the key of a secure round's cohort record
     */
    public static String cohort(String taskId, int round) {
        return key(COHORT, taskId, pad10(round));
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param sender the sender's identity id
     * @return the key of a sender's sealed share bundles
     */
    public static String maskShares(String taskId, int round, String sender) {
        return key(MASK_SHARES, taskId, pad10(round), sender);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param revealer the revealer's identity id
     * @return the key of a reveal record
     */
    public static String reveal(String taskId, int round, String revealer) {
        return key(REVEAL, taskId, pad10(round), revealer);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param contributor the contributor's identity id
     * @return the key of an update record
     */
    public static String update(String taskId, int round, String contributor) {
        return key(UPDATE, taskId, pad10(round), contributor);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @return the attributes selecting all update records of a round
     */
    public static String[] updatesOf(String taskId, int round) {
        return new String[] {taskId, pad10(round)};
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param msp the summing organisation's MSP id
     * @return the key of an organisation's partial sum in a hierarchical round
     */
    public static String partialSum(String taskId, int round, String msp) {
        return key(PARTIAL_SUM, taskId, pad10(round), msp);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @return the attributes selecting all partial sums of a round
     */
    public static String[] partialSumsOf(String taskId, int round) {
        return new String[] {taskId, pad10(round)};
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param msp the summing organisation's MSP id
     * @param chunk the chunk index
     * @return the private key of chunk {@code chunk} of an organisation's partial sum payload
     */
    public static String partialChunk(String taskId, int round, String msp, int chunk) {
        return key(PARTIAL_PAYLOAD, taskId, pad10(round), msp, pad6(chunk));
    }

    /**
     * @param contributor the contributor's identity id
     * @param taskId the task id
     * @param round the round number
     * @return the key of a contributor-history marker
     */
    public static String contrib(String contributor, String taskId, int round) {
        return key(CONTRIB, contributor, taskId, pad10(round));
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @return the key of a proposal record
     */
    public static String proposal(String taskId, int round, int seq) {
        return key(PROPOSAL, taskId, pad10(round), pad4(seq));
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @param msp the organisation's MSP id
     * @return the key of an attestation record
     */
    public static String attestation(String taskId, int round, int seq, String msp) {
        return key(ATTEST, taskId, pad10(round), pad4(seq), msp);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @return the attributes selecting all attestations of a proposal
     */
    public static String[] attestationsOf(String taskId, int round, int seq) {
        return new String[] {taskId, pad10(round), pad4(seq)};
    }

    /**
     * @param taskId the task id
     * @return the key of the task's incentive rules
     */
    public static String taskIncentives(String taskId) {
        return key(INCENTIVES, taskId);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @param msp the organisation's MSP id
     * @return the key of the contributions an organisation attested with a proposal
     */
    public static String contributionAttestation(String taskId, int round, int seq, String msp) {
        return key(CONTRIB_ATTEST, taskId, pad10(round), pad4(seq), msp);
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @return the key of the contributions agreed for a FINAL round
     */
    public static String roundContributions(String taskId, int round) {
        return key(ROUND_CONTRIB, taskId, pad10(round));
    }

    /**
     * @param taskId the task id
     * @param contributor the contributor's identity id
     * @return the key of the contributor's credits in the task
     */
    public static String credit(String taskId, String contributor) {
        return key(CREDIT, taskId, contributor);
    }

    /**
     * @param taskId the task id
     * @param msp the organisation's MSP id
     * @return the key of the organisation's private validation set commitment for the task
     */
    public static String validationSet(String taskId, String msp) {
        return key(VALIDATION_SET, taskId, msp);
    }

    /**
     * @param taskId the task id
     * @param round the round whose resolution imposed the penalty
     * @param subject the penalised contributor id or organisation
     * @return the key of a penalty record
     */
    public static String penalty(String taskId, int round, String subject) {
        return key(PENALTY, taskId, pad10(round), subject);
    }

    /**
     * A disputed proposal's penalty: beside the round's other penalties (the same range lists it), under
     * the proposer and the proposal's number, so that neither a second disputed proposal of the same
     * proposer nor a penalty of the same identity as a contributor overwrites it.
     *
     * @param taskId the task id
     * @param round the round of the proposal
     * @param proposer the proposer's identity id
     * @param seq the proposal's number
     * @return the key of its penalty record
     */
    public static String proposalPenalty(String taskId, int round, String proposer, int seq) {
        return key(PENALTY, taskId, pad10(round), proposer, pad10(seq));
    }

    /**
     * @param taskId the task id
     * @param contributor the contributor's identity id
     * @return the key of the contributor's suspension from the task
     */
    public static String suspension(String taskId, String contributor) {
        return key(SUSPENSION, taskId, contributor);
    }

    /**
     * @param contributor the contributor's identity id
     * @return the key of the contributor's reputation
     */
    public static String reputation(String contributor) {
        return key(REPUTATION, contributor);
    }

    /**
     * @param taskId the task id
     * @param version the global model version
     * @return the key of a global model record
     */
    public static String model(String taskId, long version) {
        return key(MODEL, taskId, pad10(version));
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param contributor the contributor's identity id
     * @param chunk the chunk index
     * @return the private key of chunk {@code chunk} of an update payload
     */
    public static String updateChunk(String taskId, int round, String contributor, int chunk) {
        return key(PAYLOAD, taskId, pad10(round), contributor, pad6(chunk));
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @param chunk the chunk index
     * @return the private key of chunk {@code chunk} of a model payload (round 0, seq 0: initial model)
     */
    public static String modelChunk(String taskId, int round, int seq, int chunk) {
        return key(MODEL_PAYLOAD, taskId, pad10(round), pad4(seq), pad6(chunk));
    }

    /**
     * @param objectType one of the constants above
     * @param attributes attribute values, none containing U+0000 or U+10FFFF
     * @return the composite key, as the shim's {@code CompositeKey.toString()} writes it
     * @throws IllegalArgumentException when the type or an attribute holds U+0000 or U+10FFFF
     */
    public static String key(String objectType, String... attributes) {
        StringBuilder key = new StringBuilder().append(DELIMITER).append(checked(objectType)).append(DELIMITER);
        for (String attribute : attributes) {
            key.append(checked(attribute)).append(DELIMITER);
        }
        return key.toString();
    }

    /**
     * @param key the ledger key
     * @return the key with its delimiters shown as {@code /}, for messages
     */
    public static String printable(String key) {
        return key.replace(DELIMITER, '/');
    }

    private static String checked(String part) {
        if (part.indexOf(DELIMITER) >= 0 || part.contains(MAX_UNICODE_RUNE)) {
            throw new IllegalArgumentException("composite key parts may not contain U+0000 or U+10FFFF");
        }
        return part;
    }

    /**
     * @param n a non-negative number
     * @return {@code n} zero-padded to 10 digits
     */
    public static String pad10(long n) {
        return zeroPadded(n, 10);
    }

    static String pad4(int n) {
        return zeroPadded(n, 4);
    }

    static String pad6(int n) {
        return zeroPadded(n, 6);
    }

    // Every transaction builds several keys: String.format's parsing was a measurable share of them.
    private static String zeroPadded(long n, int width) {
        if (n < 0) {
            return String.format(Locale.ROOT, "%0" + width + "d", n);
        }
        String digits = Long.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
