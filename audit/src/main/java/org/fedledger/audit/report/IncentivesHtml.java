package org.fedledger.audit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.fedledger.protocol.record.CallerIdentity;

/**
 * The incentives part of the audit page: each contributor's credits and final reputation, the penalties,
 * and two charts across rounds, its agreed contribution and its reputation, with each round whose update
 * was out of line and each penalty marked. Inline SVG only; every value from the ledger is escaped.
 */
final class IncentivesHtml {
    /** One colour per contributor, in contributor order, repeating after ten. */
    private static final String[] PALETTE = {"#4a78b5", "#e08a2c", "#3e9651", "#cc2529", "#6b4c9a", "#8c5a3c",
        "#d36fb0", "#6b6b6b", "#9aa62a", "#17a7b8"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int LEFT = 60;
    private static final int TOP = 10;
    private static final int PLOT_W = WIDTH - LEFT - 20;
    private static final int PLOT_H = HEIGHT - TOP - 30;

    private IncentivesHtml() {
    }

    /** Appends the section, or nothing for a task without incentives. */
    static void write(StringBuilder h, List<IncentiveEntry> entries, List<CreditEntry> credits) {
        if (entries.isEmpty() && credits.isEmpty()) {
            return;
        }
        Map<String, List<IncentiveEntry>> byContributor = new TreeMap<>();
        entries.forEach(e -> byContributor.computeIfAbsent(e.contributor(), k -> new ArrayList<>()).add(e));
        Map<String, String> colour = new LinkedHashMap<>();
        for (String who : byContributor.keySet()) {
            colour.put(who, PALETTE[colour.size() % PALETTE.length]);
        }
        h.append("<h2>Incentives</h2>\n<table id=\"credits\"><tr><th>identity</th><th>organisation</th>")
                .append("<th>rounds</th><th>data credit</th><th>contribution credit</th><th>reputation</th>")
                .append("<th>rounds out of line</th><th>rounds set aside</th><th>penalty credit</th></tr>\n");
        for (CreditEntry c : credits) {
            List<IncentiveEntry> mine = byContributor.getOrDefault(c.contributor(), List.of());
            String reputation = mine.isEmpty() ? "" : decimal(mine.get(mine.size() - 1).reputation() / 1e6);
            h.append("<tr><td>").append(ReportHtml.identity(c.contributor())).append("</td><td>")
                    .append(ReportHtml.esc(c.msp())).append("</td><td>").append(c.rounds()).append("</td><td>")
                    .append(c.dataCredit()).append("</td><td>").append(c.contributionCredit()).append("</td><td>")
                    .append(reputation).append("</td><td>").append(mine.stream().filter(IncentiveEntry::outOfLine).count())
                    .append("</td><td>").append(mine.stream().filter(IncentiveEntry::setAside).count())
                    .append("</td><td>").append(c.penaltyCredit()).append("</td></tr>\n");
        }
        h.append("</table>\n<table id=\"penalties\"><tr><th>round</th><th>identity</th><th>penalty</th>")
                .append("<th>suspended until round</th><th>weight until round</th><th>credit cost</th></tr>\n");
        for (IncentiveEntry e : entries) {
            if (e.penalty() != null) {
                h.append("<tr><td>").append(e.round()).append("</td><td>").append(ReportHtml.identity(e.contributor()))
                        .append("</td><td>").append(ReportHtml.esc(e.penalty())).append("</td><td>")
                        .append(e.suspendedUntil() == 0 ? "" : Integer.toString(e.suspendedUntil())).append("</td><td>")
                        .append(e.weightUntil() == 0 ? "" : e.weightUntil() + " (" + e.weightPermille() + "/1000)")
                        .append("</td><td>").append(e.creditCost() == 0 ? "" : Long.toString(e.creditCost()))
                        .append("</td></tr>\n");
            }
        }
        h.append("</table>\n<p>");
        colour.forEach((who, c) -> h.append("<span style=\"color:").append(c).append("\">&#9632;</span> ")
                .append(ReportHtml.identity(who)).append(" &nbsp; "));
        h.append("<br>red ring: update out of line; black square: penalty</p>\n");
        chart(h, "contribution-chart", "agreed contribution per round", byContributor, colour,
                e -> e.value() == null ? Double.NaN : (double) e.value() / e.scale());
        chart(h, "reputation-chart", "reputation after each round", byContributor, colour, e -> e.reputation() / 1e6);
    }

    private static void chart(StringBuilder h, String id, String label, Map<String, List<IncentiveEntry>> series,
            Map<String, String> colour, ToDoubleFunction<IncentiveEntry> y) {
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        double low = 0;
        double high = 0;
        for (List<IncentiveEntry> list : series.values()) {
            for (IncentiveEntry e : list) {
                first = Math.min(first, e.round());
                last = Math.max(last, e.round());
                double v = y.applyAsDouble(e);
                if (!Double.isNaN(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (high == low) {
            high = low + 1;
        }
        int rounds = Math.max(1, last - first);
        h.append("<h3>").append(ReportHtml.esc(label)).append("</h3>\n<svg id=\"").append(id)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(ReportHtml.esc(label)).append("\">");
        double zero = yOf(0, low, high);
        h.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_W).append("\" y1=\"").append(fmt(zero))
                .append("\" y2=\"").append(fmt(zero)).append("\" stroke=\"#999\"/>");
        h.append("<text x=\"0\" y=\"").append(TOP + 10).append("\" font-size=\"11\">").append(decimal(high))
                .append("</text><text x=\"0\" y=\"").append(TOP + PLOT_H).append("\" font-size=\"11\">").append(decimal(low))
                .append("</text><text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 5)
                .append("\" font-size=\"11\">round ").append(first).append("</text><text x=\"").append(LEFT + PLOT_W - 60)
                .append("\" y=\"").append(HEIGHT - 5).append("\" font-size=\"11\">round ").append(last).append("</text>");
        for (var s : series.entrySet()) {
            StringBuilder points = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (IncentiveEntry e : s.getValue()) {
                double v = y.applyAsDouble(e);
                if (Double.isNaN(v)) {
                    continue;
                }
                double px = LEFT + (double) PLOT_W * (e.round() - first) / rounds;
                double py = yOf(v, low, high);
                points.append(fmt(px)).append(',').append(fmt(py)).append(' ');
                if (e.outOfLine()) {
                    marks.append("<circle cx=\"").append(fmt(px)).append("\" cy=\"").append(fmt(py))
                            .append("\" r=\"4\" fill=\"none\" stroke=\"#c62828\"/>");
                }
                if (e.penalty() != null) {
                    marks.append("<rect x=\"").append(fmt(px - 3)).append("\" y=\"").append(fmt(py - 3))
                            .append("\" width=\"6\" height=\"6\" fill=\"#222\"/>");
                }
            }
            h.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colour.get(s.getKey()))
                    .append("\" points=\"").append(points.toString().trim()).append("\"><title>")
                    .append(ReportHtml.esc(CallerIdentity.shortName(s.getKey()))).append("</title></polyline>").append(marks);
        }
        h.append("</svg>\n");
    }

    private static double yOf(double v, double low, double high) {
        return TOP + PLOT_H * (high - v) / (high - low);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String decimal(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
