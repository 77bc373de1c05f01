package dev.tether.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tether.authz.ActionsRecorded;
import dev.tether.authz.DecisionRecordingChanged;
import dev.tether.authz.RecordedAction;
import dev.tether.platform.ObserverOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Each action an app reports is an audit record ({@code agent.action}, target AgentAction),
 * appended with its report in one statement, so it is chained, checkpointed, verified,
 * exported and kept like every other record. Its actor is whoever reported it; details carry
 * the chain it was bound to (details.rootUser puts it on the user's trail). The records' ids go back
 * to the report, whose answer names them.
 */
@ApplicationScoped
public class ActionAuditObserver {

    private final AuditLog audit;
    private final ObjectMapper mapper;

    public ActionAuditObserver(AuditLog audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    void onRecordingChanged(@Observes @Priority(ObserverOrder.AUDIT) DecisionRecordingChanged e) {
        audit.append(AuditEntry.of(e.directoryId(), "authzen.settings.update")
                .target("Directory", e.directoryId())
                .cause(e.cause())
                .detail("recordDecisions", e.mode()));
    }

    void onActions(@Observes @Priority(ObserverOrder.AUDIT) ActionsRecorded e) {
        List<AuditEntry> records = new ArrayList<>(e.actions().size());
        for (RecordedAction a : e.actions()) {
            AuditEntry entry = AuditEntry.of(e.directoryId(), "agent.action")
                    .target("AgentAction", a.id())
                    .cause(e.cause())
                    .after(a.binding())
                    .detail("agent", a.agentId().toString())
                    .detail("action", a.action())
                    .detail("outcome", a.outcome())
                    .detail("occurredAt", a.occurredAt().toInstant().toString())
                    .detail("target", mapper.createObjectNode().put("type", a.targetType()).put("id", a.targetId()))
                    .detail("afterRevocation", a.afterRevocation() ? "true" : "false");
            if (a.credentialId() != null) {
                entry.detail("credential", a.credentialId().toString());
            }
            if (a.delegationId() != null) {
                entry.detail("delegation", a.delegationId().toString());
            }
            if (a.rootUserId() != null) {
                entry.detail("rootUser", a.rootUserId().toString());
            }
            ArrayNode chain = mapper.createArrayNode();
            a.chain().forEach(id -> chain.add(id.toString()));
            entry.detail("chain", chain);
            if (a.decisionId() != null) {
                entry.detail("decisionId", a.decisionId());
            }
            records.add(entry);
        }
        e.auditRecords().appended(audit.appendAllReturningIds(records));
    }
}
