package org.fedledger.benchmarks;

import java.util.concurrent.TimeUnit;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Canonical encoding of a 2^20-parameter (4 MiB) model: {@link ModelCodec#encode(Model)} and
 * {@link ModelCodec#decode(byte[])} (which validates names, shapes, finiteness and canonical form).
 * Scores are bytes of tensor data per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CodecBenchmark {
    private Model model;
    private byte[] encoded;

    /** Builds the model and its canonical bytes. */
    @Setup
    public void setUp() {
        model = Payloads.model(42);
        encoded = ModelCodec.encode(model);
    }

    /** @return the canonical bytes of the model */
    @Benchmark
    @OperationsPerInvocation(Payloads.MODEL_BYTES)
    public byte[] encode() {
        return ModelCodec.encode(model);
    }

    /** @return the model decoded and validated from its canonical bytes */
    @Benchmark
    @OperationsPerInvocation(Payloads.MODEL_BYTES)
    public Model decode() {
        return ModelCodec.decode(encoded);
    }
}
