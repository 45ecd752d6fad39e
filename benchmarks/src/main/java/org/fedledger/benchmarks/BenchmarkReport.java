package org.fedledger.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the given command-line options and prints a summary table in GB/s (10^9 bytes per
 * second). Every benchmark in this module counts one operation per byte read, so the conversion is a
 * division by 10^9.
 *
 * <pre>{@code
 * java -cp benchmarks.jar org.fedledger.benchmarks.BenchmarkReport -f 1 -wi 2 -i 3 -w 2s -r 3s
 * }</pre>
 */
public final class BenchmarkReport {
    private BenchmarkReport() {
    }

    /**
     * @param args JMH command-line options (for example {@code -f 1 -wi 2 -i 3 FedAvg})
     * @throws CommandLineOptionException when JMH does not understand the options
     * @throws RunnerException when a benchmark fails
     */
    public static void main(String[] args) throws CommandLineOptionException, RunnerException {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        System.out.println();
        System.out.println(table(results));
    }

    /**
     * @param results JMH results whose scores are bytes per second
     * @return a table of GB/s with the 99.9% confidence half-width
     */
    static String table(Collection<RunResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"benchmark", "GB/s", "+/- (99.9%)", "bytes/op", "unit"});
        for (RunResult run : results) {
            Result<?> primary = run.getPrimaryResult();
            String name = run.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            rows.add(new String[] {
                shortName,
                String.format(Locale.ROOT, "%.2f", primary.getScore() / 1e9),
                Double.isNaN(primary.getScoreError()) ? "n/a"
                        : String.format(Locale.ROOT, "%.2f", primary.getScoreError() / 1e9),
                Integer.toString(run.getParams().getOpsPerInvocation()),
                primary.getScoreUnit()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder("FedLedger core throughput (1 GB = 10^9 bytes)\n");
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                String cell = row[c];
                out.append(c == 0 ? String.format("%-" + widths[c] + "s", cell) : String.format("  %" + widths[c] + "s", cell));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
