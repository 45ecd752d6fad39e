package org.fedledger.cli.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long work, redrawn in place on a terminal and silent otherwise (a log
 * file or a pipe gets only the demo's table).
 *
 * <pre>{@code
 * Progress p = Progress.onTerminal("breast-cancer", 30);
 * p.step(1); ... p.done();
 * }</pre>
 */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();

    private Progress(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** A bar on standard error when this process has a terminal; otherwise one that draws nothing. */
    static Progress onTerminal(String label, int total) {
        return new Progress(System.console() != null ? System.err : null, label, total);
    }

    /** Draws the bar at {@code done} of {@code total}, with the time left estimated from the pace so far. */
    void step(int done) {
        if (out == null) {
            return;
        }
        int filled = (int) Math.round((double) done / total * WIDTH);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double left = done == 0 ? 0 : elapsed / done * (total - done);
        out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d rounds, about %.0f s left   ", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, left);
        out.flush();
    }

    /** Clears the bar's line, before the table prints a row or at the end. */
    void clear() {
        if (out != null) {
            out.print("\r" + " ".repeat(label.length() + WIDTH + 40) + "\r");
            out.flush();
        }
    }
}
