package org.fedledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.RecordJson;
import org.junit.jupiter.api.Test;

/**
 * Random malformed arguments and transient data: always a {@link FedLedgerException} with a code and
 * a message for a person, and nothing written (checked by {@link Consortium#refused}).
 */
class MalformedArgumentsProperties {
    private static final byte[] GOOD = ModelCodec.encode(Consortium.model(5f));
    private static final String GOOD_HASH = ContentHash.of(GOOD).hex();

    private final Consortium open = openRound();
    private final Consortium closed = closedRound();

    private static Consortium openRound() {
        Consortium net = Consortium.fresh().registered().withTask();
        net.openRound();
        return net;
    }

    private static Consortium closedRound() {
        Consortium net = openRound();
        net.closedRoundWithThreeUpdates(1);
        return net;
    }

    private static String junk(Gen gen) {
        return gen.oneOf(() -> gen.string(80), () -> gen.ascii(20),
                () -> gen.of("", "-1", "0", "1", "1.5", "1e9", "99999999999999999999", "null", "{}", "[]", "\u0000",
                        "mnist", "x509::CN=a", "AGREE"));
    }

    private static String junkOr(Gen gen, String valid) {
        return gen.bool() ? valid : junk(gen);
    }

    private static Map<String, byte[]> transientData(Gen gen, String prefix) {
        Map<String, byte[]> out = new TreeMap<>();
        for (int i = gen.intBetween(0, 4); i > 0; i--) {
            String key = gen.oneOf(() -> gen.of(prefix + "0", prefix + "1", prefix + "2", prefix + "01", "payload/0",
                    "model/0", "x"), () -> gen.string(10));
            out.put(key, gen.oneOf(() -> gen.bytes(64), () -> GOOD));
        }
        return out;
    }

    private static void assertActionable(FedLedgerException e) {
        assertThat(e.getMessage().length()).as(e.getMessage()).isGreaterThan(e.code().name().length() + 2);
    }

    @Test
    void submitUpdate_refuses_malformed_input_with_a_code_and_no_writes() {
        PropertyCheck.forAll(300, gen -> {
            String[] a = {junkOr(gen, "mnist"), junkOr(gen, "1"), junkOr(gen, GOOD_HASH), junkOr(gen, "5"), junkOr(gen,
                    "0")};
            Map<String, byte[]> payload = transientData(gen, TransientKeys.UPDATE_PREFIX);
            boolean allValid = a[0].equals("mnist") && a[1].equals("1") && a[2].equals(GOOD_HASH) && a[3].equals("5")
                    && a[4].equals("0") && payload.size() == 1 && payload.get("payload/0") == GOOD;
            if (allValid) {
                return;
            }
            assertActionable(open.refused(open.trainer1, payload,
                    t -> t.c().submitUpdate(t.ctx(), a[0], a[1], a[2], a[3], a[4])));
        });
    }

    @Test
    void createTask_refuses_malformed_definitions_with_a_code_and_no_writes() {
        List<String> fields = List.of("taskId", "schema", "rule", "minUpdates", "maxUpdates", "attestationQuorum",
                "roundDurationSeconds", "maxSamples", "maxPayloadBytes", "allowedOrgs", "extra");
        PropertyCheck.forAll(300, gen -> {
            String field = gen.of(fields);
            Object value = gen.<Object>oneOf(() -> junk(gen), gen::anyLong, List::of);
            if (field.equals("taskId") && value instanceof String id && id.matches("[A-Za-z0-9_-]{1,64}")) {
                // A well-formed new task id makes a well-formed definition of another task: not malformed.
                return;
            }
            String json = gen.bool() ? junk(gen) : Consortium.taskJson(Map.of(field, value));
            Map<String, byte[]> model = transientData(gen, TransientKeys.MODEL_PREFIX);
            // The standard task exists already, so even a well-formed definition of it is refused.
            assertActionable(open.refused(open.coordinator, model, t -> t.c().createTask(t.ctx(), json)));
        });
    }

    @Test
    void proposeModel_refuses_malformed_manifests_and_outputs_with_a_code_and_no_writes() {
        String good = RecordJson.write(closed.aggregate(1, RuleSpec.of(RuleName.FEDAVG)).manifest());
        PropertyCheck.forAll(200, gen -> {
            String json = gen.oneOf(() -> junk(gen), () -> good, () -> {
                int i = gen.intBetween(0, good.length() - 1);
                return good.substring(0, i) + (char) gen.intBetween(0, 127) + good.substring(i + 1);
            });
            Map<String, byte[]> output = transientData(gen, TransientKeys.MODEL_PREFIX);
            String round = junkOr(gen, "1");
            assertActionable(closed.refused(closed.aggregator, output,
                    t -> t.c().proposeModel(t.ctx(), "mnist", round, json)));
        });
    }
}
