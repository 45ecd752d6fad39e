package org.fedledger.sdk.testing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.testing.StandardTask;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.RetryPolicy;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * The consortium as SDK users: one {@link FedLedger} per person, each over its own connection, and
 * every member registered by its organisation's admin through the SDK. The same people on any ledger:
 * the connections come from a function of (organisation 1..3, user name).
 *
 * <pre>{@code
 * SdkParticipants people = SdkParticipants.register((org, user) -> connectionFor(org, user));
 * people.trainer2.trainer(task).submitUpdate(1, model, 300);
 * }</pre>
 */
public final class SdkParticipants implements AutoCloseable {
    private final List<LedgerConnection> connections = new ArrayList<>();
    private final Map<FedLedger, LedgerConnection> connectionOf = new IdentityHashMap<>();

    public final FedLedger coordinator;
    public final FedLedger aggregator;
    public final FedLedger trainer1;
    public final FedLedger trainer2;
    public final FedLedger trainer3;
    public final FedLedger verifier1;
    public final FedLedger verifier2;
    public final FedLedger verifier3;
    public final FedLedger auditor;
    public final FedLedger stranger;

    private final Clock clock;
    private final BiFunction<Integer, String, LedgerConnection> connect;
    private final List<FedLedger> admins;

    private SdkParticipants(BiFunction<Integer, String, LedgerConnection> connect, Clock clock) {
        this.clock = clock;
        this.connect = connect;
        FedLedger admin1 = open(connect, 1, "Admin");
        FedLedger admin2 = open(connect, 2, "Admin");
        FedLedger admin3 = open(connect, 3, "Admin");
        admins = List.of(admin1, admin2, admin3);
        coordinator = open(connect, 1, "User3");
        aggregator = coordinator;
        trainer1 = open(connect, 1, "User1");
        trainer2 = open(connect, 2, "User1");
        trainer3 = open(connect, 3, "User1");
        verifier1 = open(connect, 1, "User2");
        verifier2 = open(connect, 2, "User2");
        verifier3 = open(connect, 3, "User2");
        auditor = open(connect, 2, "User3");
        stranger = open(connect, 3, "User4");
        register(admin1, coordinator, Role.COORDINATOR, Role.AGGREGATOR);
        register(admin1, trainer1, Role.TRAINER);
        register(admin2, trainer2, Role.TRAINER);
        register(admin3, trainer3, Role.TRAINER);
        register(admin1, verifier1, Role.VERIFIER);
        register(admin2, verifier2, Role.VERIFIER);
        register(admin3, verifier3, Role.VERIFIER);
        register(admin2, auditor, Role.AUDITOR);
    }

    /** Connects every person and registers those not yet registered (idempotent across runs). */
    public static SdkParticipants register(BiFunction<Integer, String, LedgerConnection> connect) {
        return register(connect, Clock.systemUTC());
    }

    /** As {@link #register(BiFunction)}, each person's SDK client reading time from {@code clock}. */
    public static SdkParticipants register(BiFunction<Integer, String, LedgerConnection> connect, Clock clock) {
        return new SdkParticipants(connect, clock);
    }

    private FedLedger open(BiFunction<Integer, String, LedgerConnection> connect, int org, String user) {
        LedgerConnection c = connect.apply(org, user);
        connections.add(c);
        FedLedger ledger = FedLedger.over(c, RetryPolicy.defaults(), clock);
        connectionOf.put(ledger, c);
        return ledger;
    }

    private void register(FedLedger admin, FedLedger member, Role... roles) {
        if (!member.whoAmI().registered()) {
            member.membership().requestRoles(roles);
            admin.admin().register(connectionOf.get(member).identity().certificatePem(), roles);
        }
    }

    /**
     * Connects person {@code user} of organisation {@code org} (1..3) and has its admin register it with
     * {@code roles}, unless it is registered already.
     */
    public FedLedger register(int org, String user, Role... roles) {
        FedLedger member = open(connect, org, user);
        register(admins.get(org - 1), member, roles);
        return member;
    }

    /** @return the connection {@code who} acts through (to wrap it in a test) */
    public LedgerConnection connection(FedLedger who) {
        return connectionOf.get(who);
    }

    /** @return the trainers of Org1, Org2 and Org3 */
    public List<FedLedger> trainers() {
        return List.of(trainer1, trainer2, trainer3);
    }

    /** A task of the two-tensor schema, quorum 2 of 3, 2..3 updates, with a fresh id, open to Org1..Org3. */
    public static TaskDefinition.Builder task(String purpose) {
        return task(purpose, "Org1MSP", "Org2MSP", "Org3MSP");
    }

    /** As {@link #task(String)}, open to {@code allowedOrgs} only (MSP ids). */
    public static TaskDefinition.Builder task(String purpose, String... allowedOrgs) {
        return TaskDefinition.builder("sdk-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8), model(0f))
                .rule(RuleSpec.of(RuleName.FEDAVG)).updates(2, 3).attestationQuorum(2).maxSamples(100_000)
                .maxPayloadBytes(4096).allowedOrgs(allowedOrgs);
    }

    /** A model of the two-tensor schema whose values derive from {@code seed}. */
    public static Model model(float seed) {
        return StandardTask.model(seed);
    }

    @Override
    public void close() {
        connections.forEach(LedgerConnection::close);
    }
}
