package org.fedledger.it.differential;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.testing.SdkParticipants;

/**
 * One scripted multi-round scenario, played through the SDK on any ledger, recording every outcome
 * in order: each record the chaincode returned or stored (normalised: identities replaced by role
 * labels, transaction ids and times dropped), each refusal's error code and each validation code.
 * Two ledgers that implement the protocol alike produce equal transcripts.
 *
 * <pre>{@code
 * List<String> fabric = ScriptedScenario.play(fabricPeople, "diff-1", fabricRace);
 * }</pre>
 */
final class ScriptedScenario {
    /** Ends a round's submit race: the last trainer's update is endorsed, the round closed, then the update submitted. */
    interface Race {
        /** @return the Fabric validation-code name of the late submit */
        String submitAfterClose(String taskId, int round, SdkParticipants people);
    }

    private final SdkParticipants people;
    private final Map<String, String> labels;
    private final List<String> transcript = new ArrayList<>();

    private ScriptedScenario(SdkParticipants people) {
        this.people = people;
        this.labels = new TreeMap<>();
        label(people.coordinator, "coordinator");
        label(people.trainer1, "trainer1");
        label(people.trainer2, "trainer2");
        label(people.trainer3, "trainer3");
        label(people.verifier1, "verifier1");
        label(people.verifier2, "verifier2");
        label(people.verifier3, "verifier3");
    }

    private void label(FedLedger who, String label) {
        labels.put(who.whoAmI().id(), label);
    }

    /** Plays the scenario on task {@code taskId} and returns the transcript. */
    static List<String> play(SdkParticipants people, String taskId, Race race) {
        ScriptedScenario s = new ScriptedScenario(people);
        s.run(taskId, race);
        return s.transcript;
    }

    private void run(String taskId, Race race) {
        SdkParticipants p = people;
        TaskDefinition task = TaskDefinition.builder(taskId, SdkParticipants.model(0f)).updates(2, 3).attestationQuorum(2)
                .maxSamples(100_000).maxPayloadBytes(4096).allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP").build();
        record("createTask", () -> p.coordinator.coordinator().createTask(task).record());
        record("openRound 1", () -> p.coordinator.coordinator().openRound(taskId).record());
        record("trainer1 submits", () -> p.trainer1.trainer(taskId).submitUpdate(1, SdkParticipants.model(1f), 100).record());
        record("trainer2 submits", () -> p.trainer2.trainer(taskId).submitUpdate(1, SdkParticipants.model(2f), 300).record());
        record("trainer3 submits", () -> p.trainer3.trainer(taskId).submitUpdate(1, SdkParticipants.model(3f), 600).record());
        record("trainer2 submits another", () -> p.trainer2.trainer(taskId).submitUpdate(1, SdkParticipants.model(9f), 300)
                .record());
        record("trainer3 resubmits the same", () -> p.trainer3.trainer(taskId).submitUpdate(1, SdkParticipants.model(3f), 600)
                .record());
        record("stranger submits", () -> p.stranger.trainer(taskId).submitUpdate(1, SdkParticipants.model(4f), 10).record());
        record("trainer1 opens a round", () -> p.trainer1.coordinator().openRound(taskId).record());
        record("closeRound 1", () -> p.coordinator.coordinator().closeRound(taskId, 1).record());
        record("listUpdates 1", () -> p.auditor.auditor().updates(taskId, 1));

        Aggregation honest = p.aggregator.aggregator(taskId).aggregate(1);
        AggregationManifest m = honest.manifest();
        var forgedModel = SdkParticipants.model(42f);
        AggregationManifest forged = AggregationManifest.builder().taskId(m.taskId()).round(m.round())
                .baseModelHash(m.baseModelHash()).rule(m.rule()).inputs(m.inputs()).exclusions(m.exclusions())
                .outputHash(ModelCodec.hash(forgedModel)).build();
        record("propose forged", () -> p.aggregator.aggregator(taskId).propose(new Aggregation(forged, forgedModel)).record());
        for (FedLedger v : List.of(p.verifier1, p.verifier2)) {
            Verification verdict = v.verifier(taskId).verify(1, 1);
            transcript.add("verify forged: " + verdict.verdict());
            record("attest forged", () -> v.verifier(taskId).attest(verdict).record());
        }
        record("resolve 1 disputed", () -> p.verifier2.verifier(taskId).resolve(1).record());
        record("round 1 disputed", () -> p.auditor.auditor().round(taskId, 1));
        record("propose honest", () -> p.aggregator.aggregator(taskId).propose(honest).record());
        for (FedLedger v : List.of(p.verifier2, p.verifier3)) {
            Verification verdict = v.verifier(taskId).verify(1, 2);
            transcript.add("verify honest: " + verdict.verdict());
            record("attest honest", () -> v.verifier(taskId).attest(verdict).record());
        }
        record("resolve 1 final", () -> p.verifier3.verifier(taskId).resolve(1).record());
        record("resolve 1 again", () -> p.verifier2.verifier(taskId).resolve(1).record());
        record("late attestation", () -> p.verifier1.verifier(taskId).attest(new Verification(1, 2, Verdict.AGREE,
                honest.manifest().outputHash(), java.util.Optional.empty())).record());
        record("model 1", () -> p.auditor.auditor().model(taskId, 1));
        record("task after round 1", () -> p.auditor.auditor().task(taskId));

        record("openRound 2", () -> p.coordinator.coordinator().openRound(taskId).record());
        record("trainer1 submits to 2", () -> p.trainer1.trainer(taskId).submitUpdate(2, SdkParticipants.model(5f), 10)
                .record());
        record("trainer2 submits to 2", () -> p.trainer2.trainer(taskId).submitUpdate(2, SdkParticipants.model(6f), 20)
                .record());
        transcript.add("trainer3's submit raced by the close: " + race.submitAfterClose(taskId, 2, p));
        record("round 2", () -> p.auditor.auditor().round(taskId, 2));
    }

    /** Records what {@code step} returned, or its refusal's code, or its validation code. */
    private void record(String step, Supplier<Object> action) {
        String outcome;
        try {
            outcome = normalise(action.get());
        } catch (ContractRefusedException e) {
            outcome = "REFUSED " + e.code();
        } catch (CommitInvalidatedException e) {
            outcome = "INVALID " + e.validationCode();
        }
        transcript.add(step + ": " + outcome);
    }

    /** The value as JSON, with identities replaced by labels and per-ledger fields dropped. */
    private String normalise(Object value) {
        Gson gson = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();
        String json = value instanceof Collection<?> c ? gson.toJson(c.stream().map(this::tree).toList())
                : gson.toJson(tree(value));
        for (Map.Entry<String, String> e : labels.entrySet()) {
            json = json.replace(e.getKey(), e.getValue());
        }
        return json;
    }

    private Object tree(Object value) {
        Object parsed = new Gson().fromJson(RecordJson.write(value), Object.class);
        return strip(parsed);
    }

    /**
     * Transaction ids and times differ by ledger; so does a manifest's hash, which covers update keys
     * holding each ledger's own certificate ids (the manifest itself is compared, identities labelled).
     */
    @SuppressWarnings("unchecked")
    private static Object strip(Object o) {
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (!List.of("txId", "timestamp", "openedAt", "deadline", "closedAt", "manifestHash").contains(k)) {
                    out.put(k, strip(v));
                }
            });
            return out;
        }
        if (o instanceof List<?> list) {
            return list.stream().map(ScriptedScenario::strip).toList();
        }
        return o;
    }
}
