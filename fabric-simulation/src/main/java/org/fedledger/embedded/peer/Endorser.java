package org.fedledger.embedded.peer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.fedledger.embedded.block.Endorsement;
import org.fedledger.embedded.block.FabricFormat;
import org.fedledger.embedded.block.ProposalResult;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.embedded.state.WorldState;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode;

/**
 * One organisation's peer as an endorser: the shim's {@link ContractRouter} (the class a peer's
 * chaincode server runs, routing exactly as there), run for this organisation against a
 * {@link SimulationStub} over the committed state and this organisation's private data. A
 * successful simulation is signed by the organisation's peer identity.
 *
 * <pre>{@code
 * Endorser org1 = new Endorser(org1Peer, state);
 * Endorser.Response r = org1.endorse(proposal);
 * }</pre>
 */
public final class Endorser {
    /** The chaincode id the router is given (the shim insists on one; it is not used in-process). */
    public static final String CHAINCODE_ID = "fedledger:embedded";

    /**
     * Held so the levels set on them stay (the logging framework keeps loggers weakly). The chaincode's
     * own refusal log is for a peer's operators; in-process the caller gets the refusal itself.
     */
    private static final List<Logger> SHIM_LOGGERS = java.util.stream.Stream.of("org.hyperledger",
            "org.hyperledger.fabric", "org.hyperledger.fabric.shim", "org.hyperledger.fabric.contract",
            "org.hyperledger.fabric.traces", "org.hyperledger.fabric.metrics", "org.fedledger.chaincode")
            .map(Logger::getLogger).toList();
    private static volatile ContractRouter sharedRouter;

    private final Identity peer;
    private final WorldState state;
    private final ContractRouter router;

    /**
     * @param peer the organisation's peer identity ({@code OU=peer})
     * @param state the committed state
     */
    public Endorser(Identity peer, WorldState state) {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.state = Objects.requireNonNull(state, "state");
        this.router = router();
    }

    /**
     * The shim's router, built once per JVM: its contract scan reads the whole class path (seconds),
     * and the chaincode is stateless, so every organisation's endorser runs its own executions
     * through the one router (a peer's chaincode server, too, serves concurrent transactions with
     * one router).
     */
    private static ContractRouter router() {
        ContractRouter r = sharedRouter;
        if (r == null) {
            synchronized (Endorser.class) {
                r = sharedRouter;
                if (r == null) {
                    quietShimOnRootHandlers();
                    HostLogging saved = HostLogging.save();
                    try {
                        r = newRouter();
                    } finally {
                        saved.restore();
                    }
                    // In-process, the shim's per-transaction INFO lines would flood the host's log.
                    SHIM_LOGGERS.forEach(l -> l.setLevel(Level.WARNING));
                    sharedRouter = r;
                }
            }
        }
        return r;
    }

