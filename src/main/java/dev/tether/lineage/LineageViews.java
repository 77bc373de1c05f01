package dev.tether.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Delegations and credentials as JSON, the way the admin API shows them: what their events carry
 * and what their audit records digest. Absent optional values are left out.
 */
public final class LineageViews {

    private LineageViews() {
    }

    public static ObjectNode delegation(ObjectMapper mapper, Delegation d) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", d.id().toString());
        n.putObject("delegator").put("type", d.delegatorType()).put("id", d.delegatorId().toString());
        n.put("agentId", d.agentId().toString());
        putIfKnown(n, "parentDelegationId", d.parentDelegationId());
        n.put("rootUserId", d.rootUserId().toString());
        n.put("depth", d.depth());
        if (d.maxDepth() != null) {
            n.put("maxDepth", d.maxDepth());
        }
        ArrayNode scopes = n.putArray("scopes");
        d.scopes().forEach(scopes::add);
        if (d.audience() != null) {
            n.put("audience", d.audience());
        }
        putIfKnown(n, "expiresAt", d.expiresAt());
        ArrayNode basis = n.putArray("basisGroups");
        d.basisGroups().forEach(g -> basis.add(g.toString()));
        n.put("kind", d.kind());
        n.put("status", d.status());
        putIfKnown(n, "createdAt", d.createdAt());
        // only once a review is scheduled: facts of delegations outside recertification keep their shape
        putIfKnown(n, "reviewBy", d.reviewBy());
        return n;
    }

    /** The handle Tether holds (never a secret: Tether has none). */
    public static ObjectNode credential(ObjectMapper mapper, Credential c) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", c.id().toString());
        n.put("agentId", c.agentId().toString());
        n.put("delegationId", c.delegationId().toString());
        n.put("kind", c.kind());
        n.put("externalId", c.externalId());
        n.put("audience", c.audience());
        if (c.fingerprint() != null) {
            n.put("fingerprint", c.fingerprint());
        }
        putIfKnown(n, "expiresAt", c.expiresAt());
        n.put("status", c.status());
        putIfKnown(n, "createdAt", c.createdAt());
        return n;
    }

    public static void putIfKnown(ObjectNode n, String name, UUID id) {
        if (id != null) {
            n.put(name, id.toString());
        }
    }

    private static void putIfKnown(ObjectNode n, String name, OffsetDateTime time) {
        if (time != null) {
            n.put(name, DateTimeFormatter.ISO_INSTANT.format(time));
        }
    }
}
