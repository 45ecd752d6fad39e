package org.fedledger.chaincode.privacy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.DatasetBinding;
import org.fedledger.protocol.record.DatasetRecord;
import org.fedledger.protocol.record.DpMechanism;
import org.fedledger.protocol.record.PrivacySpendRecord;
import org.fedledger.protocol.record.PrivacySpent;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.TaskPrivacyRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.transaction.TaskPrivacyArgument;

/**
 * Privacy budgets per dataset, across tasks: datasets are created with a budget, a task binds each
 * training organisation to one of its datasets, every accepted update counts its task's releases
 * against that dataset, and a submit or a round opening that would take a dataset past its budget is
 * refused with {@link ErrorCode#PRIVACY_BUDGET_EXCEEDED}. The loss is always computed from the counts
 * (fl-core's {@code RdpAccountant}, {@code StrictMath} only), so every peer gets the same bits.
 *
 * <pre>{@code
 * privacy.createDataset("wisconsin", "8", "0.00001");
 * privacy.spend(task, "Org1MSP");              // in submitUpdate, before anything is written
 * }</pre>
 */
public final class PrivacyService {
    /** A plain decimal: no sign, no exponent, at most 9 integer and 18 fraction digits. */
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.[0-9]{1,18})?");
    /** Largest epsilon budget a dataset may have. */
    private static final BigDecimal MAX_EPSILON = new BigDecimal(1000);
    /** Largest noise multiplier a task may declare. */
    private static final BigDecimal MAX_NOISE_MULTIPLIER = new BigDecimal(1000);
    /** Most releases one update may count. */
    private static final long MAX_STEPS_PER_ROUND = 1_000_000;

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
    public PrivacyService(LedgerStore store, AccessControl access, EventSink events, TxInfo tx) {
        this.store = Objects.requireNonNull(store, "store");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    /**
     * Names one of the creator's organisation's datasets with a budget; the organisation is the
     * creator's, never an argument.
     *
     * @param datasetId 1-64 characters of {@code [A-Za-z0-9_-]}
     * @param epsilonArg the budget's epsilon, a plain decimal in (0, 1000]
     * @param deltaArg the budget's delta, a plain decimal in (0, 1)
     * @return the dataset record as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN (neither the organisation's admin nor a
     *     coordinator), INVALID_ARGUMENT, ALREADY_EXISTS
     */
    public String createDataset(String datasetId, String epsilonArg, String deltaArg) {
        if (!access.caller().admin()) {
            access.require(Role.COORDINATOR);
        }
        String id = datasetId("datasetId", datasetId);
        BigDecimal epsilon = decimal("epsilon", epsilonArg);
        if (epsilon.signum() <= 0 || epsilon.compareTo(MAX_EPSILON) > 0) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "epsilon", "epsilon must be in (0, "
                    + MAX_EPSILON + "], was " + epsilonArg);
        }
        BigDecimal delta = decimal("delta", deltaArg);
        if (delta.signum() <= 0 || delta.compareTo(BigDecimal.ONE) >= 0) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "delta", "delta must be in (0, 1), was "
                    + deltaArg);
        }
        String msp = access.caller().msp();
        String key = Keys.dataset(msp, id);
        if (store.exists(key)) {
            throw new FedLedgerException(ErrorCode.ALREADY_EXISTS, "dataset '" + id + "' of " + msp
                    + " already exists; a budget is fixed for the dataset's life");
        }
        DatasetRecord dataset = new DatasetRecord(msp, id, epsilonArg, deltaArg, access.caller().id(), tx.txId(),
                tx.epochSecond());
        store.put(key, dataset);
        events.emit(new LedgerEvent.DatasetCreated(msp, id, epsilonArg, deltaArg));
        return RecordJson.write(dataset);
    }

    /**
     * @param mspArg the dataset's organisation
     * @param datasetIdArg the dataset
     * @return the budget and the epsilon spent at its delta, as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String spent(String mspArg, String datasetIdArg) {
        access.require();
        DatasetRecord dataset = requireDataset(Arguments.mspId("msp", mspArg), datasetId("datasetId", datasetIdArg));
        PrivacySpendRecord spend = spendOf(dataset);
        double epsilon = spend.accountant().epsilon(new BigDecimal(dataset.delta()).doubleValue());
        return RecordJson.write(new PrivacySpent(dataset.msp(), dataset.datasetId(), dataset.epsilon(),
                dataset.delta(), Double.toString(epsilon), spend.releases()));
    }

    /**
     * @param taskId the task id
     * @return the task's privacy record as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND (also for a task without
     *     differential privacy)
     */
    public String taskPrivacy(String taskId) {
        access.require();
        String id = Arguments.taskId(taskId);
        return RecordJson.write(of(id).orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "task '" + id
                + "' has no differential privacy (or does not exist)")));
    }

    /**
     * Checks a task definition's privacy part and writes the task's privacy record; called by
     * {@code createTask} in the same transaction.
     *
     * @param taskId the task being created
     * @param argument the definition's {@code differentialPrivacy}
     * @param allowedOrgs the task's organisations, sorted
     * @throws FedLedgerException INVALID_ARGUMENT naming the field, NOT_FOUND for a dataset that does not exist
     */
    public void bindTask(String taskId, TaskPrivacyArgument argument, List<String> allowedOrgs) {
        DpMechanism m = argument.mechanism();
        if (m == null) {
            throw invalid("mechanism", "the mechanism is missing");
        }
        BigDecimal sigma = decimal("taskJson.differentialPrivacy.mechanism.noiseMultiplier", m.noiseMultiplier());
        if (sigma.signum() <= 0 || sigma.compareTo(MAX_NOISE_MULTIPLIER) > 0) {
            throw invalid("mechanism.noiseMultiplier", "noiseMultiplier must be in (0, " + MAX_NOISE_MULTIPLIER
                    + "], was " + m.noiseMultiplier());
        }
        BigDecimal q = decimal("taskJson.differentialPrivacy.mechanism.samplingRate", m.samplingRate());
        if (q.signum() <= 0 || q.compareTo(BigDecimal.ONE) > 0) {
            throw invalid("mechanism.samplingRate", "samplingRate must be in (0, 1], was " + m.samplingRate());
        }
        if (m.stepsPerRound() < 1 || m.stepsPerRound() > MAX_STEPS_PER_ROUND) {
            throw invalid("mechanism.stepsPerRound", "stepsPerRound must be between 1 and " + MAX_STEPS_PER_ROUND
                    + ", was " + m.stepsPerRound());
        }
        BigDecimal clip = decimal("taskJson.differentialPrivacy.mechanism.clipNorm", m.clipNorm());
        if (clip.signum() <= 0) {
            throw invalid("mechanism.clipNorm", "clipNorm must be positive, was " + m.clipNorm());
        }
        if (argument.datasets().isEmpty()) {
            throw invalid("datasets", "bind at least one organisation's dataset; a task with differential privacy"
                    + " takes updates only from organisations it binds");
        }
        TreeSet<String> seen = new TreeSet<>();
        List<DatasetBinding> sorted = new ArrayList<>(argument.datasets());
        sorted.sort(java.util.Comparator.comparing(DatasetBinding::msp));
        for (DatasetBinding b : sorted) {
            String msp = Arguments.mspId("taskJson.differentialPrivacy.datasets.msp", b.msp());
            if (!allowedOrgs.contains(msp)) {
                throw invalid("datasets", msp + " is not among the task's allowedOrgs " + allowedOrgs);
            }
            if (!seen.add(msp)) {
                throw invalid("datasets", msp + " is bound twice; its trainers draw from one dataset per task");
            }
            requireDataset(msp, datasetId("taskJson.differentialPrivacy.datasets.datasetId", b.datasetId()));
        }
        store.put(Keys.taskPrivacy(taskId), new TaskPrivacyRecord(taskId, m, sorted));
    }

    /**
     * @param taskId a task
     * @return its privacy record, if it has a budget to keep (reading the key either way)
     */
    public Optional<TaskPrivacyRecord> of(String taskId) {
        return store.get(Keys.taskPrivacy(taskId), TaskPrivacyRecord.class);
    }

    /**
     * Counts one update's releases against the dataset the task binds to {@code msp}, or refuses it
     * when that would exceed the dataset's budget; does nothing for a task without privacy.
     *
     * @param task the task
     * @param msp the submitting trainer's organisation
     * @throws FedLedgerException FORBIDDEN when the task binds no dataset to {@code msp},
     *     PRIVACY_BUDGET_EXCEEDED when the budget cannot take the update (nothing written)
     */
    public void spend(TaskRecord task, String msp) {
        Optional<TaskPrivacyRecord> privacy = of(task.taskId());
        if (privacy.isEmpty()) {
            return;
        }
        DpMechanism m = privacy.get().mechanism();
        DatasetBinding binding = privacy.get().datasetOf(msp).orElseThrow(() -> new FedLedgerException(
                ErrorCode.FORBIDDEN, "task '" + task.taskId() + "' binds no dataset of " + msp
                        + ", so its updates could not be counted against a privacy budget"));
        DatasetRecord dataset = requireDataset(binding.msp(), binding.datasetId());
        PrivacySpendRecord after = spendOf(dataset).plus(m, m.stepsPerRound());
        requireWithin(dataset, after, "this update of task '" + task.taskId() + "'");
        store.put(Keys.privacySpend(dataset.msp(), dataset.datasetId()), after);
    }

    /**
     * Refuses to open a round of a task that some bound dataset could not take one more update of.
     *
     * @param task the task
     * @throws FedLedgerException PRIVACY_BUDGET_EXCEEDED naming the dataset
     */
    public void requireRoomForRound(TaskRecord task) {
        Optional<TaskPrivacyRecord> privacy = of(task.taskId());
        if (privacy.isEmpty()) {
            return;
        }
        DpMechanism m = privacy.get().mechanism();
        for (DatasetBinding b : privacy.get().datasets()) {
            DatasetRecord dataset = requireDataset(b.msp(), b.datasetId());
            requireWithin(dataset, spendOf(dataset).plus(m, m.stepsPerRound()),
                    "one more round of task '" + task.taskId() + "'");
        }
    }

    private void requireWithin(DatasetRecord dataset, PrivacySpendRecord after, String what) {
        double epsilon = after.accountant().epsilon(new BigDecimal(dataset.delta()).doubleValue());
        if (new BigDecimal(epsilon).compareTo(new BigDecimal(dataset.epsilon())) > 0) {
            throw new FedLedgerException(ErrorCode.PRIVACY_BUDGET_EXCEEDED, what + " would take dataset '"
                    + dataset.datasetId() + "' of " + dataset.msp() + " to epsilon " + epsilon + " at delta "
                    + dataset.delta() + ", beyond its budget " + dataset.epsilon());
        }
    }

    private PrivacySpendRecord spendOf(DatasetRecord dataset) {
        return store.get(Keys.privacySpend(dataset.msp(), dataset.datasetId()), PrivacySpendRecord.class)
                .orElse(PrivacySpendRecord.none(dataset.msp(), dataset.datasetId()));
    }

    private DatasetRecord requireDataset(String msp, String datasetId) {
        return store.get(Keys.dataset(msp, datasetId), DatasetRecord.class).orElseThrow(() -> new FedLedgerException(
                ErrorCode.NOT_FOUND, "dataset '" + datasetId + "' of " + msp + " does not exist; its organisation's"
                        + " admin or coordinator creates it with createDataset"));
    }

    private static String datasetId(String field, String value) {
        if (value == null || !Arguments.TASK_ID.matcher(value).matches()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, field, field
                    + " must be 1-64 characters of [A-Za-z0-9_-], was " + Arguments.shown(value));
        }
        return value;
    }

    private static BigDecimal decimal(String field, String value) {
        if (value == null || !DECIMAL.matcher(value).matches()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, field, field
                    + " must be a plain decimal such as 8 or 0.00001, was " + Arguments.shown(value));
        }
        return new BigDecimal(value);
    }

    private static FedLedgerException invalid(String field, String problem) {
        String path = "taskJson.differentialPrivacy." + field;
        return new FedLedgerException(ErrorCode.INVALID_ARGUMENT, path, path + ": " + problem);
    }
}
