package dev.tether.authz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One action an app reports an agent did, already checked for shape by the edge. The agent is
 * named directly or through the credential it used (by id, or by handle with an optional
 * audience); when both are named they must agree. {@code occurredAt} is in UTC and cut to
 * microseconds, PostgreSQL's precision: a report is answered with it as given, and a replay reads
 * it back from the row.
 */
public record ReportedAction(UUID agentId, UUID credentialId, String credentialExternalId, String credentialAudience,
        String action, String targetType, String targetId, String targetName, OffsetDateTime occurredAt, String outcome,
        String decisionId, ObjectNode metadata) {

    public boolean namesCredential() {
        return credentialId != null || credentialExternalId != null;
    }
}
