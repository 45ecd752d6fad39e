package org.fedledger.audit.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The report as JSON for machines: field names as in the records, enums by name.
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("audit.json"), ReportJson.write(report));
 * }</pre>
 */
public final class ReportJson {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ReportJson() {
    }

    /** @return the report as indented JSON */
    public static String write(AuditReport report) {
        return GSON.toJson(report);
    }

    /** @return the report read back from {@link #write} */
    public static AuditReport read(String json) {
        return GSON.fromJson(json, AuditReport.class);
    }
}
