package dev.tether.lineage;

import dev.tether.platform.Cause;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Delegations narrowed to fewer scopes (a reviewer's decision, or a campaign's narrow-to-used
 * rule), fired synchronously inside the transaction that narrowed them, as one fact for all.
 */
public record DelegationNarrowed(Cause cause, List<Change> changes) {

    public DelegationNarrowed {
        changes = List.copyOf(changes);
    }

    /**
     * One delegation's new version.
     *
     * @param delegation as it is now (its new scopes and version)
     * @param oldScopes  what it granted before
     */
    public record Change(Delegation delegation, List<String> oldScopes, OffsetDateTime at, LineageContext context) {

        public Change {
            oldScopes = List.copyOf(oldScopes);
        }
    }
}
