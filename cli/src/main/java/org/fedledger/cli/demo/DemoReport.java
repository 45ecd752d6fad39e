package org.fedledger.cli.demo;

import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.ReportHtml;
import org.fedledger.audit.report.ReportJson;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The demo's report folder: per task a CSV of every round, the task's audit as JSON and HTML, and one
 * PNG chart of test accuracy per round with each task's centralised reference as a dashed line.
 *
 * <pre>{@code
 * DemoReport.write(Path.of("demo-report"), results);
 * }</pre>
 */
public final class DemoReport {
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    private DemoReport() {
    }

    /**
     * Writes the report.
     *
     * @return the chart's path
     * @throws UncheckedIOException when the folder cannot be written
     */
    public static Path write(Path folder, List<TaskResult> results) {
        try {
            Files.createDirectories(folder);
            for (TaskResult r : results) {
                StringBuilder csv = new StringBuilder("round,accuracy,loss,updates,round_ms,training_ms,ledger_ms,"
                        + "verification_ms,verdicts,model_hash\n");
                for (RoundResult x : r.rounds()) {
                    csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%d,%d,%d,%d,%d,%s,%s%n", x.round(), x.accuracy(),
                            x.loss(), x.updates(), x.roundMillis(), x.trainingMillis(), x.ledgerMillis(),
                            x.verificationMillis(), x.verdicts(), x.modelHash().hex()));
                }
                Files.writeString(folder.resolve(r.task() + "-rounds.csv"), csv, StandardCharsets.UTF_8);
                writeAudit(folder, r.task(), r.audit());
            }
            Path chart = folder.resolve("accuracy.png");
            ImageIO.write(chart(results), "png", chart.toFile());
            return chart;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + folder, e);
        }
    }

    /**
     * Writes the report of buffered runs ({@code demo --mode async}): per task every global model as CSV
     * ({@code <task>-buffers.csv}: version, accuracy, loss, milliseconds since the first buffer opened,
     * updates, stale updates, model hash) and the audit as JSON and HTML.
     *
     * @param folder the report folder
     * @param runs the runs, one per task
     * @throws UncheckedIOException when the folder cannot be written
     */
    public static void writeBuffered(Path folder, List<StragglerRun> runs) {
        try {
            Files.createDirectories(folder);
            for (StragglerRun r : runs) {
                StringBuilder csv = new StringBuilder("version,accuracy,loss,ms,updates,stale,model_hash\n");
                for (StragglerRun.GlobalModel m : r.models()) {
                    csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%d,%d,%d,%s%n", m.version(), m.accuracy(),
                            m.loss(), m.millis(), m.updates(), m.stale(), m.modelHash().hex()));
                }
                Files.writeString(folder.resolve(r.task() + "-buffers.csv"), csv, StandardCharsets.UTF_8);
                writeAudit(folder, r.task(), r.audit());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + folder, e);
        }
    }

    private static void writeAudit(Path folder, String task, AuditReport audit) throws IOException {
        Files.writeString(folder.resolve(task + "-audit.json"), ReportJson.write(audit), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(task + "-audit.html"), ReportHtml.write(audit), StandardCharsets.UTF_8);
    }

    /** Test accuracy per round, one line per task, its centralised reference dashed. */
    static BufferedImage chart(List<TaskResult> results) {
        int width = 900;
        int height = 520;
        int left = 70;
        int right = 30;
        int top = 50;
        int bottom = 60;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int maxRound = results.stream().mapToInt(r -> r.rounds().size()).max().orElse(1);
            double minAcc = Math.min(0.5, results.stream().flatMap(r -> r.rounds().stream())
                    .mapToDouble(RoundResult::accuracy).min().orElse(0.5));
            double lo = Math.floor(minAcc * 10) / 10;
            int plotW = width - left - right;
            int plotH = height - top - bottom;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(new Color(0xdddddd));
            for (int i = 0; i <= 10; i++) {
                double acc = lo + (1 - lo) * i / 10;
                int y = top + plotH - (int) Math.round((acc - lo) / (1 - lo) * plotH);
                g.drawLine(left, y, left + plotW, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.2f", acc), 20, y + 4);
                g.setColor(new Color(0xdddddd));
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, plotW, plotH);
            for (int round = 1; round <= maxRound; round += Math.max(1, maxRound / 10)) {
                int x = left + (int) Math.round((round - 1) / (double) Math.max(1, maxRound - 1) * plotW);
                g.drawString(String.valueOf(round), x - 4, top + plotH + 18);
            }
            g.drawString("round", left + plotW / 2 - 15, height - 15);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString("FedLedger demo: test accuracy per round (dashed: centralised, all data pooled)", left, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int t = 0; t < results.size(); t++) {
                TaskResult r = results.get(t);
                g.setColor(COLOURS[t % COLOURS.length]);
                g.setStroke(new BasicStroke(2.2f));
                int px = -1;
                int py = -1;
                for (RoundResult x : r.rounds()) {
                    int cx = left + (int) Math.round((x.round() - 1) / (double) Math.max(1, maxRound - 1) * plotW);
                    int cy = top + plotH - (int) Math.round((x.accuracy() - lo) / (1 - lo) * plotH);
                    if (px >= 0) {
                        g.drawLine(px, py, cx, cy);
                    }
                    g.fillOval(cx - 3, cy - 3, 6, 6);
                    px = cx;
                    py = cy;
                }
                int cy = top + plotH - (int) Math.round((r.centralisedAccuracy() - lo) / (1 - lo) * plotH);
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
                g.drawLine(left, cy, left + plotW, cy);
                g.drawString(String.format(Locale.ROOT, "%s: federated %.3f, centralised %.3f", r.task(),
                        r.federatedAccuracy(), r.centralisedAccuracy()), left + 10, top + plotH - 12 - 16 * t);
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
