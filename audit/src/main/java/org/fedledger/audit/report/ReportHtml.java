package org.fedledger.audit.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.protocol.record.CallerIdentity;

/**
 * The report as one self-contained HTML page for people: verdict, findings, contributions per
 * organisation and identity (with a bar chart), for a task with incentives each contributor's credits,
 * penalties, and its agreed contribution and reputation across rounds (two charts), what the rules did to each contributor's updates
 * (the manifests' evidence), the model lineage and every round. Identities are shown by their common
 * name and organisation, with the full identity on hover. No external resource is loaded; a small
 * inline script adds a filter over the findings and marks the page rendered. Every value from the
 * ledger is escaped.
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("audit.html"), ReportHtml.write(report));
 * }</pre>
 */
public final class ReportHtml {
    private ReportHtml() {
    }

    /** @return the page */
    public static String write(AuditReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>FedLedger audit: ").append(esc(r.taskId())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}")
                .append("th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}")
                .append("th{background:#f3f3f3}code{font-size:.85em;word-break:break-all}")
                .append(".verdict{display:inline-block;padding:.2em .8em;border-radius:.3em;color:#fff;font-weight:bold}")
                .append(".PASS{background:#2e7d32}.WARN{background:#ef6c00}.FAIL{background:#c62828}")
                .append(".ERROR{color:#c62828;font-weight:bold}.WARNING{color:#ef6c00;font-weight:bold}")
                .append(".MATCH{color:#2e7d32}.MISMATCH,.OUTPUT_MISMATCH,.MANIFEST_REJECTED{color:#c62828}")
                .append("</style></head>\n<body data-verdict=\"").append(r.verdict()).append("\">\n");
        h.append("<h1>Audit of task <code>").append(esc(r.taskId())).append("</code></h1>\n<p><span id=\"verdict\" class=\"verdict ")
                .append(r.verdict()).append("\">").append(r.verdict()).append("</span> ")
                .append(r.findings().size()).append(" finding(s); audited as ").append(identity(r.auditor()))
                .append("</p>\n");
        ChainSummary c = r.chain();
        h.append("<h2>Chain</h2>\n<table id=\"chain\"><tr><th>blocks</th><th>transactions</th><th>valid</th><th>verified (the task's)</th>")
                .append("<th>organisations</th><th>endorsement policy</th><th>configuration block</th></tr><tr><td>")
                .append(c.height()).append("</td><td>").append(c.transactions()).append("</td><td>")
                .append(c.validTransactions()).append("</td><td>").append(c.verifiedTransactions()).append("</td><td>").append(esc(String.join(", ", c.organisations())))
                .append("</td><td>").append(esc(c.endorsementRule())).append("</td><td>").append(c.configBlock())
                .append("</td></tr></table>\n");
        findings(h, r.findings());
        contributions(h, r.contributions());
        IncentivesHtml.write(h, r.incentives(), r.credits());
        evidence(h, r.lineage());
        lineage(h, r.lineage());
        rounds(h, r.rounds());
        Timings t = r.timings();
        h.append("<h2>Timings</h2>\n<p>records ").append(t.records()).append(" ms, chain ").append(t.chain())
                .append(" ms, cross-check ").append(t.crossCheck()).append(" ms, replay ").append(t.replay())
                .append(" ms, total ").append(t.total()).append(" ms; ").append(t.payloadBytes())
                .append(" payload bytes hashed</p>\n");
        h.append("<script>\n(function(){var box=document.getElementById('filter');var rows=document.querySelectorAll(")
                .append("'#findings tbody tr');function apply(){var q=box.value.toLowerCase();var shown=0;rows.forEach(")
                .append("function(tr){var on=tr.textContent.toLowerCase().indexOf(q)>=0;tr.style.display=on?'':'none';")
                .append("if(on)shown++;});document.getElementById('shown').textContent=shown;}box.addEventListener(")
                .append("'input',apply);apply();document.body.setAttribute('data-rendered','true');})();\n</script>\n");
        return h.append("</body></html>\n").toString();
    }

    private static void findings(StringBuilder h, List<Finding> findings) {
        h.append("<h2>Findings</h2>\n<p><input id=\"filter\" placeholder=\"filter findings\"> <span id=\"shown\">")
                .append(findings.size()).append("</span> shown</p>\n<table id=\"findings\"><thead><tr><th>code</th>")
                .append("<th>severity</th><th>round</th><th>subject</th><th>expected</th><th>actual</th><th>what</th>")
                .append("</tr></thead><tbody>\n");
        for (Finding f : findings) {
            h.append("<tr><td>").append(f.code()).append("</td><td class=\"").append(f.severity()).append("\">")
                    .append(f.severity()).append("</td><td>").append(f.round()).append("</td><td>").append(esc(f.subject()))
                    .append("</td><td><code>").append(esc(f.expected())).append("</code></td><td><code>")
                    .append(esc(f.actual())).append("</code></td><td>").append(esc(f.message())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void contributions(StringBuilder h, List<Contribution> contributions) {
        Map<String, long[]> perOrg = new TreeMap<>();
        for (Contribution c : contributions) {
            long[] v = perOrg.computeIfAbsent(c.msp(), k -> new long[3]);
            v[0] += c.updates();
            v[1] += c.inFinalModels();
            v[2] += c.samples();
        }
        h.append("<h2>Contributions</h2>\n<h3>Per organisation</h3>\n<table id=\"organisations\"><tr><th>organisation</th>")
                .append("<th>updates</th><th>in final models</th><th>declared samples</th></tr>\n");
        long max = perOrg.values().stream().mapToLong(v -> v[1]).max().orElse(0);
        for (var e : perOrg.entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(e.getValue()[0]).append("</td><td>")
                    .append(e.getValue()[1]).append("</td><td>").append(e.getValue()[2]).append("</td></tr>\n");
        }
        h.append("</table>\n");
        int bar = 22;
        h.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"620\" height=\"")
                .append(perOrg.size() * bar + 10).append("\" role=\"img\" aria-label=\"inputs in final models per organisation\">");
        int y = 5;
        for (var e : perOrg.entrySet()) {
            long w = max == 0 ? 0 : 400 * e.getValue()[1] / max;
            h.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\">").append(esc(e.getKey()))
                    .append("</text><rect x=\"120\" y=\"").append(y).append("\" width=\"").append(w)
                    .append("\" height=\"18\" fill=\"#4a78b5\"/><text x=\"").append(126 + w).append("\" y=\"").append(y + 15)
                    .append("\" font-size=\"13\">").append(e.getValue()[1]).append("</text>");
            y += bar;
        }
        h.append("</svg>\n<h3>Per identity</h3>\n<table id=\"identities\"><tr><th>organisation</th><th>identity</th>")
                .append("<th>updates</th><th>in final models</th><th>declared samples</th></tr>\n");
        for (Contribution c : contributions) {
            h.append("<tr><td>").append(esc(c.msp())).append("</td><td>").append(identity(c.contributor()))
                    .append("</td><td>").append(c.updates()).append("</td><td>").append(c.inFinalModels())
                    .append("</td><td>").append(c.samples()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void lineage(StringBuilder h, List<VersionEntry> lineage) {
        h.append("<h2>Models</h2>\n<table id=\"lineage\"><thead><tr><th>version</th><th>round</th><th>hash</th>")
                .append("<th>rule</th><th>inputs (contributor, organisation, weight, block, time)</th><th>proposer</th>")
                .append("<th>attested by</th><th>replay</th><th>final in block</th></tr></thead><tbody>\n");
        for (VersionEntry v : lineage) {
            h.append("<tr><td>").append(v.version()).append("</td><td>").append(v.round()).append("</td><td><code>")
                    .append(esc(v.hash())).append("</code></td><td>").append(esc(v.rule()))
                    .append(v.ruleParameters().isEmpty() ? "" : " " + esc(new TreeMap<>(v.ruleParameters()).toString()))
                    .append("</td><td>");
            Map<String, EvidenceEntry> evidence = new HashMap<>();
            v.evidence().forEach(e -> evidence.put(e.key(), e));
            for (InputEntry in : v.inputs()) {
                h.append("<div>").append(identity(in.contributor())).append(", ")
                        .append(esc(in.weight())).append(", block ").append(in.block()).append(", ")
                        .append(Instant.ofEpochSecond(in.timestamp())).append(describe(evidence.get(in.key())))
                        .append("</div>");
            }
            for (ExclusionEntry x : v.exclusions()) {
                h.append("<div>excluded ").append(identity(x.contributor())).append(": ").append(esc(x.reason()))
                        .append(describe(evidence.get(x.key()))).append("</div>");
            }
            h.append("</td><td>").append(identity(v.proposer())).append(' ').append(esc(v.proposerMsp()))
                    .append("</td><td>").append(esc(String.join(", ", v.attestedBy()))).append("</td><td class=\"")
                    .append(v.replay().name()).append("\">").append(v.replay().name()).append("</td><td>").append(v.block())
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void rounds(StringBuilder h, List<RoundEntry> rounds) {
        h.append("<h2>Rounds</h2>\n<table id=\"rounds\"><thead><tr><th>round</th><th>state</th><th>base</th><th>updates</th>")
                .append("<th>accepted</th><th>proposals (seq, proposer, output, replay, attestations)</th><th>model</th>")
                .append("</tr></thead><tbody>\n");
        for (RoundEntry r : rounds) {
            h.append("<tr><td>").append(r.round()).append("</td><td>").append(esc(r.state())).append("</td><td>")
                    .append(r.baseVersion()).append("</td><td>").append(r.updates()).append("</td><td>").append(r.accepted())
                    .append("</td><td>");
            for (ProposalEntry p : r.proposals()) {
                h.append("<div>").append(p.seq()).append(": ").append(esc(p.msp())).append(", <code>")
                        .append(esc(shortHash(p.outputHash()))).append("</code>, <span class=\"").append(p.replay().name())
                        .append("\">").append(p.replay().name()).append("</span>;");
                for (AttestationEntry a : p.attestations()) {
                    h.append(' ').append(esc(a.msp())).append(' ').append(esc(a.verdict()));
                }
                h.append("</div>");
            }
            h.append("</td><td>").append(r.producedVersion() < 0 ? "" : Long.toString(r.producedVersion()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /**
     * Totals per contributor of what the rules did to its updates over every final model: values
     * trimmed at either end, median coordinates set, updates clipped and the largest update norm.
     * Left out when no manifest carries evidence.
     */
    private static void evidence(StringBuilder h, List<VersionEntry> lineage) {
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, BigDecimal> largestNorm = new HashMap<>();
        for (VersionEntry v : lineage) {
            for (EvidenceEntry e : v.evidence()) {
                long[] t = totals.computeIfAbsent(e.contributor(), k -> new long[5]);
                t[0]++;
                t[1] += e.trimmedLow() == null ? 0 : e.trimmedLow();
                t[2] += e.trimmedHigh() == null ? 0 : e.trimmedHigh();
                t[3] += e.medianCoordinates() == null ? 0 : e.medianCoordinates();
                t[4] += e.clipFactor() != null && !"1".equals(e.clipFactor()) ? 1 : 0;
                if (e.updateNorm() != null) {
                    largestNorm.merge(e.contributor(), new BigDecimal(e.updateNorm()), BigDecimal::max);
                }
            }
        }
        if (totals.isEmpty()) {
            return;
        }
        h.append("<h3>What the rules did to each contributor</h3>\n<table id=\"evidence\"><tr><th>identity</th>")
                .append("<th>updates with evidence</th><th>coordinates trimmed low</th><th>coordinates trimmed high</th>")
                .append("<th>median coordinates set</th><th>updates clipped</th><th>largest update norm</th></tr>\n");
        for (var e : totals.entrySet()) {
            long[] t = e.getValue();
            BigDecimal norm = largestNorm.get(e.getKey());
            h.append("<tr><td>").append(identity(e.getKey())).append("</td><td>").append(t[0]).append("</td><td>")
                    .append(t[1]).append("</td><td>").append(t[2]).append("</td><td>").append(t[3]).append("</td><td>")
                    .append(t[4]).append("</td><td>").append(norm == null ? "" : rounded(norm.toPlainString()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        evidenceChart(h, lineage);
    }

    /** Line colours of the evidence chart, one a contributor in identity order, repeating after ten. */
    private static final String[] COLOURS = {"#4a78b5", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f",
        "#5d4037", "#ad1457", "#827717", "#37474f"};

    /**
     * A line a contributor across the final models, oldest first: its share of the values the rule cut
     * or selected in that round (trimmed at either end, or set as the median), so that one who is cut
     * far more than the others stands out. Left out when no manifest carries those measures.
     */
    private static void evidenceChart(StringBuilder h, List<VersionEntry> lineage) {
        List<VersionEntry> rounds = new java.util.ArrayList<>();
        for (VersionEntry v : lineage) {
            if (v.evidence().stream().anyMatch(e -> e.trimmedLow() != null || e.medianCoordinates() != null)) {
                rounds.add(0, v);
            }
        }
        if (rounds.isEmpty()) {
            return;
        }
        Map<String, double[]> share = new TreeMap<>();
        for (int r = 0; r < rounds.size(); r++) {
            long total = 0;
            for (EvidenceEntry e : rounds.get(r).evidence()) {
                total += counted(e);
            }
            for (EvidenceEntry e : rounds.get(r).evidence()) {
                double[] line = share.computeIfAbsent(e.contributor(), k -> new double[rounds.size()]);
                line[r] = total == 0 ? 0 : (double) counted(e) / total;
            }
        }
        double top = 0.05;
        for (double[] line : share.values()) {
            for (double v : line) {
                top = Math.max(top, Math.ceil(v * 20) / 20);
            }
        }
        int width = 620;
        int height = 180;
        int left = 40;
        double step = rounds.size() == 1 ? 0 : (width - left - 10) / (double) (rounds.size() - 1);
        double scale = (height - 10) / top;
        long even = Math.round(height - scale / share.size());
        h.append("<p>Share of each round's trimmed or median values per contributor (dashed: an even split, 1/")
                .append(share.size()).append("), oldest round left:</p>\n<svg id=\"evidence-chart\" xmlns=\"")
                .append("http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height + 20 + 18 * share.size()).append("\" role=\"img\" aria-label=\"share of the values ")
                .append("the rule cut or selected, per contributor and round\">")
                .append("<line x1=\"").append(left).append("\" y1=\"").append(height).append("\" x2=\"").append(width)
                .append("\" y2=\"").append(height).append("\" stroke=\"#999\"/><line x1=\"").append(left)
                .append("\" y1=\"").append(even).append("\" x2=\"").append(width).append("\" y2=\"").append(even)
                .append("\" stroke=\"#999\" stroke-dasharray=\"4 4\"/><text x=\"0\" y=\"14\" font-size=\"11\">")
                .append(Math.round(top * 100)).append("%</text><text x=\"0\" y=\"").append(height)
                .append("\" font-size=\"11\">0</text>");
        int c = 0;
        for (var e : share.entrySet()) {
            String colour = COLOURS[c % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int r = 0; r < rounds.size(); r++) {
                points.append(points.length() == 0 ? "" : " ").append(Math.round(left + r * step)).append(',')
                        .append(Math.round(height - e.getValue()[r] * scale));
            }
            h.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                    .append(points).append("\"><title>").append(esc(CallerIdentity.shortName(e.getKey()))).append("</title></polyline>");
            int y = height + 18 + 18 * c;
            h.append("<rect x=\"").append(left).append("\" y=\"").append(y - 10).append("\" width=\"12\" height=\"10\" fill=\"")
                    .append(colour).append("\"/><text x=\"").append(left + 18).append("\" y=\"").append(y)
                    .append("\" font-size=\"12\">").append(esc(CallerIdentity.shortName(e.getKey()))).append("</text>");
            c++;
        }
        h.append("</svg>\n");
    }

    /** @return the values of one update the rule cut (trimmed at either end) or selected (as the median) */
    private static long counted(EvidenceEntry e) {
        return (e.trimmedLow() == null ? 0 : e.trimmedLow() + e.trimmedHigh())
                + (e.medianCoordinates() == null ? 0 : e.medianCoordinates());
    }

    /** @return the evidence of one update in words, with a leading separator; empty when there is none */
    private static String describe(EvidenceEntry e) {
        if (e == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (e.trimmedLow() != null) {
            b.append("; trimmed ").append(e.trimmedLow()).append(" low, ").append(e.trimmedHigh()).append(" high");
        }
        if (e.medianCoordinates() != null) {
            b.append("; median at ").append(e.medianCoordinates()).append(" coordinates");
        }
        if (e.updateNorm() != null) {
            b.append("; norm <span title=\"").append(esc(e.updateNorm())).append("\">").append(rounded(e.updateNorm()))
                    .append("</span>").append("1".equals(e.clipFactor()) ? ", not clipped"
                            : ", clipped by <span title=\"" + esc(e.clipFactor()) + "\">" + rounded(e.clipFactor())
                                    + "</span>");
        }
        return b.toString();
    }

    /** @return an exact decimal shown with 4 significant digits (the exact value is in the title) */
    private static String rounded(String exact) {
        return esc(new BigDecimal(exact).round(new MathContext(4)).stripTrailingZeros().toPlainString());
    }

    /**
     * @param id an identity id ({@code x509::SUBJECT::ISSUER})
     * @return its short name in a span whose title holds the whole id
     */
    static String identity(String id) {
        return "<span class=\"id\" title=\"" + esc(id) + "\">" + esc(CallerIdentity.shortName(id)) + "</span>";
    }

    private static String shortHash(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
    }

    /** @return {@code s} safe as HTML text and attribute content */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
