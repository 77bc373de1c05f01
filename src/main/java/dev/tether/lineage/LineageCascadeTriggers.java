package dev.tether.lineage;

import dev.tether.directory.Lifecycle;
import dev.tether.directory.MembershipEvent;
import dev.tether.directory.UserLifecycleEvent;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.ObserverOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;

/**
 * Where directory writes start cascades. The directory fires its classifications
 * synchronously inside the write's transaction; observing them here keeps the directory
 * unaware of lineage while the revocation still commits (or rolls back) with the write.
 */
@ApplicationScoped
class LineageCascadeTriggers {

    private final CascadeRevocation cascade;
    private final AgentDirectory agents;

    LineageCascadeTriggers(CascadeRevocation cascade, AgentDirectory agents) {
        this.cascade = cascade;
        this.agents = agents;
    }

    /**
     * A leaver (deactivated by any PUT/PATCH dialect, or deleted) loses everything it delegated;
     * a deleted user also leaves the owners of the agents that named them.
     */
    void onUserLifecycle(@Observes @Priority(ObserverOrder.REACT) UserLifecycleEvent event) {
        if (event.lifecycle() != Lifecycle.LEAVER) {
            return;
        }
        try {
            // the user's SCIM write holds its row locked until commit
            cascade.revokeFromLockedUser(event.directoryId(), event.userId(), RevocationReason.LEAVER, event.cause());
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        if (event.after() == null) {
            agents.forgetOwner(event.directoryId(), event.userId(), event.cause());
        }
    }

    /**
     * A mover: when members leave a group (or the group, or a nested group, goes), delegations
     * whose basis names that group or a group above it are re-checked. Additions cannot
     * invalidate a basis, so they cost nothing.
     */
    void onMembership(@Observes @Priority(ObserverOrder.REACT) MembershipEvent event) {
        if (event.removed().isEmpty() && !event.groupDeleted()) {
            return;
        }
        try {
            cascade.revokeLostBasis(event.directoryId(), event.groupId(), event.cause());
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
