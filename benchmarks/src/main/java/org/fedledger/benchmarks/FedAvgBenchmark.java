package org.fedledger.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationRule;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * FedAvg of 100 updates of 2^20 parameters each (400 MiB of float input), single-threaded: the
 * cache-tiled rule from fl-core next to a naive loop that accumulates each whole tensor in a double
 * array, input after input. Both add in the same order, so they give the same bits; the setup checks
 * that. Beside them, exact FedAvg ({@code exact_fedavg}, 24 fractional bits) over the same updates:
 * fixed-point codes summed in integers and rounded once, as the rule runs it (tiles on the common
 * fork-join pool, which the result does not depend on) and confined to one thread (in a fork-join pool
 * of parallelism 1). Scores are bytes of input read per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class FedAvgBenchmark {
    private List<AggregationInput> inputs;
    private Model base;
    private AggregationRule fedAvg;
    private AggregationRule exactFedAvg;
    private ForkJoinPool oneThread;

    /**
     * Builds the updates and checks that the two implementations agree bit for bit.
     *
     * @throws IllegalStateException when they do not
     */
    @Setup
    public void setUp() {
        inputs = Payloads.updates();
        base = Payloads.model(1);
        fedAvg = AggregationRules.of(RuleSpec.of(RuleName.FEDAVG));
        exactFedAvg = AggregationRules.of(RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24")));
        oneThread = new ForkJoinPool(1);
        if (!exactFedAvg().equals(exactFedAvgOneThread())) {
            throw new IllegalStateException("exact FedAvg gives other bits on one thread");
        }
        if (!fedAvg.aggregate(inputs, base).orElseThrow().model().equals(naive(inputs, base))) {
            throw new IllegalStateException("tiled and naive FedAvg disagree");
        }
    }

    /** @return the FedAvg output of fl-core's rule */
    @Benchmark
    @OperationsPerInvocation(Payloads.FEDAVG_INPUT_BYTES)
    public Model fedAvgTiled() {
        return fedAvg.aggregate(inputs, base).orElseThrow().model();
    }

    /** @return the exact FedAvg output of fl-core's rule */
    @Benchmark
    @OperationsPerInvocation(Payloads.FEDAVG_INPUT_BYTES)
    public Model exactFedAvg() {
        return exactFedAvg.aggregate(inputs, base).orElseThrow().model();
    }

    /** @return the exact FedAvg output of fl-core's rule, every tile on one thread */
    @Benchmark
    @OperationsPerInvocation(Payloads.FEDAVG_INPUT_BYTES)
    public Model exactFedAvgOneThread() {
        return oneThread.submit(this::exactFedAvg).join();
    }

    /** Stops the one-thread pool. */
    @TearDown
    public void tearDown() {
        oneThread.shutdown();
    }

    /** @return the FedAvg output of the naive baseline */
    @Benchmark
    @OperationsPerInvocation(Payloads.FEDAVG_INPUT_BYTES)
    public Model fedAvgNaiveBaseline() {
        return naive(inputs, base);
    }

    /** Whole-tensor double accumulators, inputs in id order (the list is already sorted by id). */
    private static Model naive(List<AggregationInput> inputs, Model base) {
        long total = 0;
        for (AggregationInput input : inputs) {
            total += input.sampleCount();
        }
        List<Tensor> out = new ArrayList<>();
        for (int t = 0; t < base.tensors().size(); t++) {
            double[] acc = new double[base.tensors().get(t).size()];
            for (AggregationInput input : inputs) {
                Tensor tensor = input.model().tensors().get(t);
                double c = (double) input.sampleCount();
                for (int j = 0; j < acc.length; j++) {
                    acc[j] += c * tensor.value(j);
                }
            }
            float[] values = new float[acc.length];
            for (int j = 0; j < acc.length; j++) {
                values[j] = (float) (acc[j] / (double) total);
            }
            out.add(Tensor.of(base.tensors().get(t).spec(), values));
        }
        return Model.of(out);
    }
}
