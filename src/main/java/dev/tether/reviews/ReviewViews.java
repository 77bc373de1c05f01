package dev.tether.reviews;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Review items as the facts about them carry them: everything a receiver needs to notify the
 * reviewer by its own channel, or to act on a decision, without calling back. Optional values
 * are present as null, so every event of a type has the same fields.
 */
public final class ReviewViews {

    private ReviewViews() {
    }

    /** The admin API path of an item, relative to the server's base URL. */
    public static String itemPath(ReviewItem i) {
        return "/admin/v1/directories/" + i.directoryId() + "/reviews/" + i.campaignId() + "/items/" + i.id();
    }

    /** A review.requested / review.reminder payload; review.decided adds {@link #putDecision}. */
    public static ObjectNode request(ObjectMapper mapper, Campaign c, ReviewItem i) {
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", i.directoryId().toString());
        data.putObject("campaign")
                .put("id", c.id().toString())
                .put("name", c.name())
                .put("dueAt", time(c.dueAt()))
                .put("onNoAnswer", c.onNoAnswer().code);
        data.putObject("item")
                .put("id", i.id().toString())
                .put("status", i.status())
                .put("href", itemPath(i));
        ArrayNode reviewers = data.putArray("reviewers");
        i.reviewers().forEach(r -> reviewers.addObject().put("id", r.id().toString()).put("userName", r.name()));
        data.put("reviewerSource", i.reviewerSource());
        ObjectNode d = data.putObject("delegation");
        d.put("id", i.delegationId().toString());
        d.putObject("delegator").put("type", i.delegator().type()).put("id", i.delegator().id().toString());
        d.put("agentId", i.agent().id().toString());
        d.put("kind", i.kind());
        strings(d.putArray("scopes"), i.currentScopes());
        d.put("audience", i.audience());
        d.put("expiresAt", time(i.expiresAt()));
        d.put("reviewBy", time(i.reviewBy()));
        d.put("status", i.delegationStatus());
        data.putObject("agent").put("id", i.agent().id().toString()).put("name", i.agent().name());
        data.putObject("rootUser").put("id", i.rootUser().id().toString()).put("userName", i.rootUser().name());
        return data;
    }

    /** The decision and the usage the reviewer had in front of them. */
    public static void putDecision(ObjectNode data, ReviewItem i) {
        ObjectNode d = data.putObject("decision");
        d.put("decision", i.decision());
        if (i.decidedScopes() == null) {
            d.putNull("scopes");
        } else {
            strings(d.putArray("scopes"), i.decidedScopes());
        }
        d.put("justification", i.justification());
        d.put("reviewerId", i.decidedBy() == null ? null : i.decidedBy().toString());
        d.put("noAnswer", i.noAnswer());
        d.put("decidedAt", time(i.decidedAt()));
        putUsage(data.putObject("usage"), i.usage());
    }

    public static void putUsage(ObjectNode u, ReviewItem.Usage usage) {
        u.put("since", time(usage.since()));
        u.put("until", time(usage.until()));
        u.put("count", usage.count());
        u.put("denials", usage.denials());
        u.put("lastUsedAt", time(usage.lastUsedAt()));
        strings(u.putArray("scopesUsed"), usage.scopesUsed());
        u.put("neverUsed", usage.neverUsed());
    }

    public static String time(OffsetDateTime t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t);
    }

    static ArrayNode ids(ArrayNode a, List<UUID> ids) {
        ids.forEach(id -> a.add(id.toString()));
        return a;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
