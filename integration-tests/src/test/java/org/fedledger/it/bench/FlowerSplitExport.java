package org.fedledger.it.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.AdmissionOrder;
import org.fedledger.protocol.transaction.TaskDefinitionArgument;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.LocalModel;

/**
 * Writes the demo's breast-cancer task as the demo's hospitals hold it, for the Flower side of
 * {@code scripts/fedledger.sh bench-flower}: each hospital's training partition and the held-out test
 * set (standardised, one CSV each, the label last); the initial global model; each hospital's model
 * after one local epoch from it, trained here by {@code fl-trainer}, against which the Flower client
 * checks that its numpy training is the demo's; and each hospital's weight in FedAvg, its samples as
 * the ledger's close bounds them (the demo's tasks keep the default {@code maxOrgSharePercent} of 50,
 * so the largest hospital, more than half of the samples, weighs as much as the two others together).
 *
 * <pre>
 * java -cp ... org.fedledger.it.bench.FlowerSplitExport --out /tmp/split [--sites 3] [--seed 13]
 * </pre>
 *
 * <p>Files: {@code site-K.csv} (K from 0), {@code test.csv}, {@code weights.csv} (site, samples,
 * weight), {@code initial.csv} and {@code site-K-epoch1.csv} (a model as one line per tensor: its name,
 * then its values in row-major order), every double as Java prints it, which reads back exactly.
 */
public final class FlowerSplitExport {
    private FlowerSplitExport() {
    }

    /**
     * @param args {@code --out DIR [--sites 3] [--seed 13]}
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        BenchFlags flags = BenchFlags.parse(args, "--out", "--sites", "--seed");
        Path out = Files.createDirectories(Path.of(flags.text("--out", "flower-split")));
        int sites = flags.integer("--sites", 3);
        long seed = flags.integer("--seed", (int) DemoTask.SEED);
        DemoTask task = DemoTask.breastCancer(sites, 1, Optional.empty(), seed);
        Model initial = task.model().apply(0).weights();
        write(out.resolve("initial.csv"), model(initial));
        for (int k = 0; k < task.sites().size(); k++) {
            write(out.resolve("site-" + k + ".csv"), rows(task.sites().get(k)));
            LocalModel site = task.model().apply(k);
            site.setWeights(initial);
            site.train(task.sites().get(k), task.localEpochs());
            write(out.resolve("site-" + k + "-epoch1.csv"), model(site.weights()));
        }
        write(out.resolve("test.csv"), rows(task.test()));
        List<Long> weights = weights(task.sites());
        StringBuilder csv = new StringBuilder();
        for (int k = 0; k < weights.size(); k++) {
            csv.append(k).append(',').append(task.sites().get(k).size()).append(',').append(weights.get(k))
                    .append('\n');
        }
        write(out.resolve("weights.csv"), csv);
        System.out.printf("%s: %d hospitals (%s training samples, FedAvg weights %s), %d test samples, seed %d,"
                + " written to %s%n", task.description(), task.sites().size(), task.sites().stream()
                        .map(d -> String.valueOf(d.size())).toList(), weights, task.test().size(), seed, out);
    }

    /** Each site's FedAvg weight: its samples as the ledger's close bounds them (site k in Org(k mod 3 + 1)MSP). */
    private static List<Long> weights(List<Dataset> sites) {
        List<AdmissionOrder.Candidate> candidates = new ArrayList<>();
        for (int k = 0; k < sites.size(); k++) {
            String key = "site-" + k;
            candidates.add(new AdmissionOrder.Candidate(new AcceptedUpdate(key, key, ContentHash.of(new byte[0]),
                    sites.get(k).size()), "Org" + (k % 3 + 1) + "MSP"));
        }
        // Every site is admitted, so the base model (which orders admission only) plays no part.
        List<AcceptedUpdate> accepted = AdmissionOrder.decide(ContentHash.of(new byte[0]), candidates, sites.size(),
                TaskDefinitionArgument.DEFAULT_MAX_ORG_SHARE_PERCENT).accepted();
        return IntStream.range(0, sites.size()).mapToObj(k -> accepted.stream()
                .filter(u -> u.key().equals("site-" + k)).findFirst().orElseThrow().samples()).toList();
    }

    private static StringBuilder rows(Dataset data) {
        StringBuilder csv = new StringBuilder();
        double[] x = new double[data.featureCount()];
        for (int i = 0; i < data.size(); i++) {
            data.copyRow(i, x, 0);
            for (double v : x) {
                csv.append(v).append(',');
            }
            csv.append(data.label(i)).append('\n');
        }
        return csv;
    }

    private static StringBuilder model(Model model) {
        StringBuilder csv = new StringBuilder();
        List<Tensor> tensors = model.tensors();
        for (Tensor t : tensors) {
            csv.append(t.spec().name());
            for (int i = 0; i < t.size(); i++) {
                csv.append(',').append((double) t.value(i));
            }
            csv.append('\n');
        }
        return csv;
    }

    private static void write(Path file, CharSequence text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
