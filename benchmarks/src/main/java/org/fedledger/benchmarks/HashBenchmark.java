package org.fedledger.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.fedledger.core.model.ContentHash;
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
 * SHA-256 of a 4 MiB payload: {@link ContentHash#of(byte[])} next to a bare {@link MessageDigest}
 * over the same bytes. Scores are bytes hashed per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class HashBenchmark {
    private byte[] payload;

    /** Fills the payload with fixed pseudo-random bytes. */
    @Setup
    public void setUp() {
        payload = Payloads.bytes(42);
    }

    /** @return the content hash of the payload */
    @Benchmark
    @OperationsPerInvocation(Payloads.MODEL_BYTES)
    public ContentHash contentHash() {
        return ContentHash.of(payload);
    }

    /**
     * Baseline: the JDK's SHA-256 with nothing around it.
     *
     * @return the raw digest
     * @throws NoSuchAlgorithmException never; every Java runtime has SHA-256
     */
    @Benchmark
    @OperationsPerInvocation(Payloads.MODEL_BYTES)
    public byte[] messageDigestBaseline() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(payload);
    }
}
