package dev.tether.signals;

import dev.tether.platform.Cause;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Security Event Token accepted (verified, and not seen before), fired inside the transaction
 * that acts on it, before anything it sets off: the audit trail records it first, with the raw
 * SET as evidence, and the revocations it causes follow under the same txn.
 *
 * @param subject the subject identifier as received (RFC 9493), null if the SET named none
 * @param userId  the user it resolved to in the source's directory; null when unknown
 * @param actions event type URI → what was done: revoke, hold, record, verification, stream-updated, unknown
 */
public record SignalReceived(UUID directoryId, UUID sourceId, String issuer, String jti, String rawSet,
        Map<String, Object> subject, UUID userId, Map<String, String> actions, Cause cause) {

    public SignalReceived {
        actions = Map.copyOf(actions);
    }

    public List<String> eventTypes() {
        return List.copyOf(actions.keySet());
    }
}
