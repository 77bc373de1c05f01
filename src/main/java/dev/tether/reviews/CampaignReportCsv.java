package dev.tether.reviews;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A campaign's evidence report as CSV, one line per item, the same for the admin API and the
 * console's download.
 */
public final class CampaignReportCsv {

    private CampaignReportCsv() {
    }

    public static final List<String> COLUMNS = List.of("itemId", "delegationId", "delegatorType", "delegatorId", "agentId",
            "agentName", "rootUserId", "rootUserName", "kind", "scopesAtOpen", "scopesNow", "audience", "delegationStatus",
            "reviewers", "reviewerNames", "reviewerSource", "status", "decision", "decidedScopes", "justification",
            "decidedBy", "noAnswer", "decidedAt", "usageSince", "usageUntil", "useCount", "denials", "lastUsedAt",
            "scopesUsed", "neverUsed", "auditRecordId", "auditPosition");

    /** RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break; lists space-separated. */
    public static String of(ReviewCampaigns.Report report) {
        StringBuilder b = new StringBuilder();
        line(b, COLUMNS);
        for (ReviewItem i : report.items()) {
            line(b, java.util.Arrays.asList(i.id().toString(), i.delegationId().toString(), i.delegator().type(),
                    i.delegator().id().toString(), i.agent().id().toString(), i.agent().name(), i.rootUser().id().toString(),
                    i.rootUser().name(), i.kind(), String.join(" ", i.scopes()), String.join(" ", i.currentScopes()),
                    i.audience(), i.delegationStatus(),
                    i.reviewers().stream().map(r -> r.id().toString()).collect(Collectors.joining(" ")),
                    i.reviewers().stream().map(r -> r.name() == null ? "" : r.name()).collect(Collectors.joining(" ")),
                    i.reviewerSource(), i.status(), i.decision(),
                    i.decidedScopes() == null ? null : String.join(" ", i.decidedScopes()), i.justification(),
                    i.decidedBy() == null ? null : i.decidedBy().toString(), Boolean.toString(i.noAnswer()),
                    ReviewViews.time(i.decidedAt()), ReviewViews.time(i.usage().since()),
                    ReviewViews.time(i.usage().until()), Long.toString(i.usage().count()),
                    Long.toString(i.usage().denials()), ReviewViews.time(i.usage().lastUsedAt()),
                    String.join(" ", i.usage().scopesUsed()), Boolean.toString(i.usage().neverUsed()),
                    i.auditRecordId() == null ? null : i.auditRecordId().toString(),
                    i.auditPosition() == null ? null : i.auditPosition().toString()));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> fields) {
        for (int k = 0; k < fields.size(); k++) {
            if (k > 0) {
                b.append(',');
            }
            String f = fields.get(k);
            if (f == null) {
                continue;
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        b.append("\r\n");
    }
}
