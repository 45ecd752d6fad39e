package org.fedledger.it.fabric;

import com.google.gson.Gson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fedledger.protocol.transaction.TransactionName;

/**
 * The three organisations of the local network with their people, registered once per test JVM by
 * each organisation's admin: per organisation a trainer (User1) and a verifier (User2); Org1's User3
 * coordinates and aggregates; Org2's User3 audits; Org3's User4 is never registered (the stranger).
 *
 * <pre>{@code
 * Consortium net = Consortium.get();
 * TrainingTask task = net.newTask("round", Map.of());
 * }</pre>
 */
public final class Consortium {
    private static Consortium instance;

    public final Member admin1;
    public final Member admin2;
    public final Member admin3;
    public final Member coordinator;
    public final Member aggregator;
    public final Member trainer1;
    public final Member trainer2;
    public final Member trainer3;
    public final Member verifier1;
    public final Member verifier2;
    public final Member verifier3;
    public final Member auditor;
    public final Member stranger;

    private Consortium(FabricNetwork network) {
        admin1 = network.member(1, "Admin");
        admin2 = network.member(2, "Admin");
        admin3 = network.member(3, "Admin");
        coordinator = network.member(1, "User3");
        aggregator = coordinator;
        trainer1 = network.member(1, "User1");
        trainer2 = network.member(2, "User1");
        trainer3 = network.member(3, "User1");
        verifier1 = network.member(1, "User2");
        verifier2 = network.member(2, "User2");
        verifier3 = network.member(3, "User2");
        auditor = network.member(2, "User3");
        stranger = network.member(3, "User4");
    }

    /** The consortium with every participant registered (idempotent across test classes and runs). */
    public static synchronized Consortium get() {
        if (instance == null) {
            Consortium c = new Consortium(FabricNetwork.get());
            c.register(c.admin1, c.coordinator, "coordinator,aggregator");
            c.register(c.admin1, c.trainer1, "trainer");
            c.register(c.admin2, c.trainer2, "trainer");
            c.register(c.admin3, c.trainer3, "trainer");
            c.register(c.admin1, c.verifier1, "verifier");
            c.register(c.admin2, c.verifier2, "verifier");
            c.register(c.admin3, c.verifier3, "verifier");
            c.register(c.admin2, c.auditor, "auditor");
            instance = c;
        }
        return instance;
    }

    private void register(Member admin, Member member, String roles) {
        Map<String, Object> me = json(member.evaluate(TransactionName.WHO_AM_I));
        if (Boolean.TRUE.equals(me.get("registered"))) {
            return;
        }
        member.submit(TransactionName.REQUEST_ROLES, roles);
        admin.submit(TransactionName.REGISTER_PARTICIPANT, member.certificatePem(), roles);
    }

    /** @return the trainers of Org1, Org2 and Org3 */
    public List<Member> trainers() {
        return List.of(trainer1, trainer2, trainer3);
    }

    /**
     * The coordinator creates a task with a fresh id (so test classes and repeated runs never meet),
     * quorum 2 of 3 organisations, 2..3 updates per round and the standard two-tensor schema.
     *
     * @param purpose a word for the id, such as {@code dispute}
     * @param changes task fields to override (for example {@code roundDurationSeconds})
     */
    public TrainingTask newTask(String purpose, Map<String, Object> changes) {
        String taskId = "it-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        return TrainingTask.create(this, taskId, changes);
    }

    /** Parses a canonical-JSON record for assertions. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String text) {
        return new Gson().fromJson(text, Map.class);
    }

    /** Parses a canonical-JSON array of records for assertions. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> jsonList(String text) {
        return new Gson().fromJson(text, List.class);
    }
}
