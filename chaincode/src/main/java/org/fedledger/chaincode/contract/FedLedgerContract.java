package org.fedledger.chaincode.contract;

import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.RefusalLog;
import org.fedledger.protocol.transaction.TransactionName;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The {@code fedledger} contract: one method per {@link TransactionName}, with the same name, intent and
 * argument order (a test holds them together); see {@code docs/ledger-model.md}. Each method
 * only delegates to a service of its {@link FedLedgerContext}; arguments are the strings the client
 * sent, parsed strictly by the services. Records come back as canonical JSON strings, payloads as
 * raw bytes. Refusals are {@link org.fedledger.chaincode.errors.FedLedgerException}s.
 *
 * <pre>{@code
 * contract.submitTransaction("openRound", "mnist");      // from a Fabric Gateway client
 * }</pre>
 */
@Contract(name = TransactionName.CONTRACT, transactionSerializer = PayloadSerializer.NAME,
        info = @Info(title = "FedLedger", description = "Federated-learning round protocol with attested aggregation",
                version = "0.1.0", license = @License(name = "Apache-2.0"), contact = @Contact(name = "FedLedger")))
@Default
public final class FedLedgerContract implements ContractInterface {

    /** Creates the contract; it is stateless. Refusals are logged as one INFO line ({@link RefusalLog}). */
    public FedLedgerContract() {
        RefusalLog.install();
    }

    /**
     * Starts a transaction: before the shim converts any argument for the transaction's method (and
     * before the creator's certificate is read), every argument is held to
     * {@code TransportLimits.MAX_ARGUMENT_BYTES}.
     *
     * @throws org.fedledger.chaincode.errors.FedLedgerException ARGUMENT_TOO_LARGE
     */
    @Override
    public FedLedgerContext createContext(ChaincodeStub stub) {
        RefusalLog.startTransaction();
        Arguments.requireWithinSize(stub.getArgs());
        return new FedLedgerContext(stub);
    }

