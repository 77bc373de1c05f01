package dev.tether.authz;

import dev.tether.platform.Cause;
import java.util.List;
import java.util.UUID;

/**
 * Fired inside the transaction that stored a report's actions: the audit trail records each,
 * the outbox publishes {@code agent.action_after_revocation} for those flagged.
 */
public record ActionsRecorded(UUID directoryId, List<RecordedAction> actions, Cause cause) {
}
