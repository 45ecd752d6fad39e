/**
 * JMH throughput benchmarks of fl-core, each next to a plain baseline measured in the same run.
 *
 * <p>Every benchmark declares the bytes it reads per invocation with {@code @OperationsPerInvocation},
 * so JMH's {@code ops/s} are bytes per second. The entry point for a readable summary is
 * {@link org.fedledger.benchmarks.BenchmarkReport}, which runs JMH and prints GB/s per benchmark:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.fedledger.benchmarks.BenchmarkReport -f 1 -wi 2 -i 3
 * }</pre>
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar} runs plain JMH with its usual options.
 */
package org.fedledger.benchmarks;
