package org.fedledger.protocol.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.PayloadLayout;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.testing.StandardTask;
import org.junit.jupiter.api.Test;

/**
 * The hierarchical mapping against flat exact FedAvg: for random rounds, grouped at random into
 * organisations' partial sums, the merge gives the flat rule's output and manifest bit for bit.
 */
class HierarchicalRoundInputsTest {
    private static final RuleSpec RULE = RuleSpec.parse("exact_fedavg:scale_bits=22,hierarchical=1");
    private static final Model BASE = StandardTask.model(0f);

    private static TaskRecord task() {
        return task(30);
    }

    private static TaskRecord task(int maxUpdates) {
        return new TaskRecord("mnist", List.of(new TensorSpecRecord("dense/bias", List.of(2)),
                new TensorSpecRecord("dense/kernel", List.of(2, 2))), RuleRecord.of(RULE), 1, maxUpdates, 2, 600, 100_000, 100,
                4096, StandardTask.ORGANISATIONS, "coordinator", "Org1MSP", 0, ModelCodec.hash(BASE), 1, "tx0",
                0, PayloadLayout.PER_ORGANISATION);
    }

    private static Model random(Random random) {
        float[] kernel = new float[4];
        float[] bias = new float[2];
        for (int i = 0; i < 4; i++) {
            kernel[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2));
        }
        for (int i = 0; i < 2; i++) {
            bias[i] = (float) random.nextGaussian();
        }
        return Model.of(List.of(Tensor.of("dense/kernel", new int[] {2, 2}, kernel),
                Tensor.of("dense/bias", new int[] {2}, bias)));
    }

    @Test
    void merged_partial_sums_equal_flat_exact_fedavg_for_any_grouping() {
        Random random = new Random(25);
        TaskRecord task = task();
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(30);
            Map<String, Model> models = new HashMap<>();
            Map<String, List<UpdateRecord>> byOrg = new TreeMap<>();
            List<UpdateRecord> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Model m = random(random);
                String msp = "Org" + (1 + random.nextInt(3)) + "MSP";
                UpdateRecord u = new UpdateRecord("mnist", 1, String.format("trainer-%02d", i), msp, ModelCodec.hash(m),
                        ModelCodec.encode(m).length, 1, 1 + random.nextInt(100_000), 0, "tx-" + i, 0);
                models.put(u.contributor(), m);
                byOrg.computeIfAbsent(msp, k -> new ArrayList<>()).add(u);
                all.add(u);
            }
            RoundRecord open = new RoundRecord("mnist", 1, RoundState.OPEN, 0, ModelCodec.hash(BASE), 10, 610, null,
                    List.of(), List.of(), null, 0, List.of(), "tx1");
            List<PartialSumRecord> partials = new ArrayList<>();
            Map<String, byte[]> payloads = new HashMap<>();
            for (var e : byOrg.entrySet()) {
                byte[] sum = HierarchicalRoundInputs.partialSum(task, e.getValue(), u -> models.get(u.contributor()));
                payloads.put(e.getKey(), sum);
                long samples = e.getValue().stream().mapToLong(UpdateRecord::samples).sum();
                partials.add(new PartialSumRecord("mnist", 1, e.getKey(), "agg", e.getValue(), samples,
                        ContentHash.of(sum), sum.length, 1, "verifier", "txp", "txa", 0));
            }
            RoundRecord closed = RoundInputs.closedOver(task, open, HierarchicalRoundInputs.admitted(task, open, partials), 20,
                    "tx2");
            RoundAggregate merged = HierarchicalRoundInputs.merge(task, closed, partials, BASE,
                    p -> payloads.get(p.msp()));
            RoundAggregate flat = RoundInputs.aggregate(task, closed, RULE, BASE, a -> ModelCodec.encode(models.get(
                    a.contributor())));
            assertThat(ModelCodec.encode(merged.output())).as("trial %d", trial)
                    .isEqualTo(ModelCodec.encode(flat.output()));
            assertThat(merged.manifest()).as("trial %d", trial).isEqualTo(flat.manifest());
            assertThat(closed.accepted()).hasSize(n);
        }
    }

    @Test
    void under_org_median_each_partial_is_its_organisations_median_code_times_its_samples() {
        RuleSpec median = RuleSpec.parse("exact_fedavg:scale_bits=22,hierarchical=1,org_median=1");
        TaskRecord task = new TaskRecord("mnist", task().schema(), RuleRecord.of(median), 1, 30, 2, 600, 100_000, 100,
                4096, StandardTask.ORGANISATIONS, "coordinator", "Org1MSP", 0, ModelCodec.hash(BASE), 1, "tx0", 0,
                PayloadLayout.PER_ORGANISATION);
        Random random = new Random(7);
        for (int n = 1; n <= 6; n++) {
            List<UpdateRecord> updates = new ArrayList<>();
            Map<String, Model> models = new HashMap<>();
            long samples = 0;
            for (int i = 0; i < n; i++) {
                Model m = random(random);
                UpdateRecord u = new UpdateRecord("mnist", 1, "trainer-" + i, "Org1MSP", ModelCodec.hash(m),
                        ModelCodec.encode(m).length, 1, 1 + random.nextInt(1000), 0, "tx-" + i, 0);
                updates.add(u);
                models.put(u.contributor(), m);
                samples += u.samples();
            }
            long[] partial = new long[6];
            org.fedledger.core.secure.SecureRound.addPayload(partial,
                    HierarchicalRoundInputs.partialSum(task, updates, u -> models.get(u.contributor())));
            for (int k = 0; k < partial.length; k++) {
                long[] column = new long[n];
                for (int i = 0; i < n; i++) {
                    column[i] = org.fedledger.core.aggregation.ExactSum.weightedCodes(median,
                            models.get(updates.get(i).contributor()), 1)[k];
                }
                java.util.Arrays.sort(column);
                long middle = n % 2 == 1 ? column[n / 2] : Math.floorDiv(column[n / 2 - 1] + column[n / 2], 2);
                assertThat(partial[k]).as("n %d, coordinate %d", n, k).isEqualTo(middle * samples);
            }
        }
    }

    @Test
    void an_unattested_partial_sum_is_neither_admitted_nor_merged() {
        TaskRecord task = task();
        Model m = StandardTask.model(1f);
        UpdateRecord u = new UpdateRecord("mnist", 1, "trainer", "Org1MSP", ModelCodec.hash(m), 24, 1, 10, 0, "tx", 0);
        byte[] sum = HierarchicalRoundInputs.partialSum(task, List.of(u), x -> m);
        PartialSumRecord unattested = new PartialSumRecord("mnist", 1, "Org1MSP", "agg", List.of(u), 10,
                ContentHash.of(sum), sum.length, 1, null, "txp", "txp", 0);
        RoundRecord open = new RoundRecord("mnist", 1, RoundState.OPEN, 0, ModelCodec.hash(BASE), 10, 610, null,
                List.of(), List.of(), null, 0, List.of(), "tx1");
        assertThat(HierarchicalRoundInputs.admitted(task, open, List.of(unattested))).isEmpty();
        RoundRecord closed = new RoundRecord("mnist", 1, RoundState.CLOSED, 0, ModelCodec.hash(BASE), 10, 610, 20L,
                List.of(new org.fedledger.protocol.record.AcceptedUpdate(Keys.update("mnist", 1, "trainer"), "trainer",
                        u.hash(), 10)), List.of(), null, 0, List.of(), "tx2");
        assertThatThrownBy(() -> HierarchicalRoundInputs.merge(task, closed, List.of(unattested), BASE, p -> sum))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("attested partial sums");
    }

    @Test
    void over_capacity_the_close_admits_whole_partial_sums_in_an_order_no_member_chooses() {
        TaskRecord task = task(5);
        Model m = StandardTask.model(1f);
        List<PartialSumRecord> partials = new ArrayList<>();
        for (int org = 1; org <= 3; org++) {
            List<UpdateRecord> updates = new ArrayList<>();
            for (int t = 0; t < org + 1; t++) { // Org1 sums 2 updates, Org2 3, Org3 4: 9 for a round of 5
                updates.add(new UpdateRecord("mnist", 1, "org" + org + "-trainer" + t, "Org" + org + "MSP",
                        ModelCodec.hash(m), 24, 1, 10, 0, "tx", 0));
            }
            byte[] sum = HierarchicalRoundInputs.partialSum(task, updates, x -> m);
            partials.add(new PartialSumRecord("mnist", 1, "Org" + org + "MSP", "agg", updates, 10L * updates.size(),
                    ContentHash.of(sum), sum.length, 1, "verifier", "txp", "txa", 0));
        }
        for (int seed = 0; seed < 50; seed++) {
            RoundRecord open = new RoundRecord("mnist", 1, RoundState.OPEN, 0, ContentHash.of(new byte[] {(byte) seed}),
                    10, 610, null, List.of(), List.of(), null, 0, List.of(), "tx1");
            List<PartialSumRecord> admitted = HierarchicalRoundInputs.admittedSums(task, open, partials);
            int total = admitted.stream().mapToInt(p -> p.updates().size()).sum();
            assertThat(total).isLessThanOrEqualTo(5).isPositive();
            assertThat(HierarchicalRoundInputs.admitted(task, open, partials)).hasSize(total);
            // Whatever was passed over would not have fitted.
            for (PartialSumRecord p : partials) {
                if (!admitted.contains(p)) {
                    assertThat(total + p.updates().size()).isGreaterThan(5);
                }
            }
        }
    }
}
