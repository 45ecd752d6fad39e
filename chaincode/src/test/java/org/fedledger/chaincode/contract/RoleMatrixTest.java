package org.fedledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.TransientKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transaction against every role: allowed roles get past access control (success, or a
 * refusal for another reason); every other role is refused with FORBIDDEN or UNKNOWN_IDENTITY,
 * asserted on the payload and the message prefix, and writes nothing.
 */
class RoleMatrixTest {
    enum Who { COORDINATOR, TRAINER, AGGREGATOR, VERIFIER, AUDITOR, UNREGISTERED, ORG_ADMIN }

    private static final Set<Who> PARTICIPANTS = Set.of(Who.COORDINATOR, Who.TRAINER, Who.AGGREGATOR, Who.VERIFIER,
            Who.AUDITOR);
    private static final Set<Who> EVERYONE = Set.of(Who.values());

    /** A transaction, the transient data it needs and who may call it. */
    record Call(String name, Set<Who> allowed, Function<Consortium, Map<String, byte[]>> transientData,
            java.util.function.BiFunction<Consortium, Consortium.Tx, Object> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] MODEL = ModelCodec.encode(Consortium.model(7f));

    static List<Call> calls() {
        List<Call> c = new ArrayList<>();
        Function<Consortium, Map<String, byte[]>> none = n -> Map.of();
        c.add(new Call("requestRoles", EVERYONE, none, (n, t) -> t.c().requestRoles(t.ctx(), "trainer")));
        c.add(new Call("registerParticipant", Set.of(Who.ORG_ADMIN), none,
                (n, t) -> t.c().registerParticipant(t.ctx(), n.org1.member("newcomer").certificatePem(), "trainer")));
        c.add(new Call("changeRoles", Set.of(Who.ORG_ADMIN), none,
                (n, t) -> t.c().changeRoles(t.ctx(), n.trainer1.id(), "trainer")));
        c.add(new Call("revokeParticipant", Set.of(Who.ORG_ADMIN), none,
                (n, t) -> t.c().revokeParticipant(t.ctx(), n.trainer1.id())));
        c.add(new Call("whoAmI", EVERYONE, none, (n, t) -> t.c().whoAmI(t.ctx())));
        c.add(new Call("getParticipant", PARTICIPANTS, none,
                (n, t) -> t.c().getParticipant(t.ctx(), "Org1MSP", n.trainer1.id())));
        c.add(new Call("createTask", Set.of(Who.COORDINATOR), n -> Consortium.chunks(TransientKeys.MODEL_PREFIX,
                ModelCodec.encode(Consortium.initialModel()), 1),
                (n, t) -> t.c().createTask(t.ctx(), Consortium.taskJson(Map.of("taskId", "second")))));
        c.add(new Call("openRound", Set.of(Who.COORDINATOR), none, (n, t) -> t.c().openRound(t.ctx(), "mnist")));
        c.add(new Call("submitUpdate", Set.of(Who.TRAINER), n -> Consortium.chunks(TransientKeys.UPDATE_PREFIX, MODEL,
                1),
                (n, t) -> t.c().submitUpdate(t.ctx(), "mnist", "1",
                        org.fedledger.core.model.ContentHash.of(MODEL).hex(),
                        "5", "0")));
        c.add(new Call("closeRound", Set.of(Who.COORDINATOR, Who.AGGREGATOR, Who.VERIFIER), none,
                (n, t) -> t.c().closeRound(t.ctx(), "mnist", "1")));
        c.add(new Call("proposeModel", Set.of(Who.AGGREGATOR), n -> Consortium.chunks(TransientKeys.MODEL_PREFIX,
                MODEL, 1),
                (n, t) -> t.c().proposeModel(t.ctx(), "mnist", "1", "{}")));
        c.add(new Call("attestModel", Set.of(Who.VERIFIER), none,
                (n, t) -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "DISAGREE", "0".repeat(64))));
        c.add(new Call("getTask", PARTICIPANTS, none, (n, t) -> t.c().getTask(t.ctx(), "mnist")));
        c.add(new Call("getRound", PARTICIPANTS, none, (n, t) -> t.c().getRound(t.ctx(), "mnist", "1")));
        c.add(new Call("listUpdates", PARTICIPANTS, none, (n, t) -> t.c().listUpdates(t.ctx(), "mnist", "1")));
        c.add(new Call("contributorHistory", PARTICIPANTS, none,
                (n, t) -> t.c().contributorHistory(t.ctx(), n.trainer1.id())));
        c.add(new Call("getProposal", PARTICIPANTS, none, (n, t) -> t.c().getProposal(t.ctx(), "mnist", "1", "1")));
        c.add(new Call("listAttestations", PARTICIPANTS, none,
                (n, t) -> t.c().listAttestations(t.ctx(), "mnist", "1", "1")));
        c.add(new Call("getGlobalModel", PARTICIPANTS, none, (n, t) -> t.c().getGlobalModel(t.ctx(), "mnist", "0")));
        c.add(new Call("readUpdatePayload", Set.of(Who.AGGREGATOR, Who.VERIFIER, Who.AUDITOR), none,
                (n, t) -> t.c().readUpdatePayload(t.ctx(), "mnist", "1", n.trainer1.id())));
        c.add(new Call("readUpdatePayloads", Set.of(Who.AGGREGATOR, Who.VERIFIER, Who.AUDITOR), none,
                (n, t) -> t.c().readUpdatePayloads(t.ctx(), "mnist", "1", "[\"" + n.trainer1.id() + "\"]")));
        c.add(new Call("readModelPayload", PARTICIPANTS, none, (n, t) -> t.c().readModelPayload(t.ctx(), "mnist",
                "0")));
        c.add(new Call("keyHistory", Set.of(Who.AUDITOR, Who.COORDINATOR), none,
                (n, t) -> t.c().keyHistory(t.ctx(), "task", "[\"mnist\"]")));
        return c;
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Call call : calls()) {
            for (Who who : Who.values()) {
                out.add(Arguments.of(call, who));
            }
        }
        return out.stream();
    }

    private static TestIdentity identity(Consortium n, Who who) {
        return switch (who) {
            case COORDINATOR -> n.coordinator;
            case TRAINER -> n.trainer1;
            case AGGREGATOR -> n.aggregator;
            case VERIFIER -> n.verifier2;
            case AUDITOR -> n.auditor;
            case UNREGISTERED -> n.stranger;
            case ORG_ADMIN -> n.admin1;
        };
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("matrix")
    void every_transaction_admits_exactly_its_roles(Call call, Who who) {
        Consortium net = Consortium.fresh().registered().withTask();
        net.openRound();
        net.closedRoundWithThreeUpdates(1);
        net.propose(1, net.aggregate(1, RuleSpec.of(RuleName.FEDAVG)));

        TestIdentity id = identity(net, who);
        if (call.allowed().contains(who)) {
            Throwable t = catchThrowable(() -> net.evaluate(id, net.now(), call.transientData().apply(net),
                    stub -> call.call().apply(net, new Consortium.Tx(net.contract, stub))));
            if (t != null) {
                assertThat(t).isInstanceOf(FedLedgerException.class);
                assertThat(((FedLedgerException) t).code()).as(t.getMessage())
                        .isNotIn(ErrorCode.FORBIDDEN, ErrorCode.UNKNOWN_IDENTITY);
            }
        } else {
            FedLedgerException e = net.refused(id, call.transientData().apply(net), t -> call.call().apply(net, t));
            ErrorCode expected = who == Who.UNREGISTERED || who == Who.ORG_ADMIN ? ErrorCode.UNKNOWN_IDENTITY : ErrorCode.FORBIDDEN;
            if (Set.of("registerParticipant", "changeRoles", "revokeParticipant").contains(call.name())) {
                expected = ErrorCode.FORBIDDEN;
            }
            assertThat(new String(e.getPayload(), StandardCharsets.UTF_8)).isEqualTo(expected.name());
            assertThat(e.getMessage()).startsWith(expected.name() + ": ");
        }
    }
}
