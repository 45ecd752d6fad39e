package org.fedledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.ErrorCode;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;

/**
 * Random malformed arguments and transient data: always a {@link FedLedgerException} with a known
 * code, and nothing written (checked by {@link Consortium#refused}).
 */
class MalformedArgumentsProperties {
    private static final byte[] GOOD = ModelCodec.encode(Consortium.model(5f));

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

    private static Arbitrary<String> junk() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), Arbitraries.strings().ascii().ofMaxLength(20),
                Arbitraries.of("", "-1", "0", "1", "1.5", "1e9", "99999999999999999999", "null", "{}", "[]", "\u0000",
                        "mnist", "x509::CN=a", "AGREE"));
    }

    private static Arbitrary<Map<String, byte[]>> transientData(String prefix) {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(prefix + "0", prefix + "1", prefix + "2", prefix + "01",
                "payload/0", "model/0", "x"), Arbitraries.strings().ofMaxLength(10));
        Arbitrary<byte[]> values = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.just(GOOD));
        return Arbitraries.maps(keys, values).ofMaxSize(4).map(TreeMap::new);
    }

    @Provide
    Arbitrary<String[]> submitArgs() {
        return Combinators.combine(Arbitraries.oneOf(junk(), Arbitraries.just("mnist")),
                Arbitraries.oneOf(junk(), Arbitraries.just("1")),
                Arbitraries.oneOf(junk(), Arbitraries.just(ContentHash.of(GOOD).hex())),
                Arbitraries.oneOf(junk(), Arbitraries.just("5")),
                Arbitraries.oneOf(junk(), Arbitraries.just("0"))).as((a, b, c, d, e) -> new String[] {a, b, c, d, e});
    }

    @Property(tries = 300)
    void submitUpdate_refuses_malformed_input_with_a_code_and_no_writes(@ForAll("submitArgs") String[] a,
            @ForAll("updatePayloads") Map<String, byte[]> payload) {
        boolean allValid = a[0].equals("mnist") && a[1].equals("1") && a[2].equals(ContentHash.of(GOOD).hex())
                && a[3].equals("5") && a[4].equals("0") && payload.size() == 1 && payload.get("payload/0") == GOOD;
        Assume.that(!allValid);
        FedLedgerException e = open.refused(open.trainer1, payload,
                t -> t.c().submitUpdate(t.ctx(), a[0], a[1], a[2], a[3], a[4]));
        assertThat(e.code()).isIn((Object[]) ErrorCode.values());
    }

    @Provide
    Arbitrary<Map<String, byte[]>> updatePayloads() {
        return transientData("payload/");
    }

    @Provide
    Arbitrary<Map<String, byte[]>> modelPayloads() {
        return transientData("model/");
    }

    @Provide
    Arbitrary<String> taskJsons() {
        Arbitrary<String> mutated = Arbitraries.of("taskId", "schema", "rule", "minUpdates", "maxUpdates",
                "attestationQuorum", "roundDurationSeconds", "maxSamples", "maxPayloadBytes", "allowedOrgs", "extra")
                .flatMap(field -> Arbitraries.oneOf(junk().map(v -> (Object) v),
                        Arbitraries.longs().map(v -> (Object) v), Arbitraries.just((Object) java.util.List.of()))
                        .map(v -> Consortium.taskJson(Map.of(field, v))));
        return Arbitraries.oneOf(junk(), mutated);
    }

    @Property(tries = 300)
    void createTask_refuses_malformed_definitions_with_a_code_and_no_writes(@ForAll("taskJsons") String json,
            @ForAll("modelPayloads") Map<String, byte[]> model) {
        // The standard task exists already, so even a well-formed definition of it is refused.
        FedLedgerException e = open.refused(open.coordinator, model, t -> t.c().createTask(t.ctx(), json));
        assertThat(e.code()).isIn((Object[]) ErrorCode.values());
    }

    @Provide
    Arbitrary<String> manifests() {
        Consortium.Proposal honest = closed.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
        String good = honest.manifest().toJson();
        Arbitrary<String> corrupted = Combinators.combine(Arbitraries.integers().between(0, good.length() - 1),
                Arbitraries.chars().ascii()).as((i, ch) -> good.substring(0, i) + ch + good.substring(i + 1));
        return Arbitraries.oneOf(junk(), corrupted, Arbitraries.just(good));
    }

    @Property(tries = 200)
    void proposeModel_refuses_malformed_manifests_and_outputs_with_a_code_and_no_writes(@ForAll("manifests") String json,
            @ForAll("modelPayloads") Map<String, byte[]> output, @ForAll("roundArgs") String round) {
        FedLedgerException e = closed.refused(closed.aggregator, output, t -> t.c().proposeModel(t.ctx(), "mnist", round, json));
        assertThat(e.code()).isIn((Object[]) ErrorCode.values());
    }

    @Provide
    Arbitrary<String> roundArgs() {
        return Arbitraries.oneOf(junk(), Arbitraries.just("1"));
    }
}
