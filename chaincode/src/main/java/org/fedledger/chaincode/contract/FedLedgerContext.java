package org.fedledger.chaincode.contract;

import java.util.Map;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.aggregation.AttestationService;
import org.fedledger.chaincode.aggregation.ModelService;
import org.fedledger.chaincode.aggregation.ProposalService;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.hierarchy.PartialSumService;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.PayloadStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.participants.ParticipantService;
import org.fedledger.chaincode.privacy.PrivacyService;
import org.fedledger.chaincode.queries.KeyHistoryService;
import org.fedledger.chaincode.rounds.RoundService;
import org.fedledger.chaincode.secure.SecureAggregationService;
import org.fedledger.chaincode.secure.SecureTasks;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.chaincode.updates.UpdateService;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * One transaction's helpers: the world-state store, payload store, access control built from the
 * creator's certificate, the single-event sink, and the protocol services wired to them. Created by
 * {@link FedLedgerContract#createContext(ChaincodeStub)}; never shared between transactions.
 *
 * <pre>{@code
 * FedLedgerContext ctx = new FedLedgerContract().createContext(stub);
 * ctx.rounds().open("mnist");
 * }</pre>
 */
public final class FedLedgerContext extends org.hyperledger.fabric.contract.Context {
    private final AccessControl access;
    private final ParticipantService participants;
    private final TaskService tasks;
    private final RoundService rounds;
    private final UpdateService updates;
    private final ProposalService proposals;
    private final AttestationService attestations;
    private final ModelService models;
    private final KeyHistoryService keyHistory;
    private final PrivacyService privacy;
    private final SecureAggregationService secure;
    private final PartialSumService partials;

    /** @param stub the transaction's stub; its creator must be a serialized X.509 identity */
    public FedLedgerContext(ChaincodeStub stub) {
        super(stub);
        LedgerStore store = new LedgerStore(stub);
        PayloadStore payloads = new PayloadStore(stub);
        EventSink events = new EventSink(stub);
        TxInfo tx = new TxInfo(stub.getTxId(), stub.getTxTimestamp());
        Map<String, byte[]> transientData = stub.getTransient();
        this.access = new AccessControl(Caller.of(getClientIdentity()),
                store);
        this.participants = new ParticipantService(store, access, events, tx);
        this.privacy = new PrivacyService(store, access, events, tx);
        this.tasks = new TaskService(store, payloads, access, events, tx, transientData, privacy);
        this.rounds = new RoundService(store, tasks, access, events, tx, privacy);
        this.updates = new UpdateService(store, payloads, tasks, rounds, access, events, tx, transientData, privacy);
        this.proposals = new ProposalService(store, payloads, tasks, rounds, access, events, tx, transientData);
        this.attestations = new AttestationService(store, tasks, rounds, proposals, access, events, tx);
        this.models = new ModelService(store, payloads, access);
        this.keyHistory = new KeyHistoryService(stub, access);
        this.partials = new PartialSumService(store, payloads, tasks, rounds, access, events, tx, transientData);
        this.secure = new SecureAggregationService(store, tasks, rounds, new SecureTasks(store, tx), access, events, tx);
    }

    /** @return access control for the creator */
    public AccessControl access() {
        return access;
    }

    /** @return participant registration and look-ups */
    public ParticipantService participants() {
        return participants;
    }

    /** @return tasks */
    public TaskService tasks() {
        return tasks;
    }

    /** @return rounds */
    public RoundService rounds() {
        return rounds;
    }

    /** @return updates */
    public UpdateService updates() {
        return updates;
    }

    /** @return proposals */
    public ProposalService proposals() {
        return proposals;
    }

    /** @return attestations */
    public AttestationService attestations() {
        return attestations;
    }

    /** @return global models */
    public ModelService models() {
        return models;
    }

    /** @return datasets, privacy budgets and what they spent */
    public PrivacyService privacy() {
        return privacy;
    }

    /** @return secure aggregation's key directory, reveals and look-ups */
    public SecureAggregationService secure() {
        return secure;
    }

    /** @return hierarchical rounds' partial sums and internal updates */
    public PartialSumService partials() {
        return partials;
    }

    /** @return key history */
    public KeyHistoryService keyHistory() {
        return keyHistory;
    }
}