    /**
     * The shim resets its loggers' levels while the router is built (from environment variables a
     * process cannot set on itself), so its INFO lines and the chaincode's per-refusal lines are
     * filtered out at the host's root handlers instead; warnings and errors still pass. A line is
     * the shim's when its logger or the class that logged it is (the shim logs one line on the root
     * logger while it builds the router).
     */
    private static void quietShimOnRootHandlers() {
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            java.util.logging.Filter previous = h.getFilter();
            h.setFilter(record -> {
                String name = record.getLoggerName() == null ? "" : record.getLoggerName();
                String source = record.getSourceClassName() == null ? "" : record.getSourceClassName();
                boolean shim = name.startsWith("org.hyperledger.") || name.startsWith("org.fedledger.chaincode")
                        || source.startsWith("org.hyperledger.");
                boolean quiet = shim && record.getLevel().intValue() < Level.WARNING.intValue();
                return !quiet && (previous == null || previous.isLoggable(record));
            });
        }
    }

    /**
     * What the shim changes in the host's logging while it builds the router: the VM-wide
     * SimpleFormatter format, and each root handler's formatter and level. Restored afterwards, so
     * embedding the ledger leaves the host application's log as it was.
     */
    private record HostLogging(String simpleFormat, List<java.util.logging.Handler> handlers,
            List<java.util.logging.Formatter> formatters, List<Level> levels) {
        private static final String FORMAT = "java.util.logging.SimpleFormatter.format";

        static HostLogging save() {
            List<java.util.logging.Handler> handlers = List.of(Logger.getLogger("").getHandlers());
            return new HostLogging(System.getProperty(FORMAT), handlers,
                    handlers.stream().map(java.util.logging.Handler::getFormatter).toList(),
                    handlers.stream().map(java.util.logging.Handler::getLevel).toList());
        }

        void restore() {
            if (simpleFormat == null) {
                System.clearProperty(FORMAT);
            } else {
                System.setProperty(FORMAT, simpleFormat);
            }
            for (int i = 0; i < handlers.size(); i++) {
                handlers.get(i).setFormatter(formatters.get(i));
                handlers.get(i).setLevel(levels.get(i));
            }
        }
    }

    /** @return the organisation's MSP id */
    public String mspId() {
        return peer.mspId();
    }

    /**
     * One organisation's answer to a proposal: its result, and its endorsement when the chaincode
     * succeeded.
     *
     * @param mspId the organisation
     * @param result the simulation's result
     * @param endorsement the signature over it, null when the chaincode refused or for a query
     */
    public record Response(String mspId, ProposalResult result, Endorsement endorsement) {
        /** Checks the parts. */
        public Response {
            Objects.requireNonNull(mspId, "mspId");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Simulates {@code proposal} and, if the chaincode succeeded, signs the result.
     *
     * @param proposal the signed proposal
     * @return the response
     */
    public Response endorse(Proposal proposal) {
        ProposalResult result = simulate(proposal);
        if (!result.succeeded()) {
            return new Response(peer.mspId(), result, null);
        }
        byte[] response = FabricFormat.responsePayload(proposal.proposalHash(), result, proposal.txId()).toByteArray();
        byte[] signature = peer.sign(FabricFormat.endorsementMessage(response, peer.mspId(), peer.certificatePem()));
        return new Response(peer.mspId(), result, new Endorsement(peer.mspId(), peer.certificatePem(), signature));
    }

    /**
     * Runs {@code proposal} as a query on this peer: nothing is signed or ordered.
     *
     * @param proposal the signed proposal
     * @return the result
     */
    public ProposalResult simulate(Proposal proposal) {
        SimulationStub stub = new SimulationStub(proposal, peer.mspId(), state);
        Chaincode.Response response;
        state.lock().readLock().lock();
        try {
            response = router.invoke(stub);
        } finally {
            state.lock().readLock().unlock();
        }
        byte[] payload = response.getPayload() == null ? new byte[0] : response.getPayload();
        String message = response.getMessage() == null ? "" : response.getMessage();
        return new ProposalResult(response.getStatusCode(), message, payload, stub.event(), stub.readWriteSet());
    }

    /**
     * Builds the shim's router as its {@code main} does, without starting its gRPC side: the
     * constructor reads options (a chaincode id is required), and the package-private
     * {@code findAllContracts} scans the class path for {@code @Contract} classes.
     */
    private static ContractRouter newRouter() {
        ContractRouter router = new ContractRouter(new String[] {"--id", CHAINCODE_ID});
        try {
            Method scan = ContractRouter.class.getDeclaredMethod("findAllContracts");
            scan.setAccessible(true);
            scan.invoke(router);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("this fabric-chaincode-shim has no ContractRouter.findAllContracts();"
                    + " the embedded ledger needs shim 2.5.x", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the shim could not load the contracts: " + e.getCause(), e.getCause());
        }
        return router;
    }

    @Override
    public String toString() {
        return "Endorser[" + peer.mspId() + "]";
    }
}