    /**
     * The creator asks for roles with its own identity; see {@code ParticipantService#requestRoles}.
     *
     * @param ctx the transaction context
     * @param rolesCsv comma-separated role names
     * @return the request as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String requestRoles(FedLedgerContext ctx, String rolesCsv) {
        return ctx.participants().requestRoles(rolesCsv);
    }

    /**
     * Org admin approves the pending role request of a member of its own organisation; see
     * {@code ParticipantService#register}.
     *
     * @param ctx the transaction context
     * @param certificatePem the member's certificate, PEM: the one that signed the request
     * @param rolesCsv comma-separated role names, each one the member requested
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerParticipant(FedLedgerContext ctx, String certificatePem, String rolesCsv) {
        return ctx.participants().register(certificatePem, rolesCsv);
    }

    /**
     * Org admin changes the roles of a member of its own organisation.
     *
     * @param ctx the transaction context
     * @param id the member's identity id
     * @param rolesCsv comma-separated role names it holds from now on
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String changeRoles(FedLedgerContext ctx, String id, String rolesCsv) {
        return ctx.participants().changeRoles(id, rolesCsv);
    }

    /**
     * Org admin revokes a member of its own organisation, for good.
     *
     * @param ctx the transaction context
     * @param id the member's identity id
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revokeParticipant(FedLedgerContext ctx, String id) {
        return ctx.participants().revoke(id);
    }

    /**
     * The creator's id, MSP, admin flag and roles.
     *
     * @param ctx the transaction context
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String whoAmI(FedLedgerContext ctx) {
        return ctx.participants().whoAmI();
    }

    /**
     * A participant record.
     *
     * @param ctx the transaction context
     * @param msp the organisation's MSP id
     * @param id the identity id
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getParticipant(FedLedgerContext ctx, String msp, String id) {
        return ctx.participants().get(msp, id);
    }

    /**
     * Coordinator creates a task; transient {@code model/0..n-1} is the initial model.
     *
     * @param ctx the transaction context
     * @param taskJson the task definition as JSON
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String createTask(FedLedgerContext ctx, String taskJson) {
        return ctx.tasks().create(taskJson);
    }

    /**
     * Coordinator opens the task's next round.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String openRound(FedLedgerContext ctx, String taskId) {
        return ctx.rounds().open(taskId);
    }

    /**
     * Trainer submits its update; transient {@code payload/0..n-1} is the update.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param hash SHA-256 of the update payload (64 lowercase hex characters)
     * @param samples the declared sample count
     * @param baseVersion the base model version
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String submitUpdate(FedLedgerContext ctx, String taskId, String round, String hash, String samples,
            String baseVersion) {
        return ctx.updates().submit(taskId, round, hash, samples, baseVersion);
    }

    /**
     * Closes (or fails) an OPEN round.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String closeRound(FedLedgerContext ctx, String taskId, String round) {
        return ctx.rounds().close(taskId, round);
    }

    /**
     * Aggregator proposes a model; transient {@code model/0..n-1} is the output.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param manifestJson the aggregation manifest as JSON
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String proposeModel(FedLedgerContext ctx, String taskId, String round, String manifestJson) {
        return ctx.proposals().propose(taskId, round, manifestJson);
    }

    /**
     * The owner's aggregator proposes a model and opens the next round on it; transient
     * {@code model/0..n-1} is the output.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number (the task's latest)
     * @param manifestJson the aggregation manifest as JSON
     * @return the proposal record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String proposeAndOpen(FedLedgerContext ctx, String taskId, String round, String manifestJson) {
        return ctx.proposals().proposeAndOpen(taskId, round, manifestJson);
    }

    /**
     * Verifier attests a proposal for its organisation.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @param verdict the verifier's verdict
     * @param computedHash the hash the verifier computed (64 lowercase hex characters)
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String attestModel(FedLedgerContext ctx, String taskId, String round, String seq, String verdict,
            String computedHash) {
        return ctx.attestations().attest(taskId, round, seq, verdict, computedHash);
    }

    /**
     * Verifier attests a proposal of an incentives task, with the contributions it computed.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @param verdict the verifier's verdict
     * @param computedHash the hash the verifier computed (64 lowercase hex characters)
     * @param contributionsJson the contribution vector as JSON
     * @return the attestation record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String attestModelWithContributions(FedLedgerContext ctx, String taskId, String round, String seq,
            String verdict, String computedHash, String contributionsJson) {
        return ctx.attestations().attest(taskId, round, seq, verdict, computedHash, contributionsJson);
    }

    /**
     * A task's incentive rules.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getTaskIncentives(FedLedgerContext ctx, String taskId) {
        return ctx.attestations().incentives().rules(taskId);
    }

    /**
     * The contributions each organisation attested with a proposal, in MSP order.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listContributionAttestations(FedLedgerContext ctx, String taskId, String round, String seq) {
        return ctx.attestations().incentives().attested(taskId, round, seq);
    }

    /**
     * The contributions agreed for a FINAL round of an incentives task.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getRoundContributions(FedLedgerContext ctx, String taskId, String round) {
        return ctx.attestations().incentives().agreed(taskId, round);
    }

    /**
     * Every contributor's credits in a task.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listCredits(FedLedgerContext ctx, String taskId) {
        return ctx.attestations().incentives().credits(taskId);
    }

    /**
     * The penalties a round's resolution imposed.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listPenalties(FedLedgerContext ctx, String taskId, String round) {
        return ctx.attestations().incentives().penalties(taskId, round);
    }

    /**
     * A contributor's reputation across tasks.
     *
     * @param ctx the transaction context
     * @param contributorId the contributor's identity id
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getReputation(FedLedgerContext ctx, String contributorId) {
        return ctx.attestations().incentives().reputation(contributorId);
    }

    /**
     * A verifier commits its organisation's private validation set for a task valued on private sets.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param validationSetHash SHA-256 of the set's canonical bytes (64 lowercase hex characters)
     * @return the validation set record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String commitValidationSet(FedLedgerContext ctx, String taskId, String validationSetHash) {
        return ctx.attestations().incentives().commitValidationSet(taskId, validationSetHash);
    }

    /**
     * The private validation sets committed for a task.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the records as a canonical JSON array, in MSP order
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listValidationSets(FedLedgerContext ctx, String taskId) {
        return ctx.attestations().incentives().validationSets(taskId);
    }

    /**
     * Decides a round that waits for its proposal's quorum or for a proposal: FINAL, DISPUTED or FAILED.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the round record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String resolveRound(FedLedgerContext ctx, String taskId, String round) {
        return ctx.attestations().resolve(taskId, round);
    }

    /**
     * A task record.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getTask(FedLedgerContext ctx, String taskId) {
        return ctx.tasks().get(taskId);
    }

    /**
     * A round record.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getRound(FedLedgerContext ctx, String taskId, String round) {
        return ctx.rounds().get(taskId, round);
    }

    /**
     * A round's update records in key order.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listUpdates(FedLedgerContext ctx, String taskId, String round) {
        return ctx.updates().list(taskId, round);
    }

    /**
     * Every update record of one contributor.
     *
     * @param ctx the transaction context
     * @param contributorId the contributor's identity id
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String contributorHistory(FedLedgerContext ctx, String contributorId) {
        return ctx.updates().history(contributorId);
    }

    /**
     * A proposal record.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getProposal(FedLedgerContext ctx, String taskId, String round, String seq) {
        return ctx.proposals().get(taskId, round, seq);
    }

    /**
     * A proposal's attestations in MSP order.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listAttestations(FedLedgerContext ctx, String taskId, String round, String seq) {
        return ctx.attestations().list(taskId, round, seq);
    }

    /**
     * A global model record.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param version the global model version
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getGlobalModel(FedLedgerContext ctx, String taskId, String version) {
        return ctx.models().get(taskId, version);
    }

    /**
     * An update's payload bytes (peers of member organisations only).
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param contributorId the contributor's identity id
     * @return the payload bytes, checked against the recorded hash
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public byte[] readUpdatePayload(FedLedgerContext ctx, String taskId, String round, String contributorId) {
        return ctx.updates().readPayload(taskId, round, contributorId);
    }

    /**
     * Several updates' payload bytes in one response.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param contributorsJson the contributors' identity ids, a JSON array
     * @return the longest prefix of their payloads that fits one response, each checked against its hash
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public byte[] readUpdatePayloads(FedLedgerContext ctx, String taskId, String round, String contributorsJson) {
        return ctx.updates().readPayloads(taskId, round, contributorsJson);
    }

    /**
     * A global model's payload bytes (peers of member organisations only).
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param version the global model version
     * @return the payload bytes, checked against the recorded hash
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public byte[] readModelPayload(FedLedgerContext ctx, String taskId, String version) {
        return ctx.models().readPayload(taskId, version);
    }

    /**
     * A proposal's output bytes (peers of member organisations only): the base of a round opened on it.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @return the payload bytes, checked against the proposal's output hash
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public byte[] readProposalPayload(FedLedgerContext ctx, String taskId, String round, String seq) {
        return ctx.proposals().readPayload(taskId, round, seq);
    }

    /**
     * Every committed value of one public key.
     *
     * @param ctx the transaction context
     * @param objectType the composite-key object type
     * @param attributesJson the key's attributes as a JSON array of strings
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String keyHistory(FedLedgerContext ctx, String objectType, String attributesJson) {
        return ctx.keyHistory().history(objectType, attributesJson);
    }

    /**
     * An organisation's admin or coordinator names one of its datasets with a privacy budget.
     *
     * @param ctx the transaction context
     * @param datasetId the dataset's name
     * @param epsilon the budget's epsilon, a plain decimal
     * @param delta the budget's delta, a plain decimal
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String createDataset(FedLedgerContext ctx, String datasetId, String epsilon, String delta) {
        return ctx.privacy().createDataset(datasetId, epsilon, delta);
    }

    /**
     * A dataset's budget and the epsilon it has spent.
     *
     * @param ctx the transaction context
     * @param msp the dataset's organisation
     * @param datasetId the dataset
     * @return the answer as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getPrivacySpent(FedLedgerContext ctx, String msp, String datasetId) {
        return ctx.privacy().spent(msp, datasetId);
    }

    /**
     * A task's differential-privacy record.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getTaskPrivacy(FedLedgerContext ctx, String taskId) {
        return ctx.privacy().taskPrivacy(taskId);
    }

    /**
     * A trainer records its masking keys for a secure task; see {@code SecureAggregationService#registerKeys}.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param maskPublicKey the X25519 mask public key, hex
     * @param sharePublicKey the X25519 share public key, hex
     * @return the key record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerMaskingKeys(FedLedgerContext ctx, String taskId, String maskPublicKey, String sharePublicKey) {
        return ctx.secure().registerKeys(taskId, maskPublicKey, sharePublicKey);
    }

    /**
     * A trainer shares its mask private key, sealed, with trainers of the key directory; see
     * {@code SecureAggregationService#shareMaskKey}.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param sharesJson the sealed shares by recipient as JSON
     * @return the share record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String shareMaskKey(FedLedgerContext ctx, String taskId, String sharesJson) {
        return ctx.secure().shareMaskKey(taskId, sharesJson);
    }

    /**
     * A secure task's key directory.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the masking key records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listMaskingKeys(FedLedgerContext ctx, String taskId) {
        return ctx.secure().listMaskingKeys(taskId);
    }

    /**
     * A secure task's mask-key share records.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listKeyShares(FedLedgerContext ctx, String taskId) {
        return ctx.secure().listKeyShares(taskId);
    }

    /**
     * A cohort member reveals its shares for a closed secure round; see {@code SecureAggregationService#reveal}.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param revealJson the shares as JSON
     * @return the reveal record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revealShares(FedLedgerContext ctx, String taskId, String round, String revealJson) {
        return ctx.secure().reveal(taskId, round, revealJson);
    }

    /**
     * A task's secure aggregation record.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getSecureAggregation(FedLedgerContext ctx, String taskId) {
        return ctx.secure().getPrivacy(taskId);
    }

    /**
     * A secure round's cohort.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getCohort(FedLedgerContext ctx, String taskId, String round) {
        return ctx.secure().getCohort(taskId, round);
    }

    /**
     * A secure round's sealed share bundles, one record per sender.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listMaskShares(FedLedgerContext ctx, String taskId, String round) {
        return ctx.secure().listShares(taskId, round);
    }

    /**
     * A secure round's reveals, one record per revealer.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the records as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listReveals(FedLedgerContext ctx, String taskId, String round) {
        return ctx.secure().listReveals(taskId, round);
    }

    /**
     * An organisation's aggregator publishes the partial sum of its trainers' internal updates in a
     * hierarchical round; the payload travels as transient data.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param hash the payload's SHA-256
     * @param updatesJson the summed internal update records, a JSON array in contributor order
     * @return the partial sum record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String publishPartialSum(FedLedgerContext ctx, String taskId, String round, String hash, String updatesJson) {
        return ctx.partials().publish(taskId, round, hash, updatesJson);
    }

    /**
     * A verifier of the summing organisation attests the partial sum it recomputed.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param msp the summing organisation
     * @param hash the recomputed hash
     * @return the attested record as canonical JSON
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String attestPartialSum(FedLedgerContext ctx, String taskId, String round, String msp, String hash) {
        return ctx.partials().attest(taskId, round, msp, hash);
    }

    /**
     * A hierarchical round's partial sum records.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the records, in MSP order, as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listPartialSums(FedLedgerContext ctx, String taskId, String round) {
        return ctx.partials().listJson(taskId, round);
    }

    /**
     * A partial sum's payload bytes.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param msp the summing organisation
     * @return the payload, checked against its hash
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public byte[] readPartialSumPayload(FedLedgerContext ctx, String taskId, String round, String msp) {
        return ctx.partials().readPayload(taskId, round, msp);
    }

    /**
     * The caller's organisation's internal update records of a hierarchical round (its own peers only).
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @return the records, in key order, as a canonical JSON array
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listInternalUpdates(FedLedgerContext ctx, String taskId, String round) {
        return ctx.partials().listInternal(taskId, round);
    }

    /**
     * An internal update's payload bytes, for its organisation's aggregator and verifiers.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param contributorId the trainer's identity id
     * @return the payload, checked against its record's hash
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public byte[] readInternalUpdatePayload(FedLedgerContext ctx, String taskId, String round, String contributorId) {
        return ctx.partials().readInternalPayload(taskId, round, contributorId);
    }

    /**
     * Several internal updates' payload bytes in one response, for their organisation's aggregator and verifiers.
     *
     * @param ctx the transaction context
     * @param taskId the task id
     * @param round the round number
     * @param contributorsJson the trainers' identity ids, a JSON array
     * @return the longest prefix of their payloads that fits one response, each checked against its record's hash
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public byte[] readInternalUpdatePayloads(FedLedgerContext ctx, String taskId, String round,
            String contributorsJson) {
        return ctx.partials().readInternalPayloads(taskId, round, contributorsJson);
    }
}
