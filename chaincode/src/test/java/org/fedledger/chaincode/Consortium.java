package org.fedledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.fedledger.chaincode.contract.FedLedgerContext;
import org.fedledger.chaincode.contract.FedLedgerContract;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.chaincode.testing.TestOrg;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationResult;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.Exclusion;
import org.fedledger.core.aggregation.InputWeight;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.peer.SimulatedChannel;
import org.fedledger.embedded.peer.SimulationStub;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.testing.StandardTask;

/**
 * A three-organisation consortium on a {@link SimulatedChannel} (Fabric's simulation and validation,
 * one transaction per block), with the protocol's steps in domain words. Every call goes through
 * {@link FedLedgerContract} as the shim would invoke it, on the peer of the caller's organisation,
 * and every call checks that the transaction closed all its iterators.
 */
public final class Consortium {
    public static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    public static final String TASK = "mnist";
    public static final long DURATION = StandardTask.ROUND_DURATION_SECONDS;

    /**
     * The channel the contracts run on, with the collections of four organisations: the standard task
     * allows the first three, so Org4 is a channel member outside it.
     */
    public final SimulatedChannel ledger = new SimulatedChannel("fedledger",
            Collections.definedFor(List.of("Org1MSP", "Org2MSP", "Org3MSP", "Org4MSP")));
    public final FedLedgerContract contract = new FedLedgerContract();

    public final TestOrg org1 = TestOrg.of("Org1MSP");
    public final TestOrg org2 = TestOrg.of("Org2MSP");
    public final TestOrg org3 = TestOrg.of("Org3MSP");
    public final TestIdentity admin1 = org1.admin("admin1");
    public final TestIdentity admin2 = org2.admin("admin2");
    public final TestIdentity admin3 = org3.admin("admin3");
    public final TestIdentity coordinator = org1.member("coordinator");
    public final TestIdentity aggregator = org1.member("aggregator");
    public final TestIdentity trainer1 = org1.member("trainer1");
    public final TestIdentity trainer2 = org2.member("trainer2");
    public final TestIdentity trainer3 = org3.member("trainer3");
    public final TestIdentity verifier1 = org1.member("verifier1");
    public final TestIdentity verifier2 = org2.member("verifier2");
    public final TestIdentity verifier3 = org3.member("verifier3");
    public final TestIdentity auditor = org2.member("auditor");
    public final TestIdentity stranger = org3.member("stranger");

    private Instant now = T0;
    private SimulationStub lastStub;

    /** A fresh ledger with no participants. */
    public static Consortium fresh() {
        return new Consortium();
    }

    /** The current transaction timestamp; every transaction advances it by one second. */
    public Instant now() {
        return now;
    }

    /** Moves the transaction timestamp forward. */
    public void advance(long seconds) {
        now = now.plusSeconds(seconds);
    }

    /** Sets the transaction timestamp. */
    public void at(Instant ts) {
        now = ts;
    }

    // ---- raw calls -------------------------------------------------------------------------

    /**
     * Starts a transaction of {@code who} on its organisation's peer; nothing is committed.
     *
     * @param functionAndArguments the function name, then its arguments (none: an empty proposal)
     */
    public SimulationStub newStub(TestIdentity who, Instant timestamp, Map<String, byte[]> transientData,
            String... functionAndArguments) {
        lastStub = ledger.newStub(who.simulated(), who.mspId(), timestamp, transientData, List.of(functionAndArguments));
        return lastStub;
    }

    /** The transaction started last, committed or not. */
    public SimulationStub lastStub() {
        if (lastStub == null) {
            throw new IllegalStateException("no transaction has been simulated yet");
        }
        return lastStub;
    }

    /**
     * Runs {@code call} on a new stub and commits it. When {@code call} throws, nothing is committed
     * and the exception propagates unchanged.
     *
     * @throws IllegalStateException when the commit is invalidated (an MVCC or phantom read conflict)
     */
    public <R> R invoke(TestIdentity who, Instant timestamp, Map<String, byte[]> transientData,
            Function<SimulationStub, R> call) {
        SimulationStub stub = newStub(who, timestamp, transientData);
        R result = call.apply(stub);
        SimulatedChannel.Commit commit = ledger.commit(stub);
        if (!commit.isValid()) {
            throw new IllegalStateException("transaction " + commit.txId() + " was invalidated: " + commit.code());
        }
        return result;
    }

    /** Runs {@code call} on a new stub as a query: nothing is committed. */
    public <R> R evaluate(TestIdentity who, Instant timestamp, Map<String, byte[]> transientData,
            Function<SimulationStub, R> call) {
        return call.apply(newStub(who, timestamp, transientData));
    }

    /** Simulates and commits one transaction through the contract. */
    public <R> R submit(TestIdentity who, Map<String, byte[]> transientData, Function<Tx, R> call) {
        now = now.plusSeconds(1);
        R result = invoke(who, now, transientData, stub -> call.apply(new Tx(contract, stub)));
        assertThat(lastStub().openIterators()).as("open iterators").isEmpty();
        return result;
    }

