package dev.tether.authz;

import dev.tether.platform.Cause;
import java.util.List;
import java.util.UUID;

/**
 * Fired inside the transaction that stored a report's actions: the audit trail records each,
 * the outbox publishes {@code agent.action_after_revocation} for those flagged. The audit trail
 * hands back the ids of the records it appended ({@link AuditRecords}), so the report is answered
 * from memory rather than by reading its rows again.
 */
public record ActionsRecorded(UUID directoryId, List<RecordedAction> actions, Cause cause, AuditRecords auditRecords) {

    public ActionsRecorded(UUID directoryId, List<RecordedAction> actions, Cause cause) {
        this(directoryId, actions, cause, new AuditRecords());
    }

    /** The audit record of each action, in the actions' order; none until the audit trail has appended them. */
    public static final class AuditRecords {

        private List<Long> ids = List.of();

        public void appended(List<Long> idsInActionOrder) {
            this.ids = List.copyOf(idsInActionOrder);
        }

        /** The record of the action at {@code index}; null when none was appended. */
        Long of(int index) {
            return index < ids.size() ? ids.get(index) : null;
        }
    }
}