    public <R> R submit(TestIdentity who, Function<Tx, R> call) {
        return submit(who, Map.of(), call);
    }

    /** Simulates one query without committing. */
    public <R> R evaluate(TestIdentity who, Function<Tx, R> call) {
        R result = evaluate(who, now, Map.of(), stub -> call.apply(new Tx(contract, stub)));
        assertThat(lastStub().openIterators()).as("open iterators").isEmpty();
        return result;
    }

    /**
     * Runs a transaction that must be refused, and checks that it wrote nothing, emitted nothing and
     * closed its iterators. Nothing is committed.
     */
    public FedLedgerException refused(TestIdentity who, Map<String, byte[]> transientData, Function<Tx, ?> call) {
        now = now.plusSeconds(1);
        FedLedgerException e = catchThrowableOfType(FedLedgerException.class,
                () -> invoke(who, now, transientData, stub -> call.apply(new Tx(contract, stub))));
        assertThat(e).as("expected a FedLedgerException").isNotNull();
        SimulationStub stub = lastStub();
        assertThat(stub.readWriteSet().writes()).as("public writes of a refused transaction").isEmpty();
        assertThat(stub.readWriteSet().privateWrites().values().stream().allMatch(Map::isEmpty)).as("private writes").isTrue();
        assertThat(stub.event()).as("event of a refused transaction").isEmpty();
        assertThat(stub.openIterators()).as("open iterators").isEmpty();
        assertThat(e.getPayload()).isEqualTo(e.code().name().getBytes(StandardCharsets.UTF_8));
        assertThat(e.getMessage()).startsWith(e.code().name() + ": ");
        return e;
    }

    public FedLedgerException refused(TestIdentity who, Function<Tx, ?> call) {
        return refused(who, Map.of(), call);
    }

    /** Asserts the refusal's code (payload and message prefix). */
    public static void assertCode(FedLedgerException e, ErrorCode code) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(new String(e.getPayload(), StandardCharsets.UTF_8)).isEqualTo(code.name());
        assertThat(e.getMessage()).startsWith(code.name() + ": ");
    }

    /** One transaction: the contract plus a context on the stub, as the shim wires them. */
    public record Tx(FedLedgerContract c, SimulationStub stub) {
        public FedLedgerContext ctx() {
            return c.createContext(stub);
        }
    }

    // ---- protocol steps ----------------------------------------------------------------------

    /** Each member requests its roles and its org's admin approves them. */
    public Consortium registered() {
        register(admin1, coordinator, "coordinator");
        register(admin1, aggregator, "aggregator");
        register(admin1, trainer1, "trainer");
        register(admin2, trainer2, "trainer");
        register(admin3, trainer3, "trainer");
        register(admin1, verifier1, "verifier");
        register(admin2, verifier2, "verifier");
        register(admin3, verifier3, "verifier");
        register(admin2, auditor, "auditor");
        return this;
    }

    /** The member requests {@code roles} with its own identity, and {@code admin} approves them. */
    public String register(TestIdentity admin, TestIdentity member, String roles) {
        requestRoles(member, roles);
        return approve(admin, member, roles);
    }

    /** The member asks, signing with its own identity, for {@code roles}. */
    public String requestRoles(TestIdentity member, String roles) {
        return submit(member, t -> t.c().requestRoles(t.ctx(), roles));
    }

    /** {@code admin} approves the pending request of the holder of {@code certificatePem}. */
    public String approve(TestIdentity admin, TestIdentity member, String roles) {
        return submit(admin, t -> t.c().registerParticipant(t.ctx(), member.certificatePem(), roles));
    }

    /** The coordinator creates the standard task (quorum 2 of 3, 2..3 updates) with {@link #initialModel()}. */
    public Consortium withTask() {
        return withTask(taskJson(Map.of()));
    }

    public Consortium withTask(String json) {
        submit(coordinator, chunks(TransientKeys.MODEL_PREFIX, ModelCodec.encode(initialModel()), 1),
                t -> t.c().createTask(t.ctx(), json));
        return this;
    }

    /** The coordinator opens the next round. */
    public String openRound() {
        return submit(coordinator, t -> t.c().openRound(t.ctx(), TASK));
    }

    /** A trainer submits {@code model} for {@code round}, declaring {@code samples}. */
    public String submitUpdate(TestIdentity trainer, int round, Model model, long samples) {
        byte[] bytes = ModelCodec.encode(model);
        return submit(trainer, chunks(TransientKeys.UPDATE_PREFIX, bytes, 2), t -> t.c().submitUpdate(t.ctx(), TASK,
                String.valueOf(round), ContentHash.of(bytes).hex(), String.valueOf(samples), "0"));
    }

    public String closeRound(TestIdentity who, int round) {
        return submit(who, t -> t.c().closeRound(t.ctx(), TASK, String.valueOf(round)));
    }

    public String attest(TestIdentity verifier, int round, int seq, String verdict, String hash) {
        return submit(verifier, t -> t.c().attestModel(t.ctx(), TASK, String.valueOf(round), String.valueOf(seq),
                verdict, hash));
    }

    /** {@code who} resolves {@code round}: FINAL, DISPUTED or FAILED when decided. */
    public String resolve(TestIdentity who, int round) {
        return submit(who, t -> t.c().resolveRound(t.ctx(), TASK, String.valueOf(round)));
    }

    /** The standard task's round {@code number} as the auditor reads it. */
    public RoundRecord round(int number) {
        return RecordJson.read(evaluate(auditor, t -> t.c().getRound(t.ctx(), TASK, String.valueOf(number))),
                RoundRecord.class);
    }

    /** The standard task as the auditor reads it. */
    public TaskRecord task() {
        return RecordJson.read(evaluate(auditor, t -> t.c().getTask(t.ctx(), TASK)), TaskRecord.class);
    }

    /** What an aggregator proposes: the manifest and the encoded output model. */
    public record Proposal(AggregationManifest manifest, byte[] output) {
        /** @return the output hash as hex */
        public String outputHash() {
            return ContentHash.of(output).hex();
        }
    }

    /**
     * The aggregator's work for a CLOSED round: reads the round and every accepted update's payload
     * from the ledger, runs the task's rule with fl-core and builds the manifest.
     */
    public Proposal aggregate(int round, RuleSpec rule) {
        TaskRecord task = RecordJson.read(evaluate(aggregator, t -> t.c().getTask(t.ctx(), TASK)), TaskRecord.class);
        RoundRecord r = RecordJson.read(evaluate(aggregator, t -> t.c().getRound(t.ctx(), TASK, String.valueOf(round))),
                RoundRecord.class);
        byte[] baseBytes = evaluate(aggregator, t -> t.c().readModelPayload(t.ctx(), TASK, String.valueOf(r.baseVersion())));
        RoundAggregate aggregate = RoundInputs.aggregate(task, r, rule, ModelCodec.decode(baseBytes),
                a -> evaluate(aggregator, t -> t.c().readUpdatePayload(t.ctx(), TASK, String.valueOf(round), a.contributor())));
        return new Proposal(aggregate.manifest(), ModelCodec.encode(aggregate.output()));
    }

    /** The aggregator proposes. */
    public String propose(int round, Proposal proposal) {
        return submit(aggregator, chunks(TransientKeys.MODEL_PREFIX, proposal.output(), 2),
                t -> t.c().proposeModel(t.ctx(), TASK, String.valueOf(round), RecordJson.write(proposal.manifest())));
    }

    /** Three trainers submit to round {@code 1} of the standard task; the round stays OPEN. */
    public void closedRoundWithThreeUpdatesWithoutClosing() {
        submitUpdate(trainer1, 1, model(1f), 100);
        submitUpdate(trainer2, 1, model(2f), 300);
        submitUpdate(trainer3, 1, model(3f), 600);
    }

    /** Three trainers submit, the coordinator closes: round {@code round} is CLOSED with three updates. */
    public void closedRoundWithThreeUpdates(int round) {
        submitUpdate(trainer1, round, model(1f), 100);
        submitUpdate(trainer2, round, model(2f), 300);
        submitUpdate(trainer3, round, model(3f), 600);
        closeRound(coordinator, round);
    }

    // ---- data ----------------------------------------------------------------------------------

    /** The standard task definition with {@code changes} applied (a null value removes the field). */
    public static String taskJson(Map<String, Object> changes) {
        return StandardTask.json(TASK, changes);
    }

    public static Model initialModel() {
        return model(0f);
    }

    /** A model of the standard schema whose values are derived from {@code seed}. */
    public static Model model(float seed) {
        return StandardTask.model(seed);
    }

    /** {@code bytes} split into {@code n} transient chunks {@code prefix0..prefix(n-1)}. */
    public static Map<String, byte[]> chunks(String prefix, byte[] bytes, int n) {
        Map<String, byte[]> out = new TreeMap<>();
        int size = (bytes.length + n - 1) / n;
        for (int i = 0; i < n; i++) {
            out.put(prefix + i, Arrays.copyOfRange(bytes, Math.min(i * size, bytes.length),
                    Math.min((i + 1) * size, bytes.length)));
        }
        return out;
    }

    public static String hashOf(Model model) {
        return ContentHash.of(ModelCodec.encode(model)).hex();
    }

    public static String updateKey(TestIdentity trainer, int round) {
        return Keys.update(TASK, round, trainer.id());
    }

    /** Parses a canonical JSON result into a map for assertions. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String text) {
        return new com.google.gson.Gson().fromJson(text, Map.class);
    }
}
