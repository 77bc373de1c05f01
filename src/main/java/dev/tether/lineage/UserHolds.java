package dev.tether.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.directory.UserLifecycleEvent;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.ObserverOrder;
import dev.tether.platform.Transactions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Places, reads and clears {@link UserHold}s, and refuses grants and credentials for a held user.
 *
 * <p>Placing a hold takes the user's row FOR NO KEY UPDATE, which conflicts with the FOR SHARE
 * that grants and credential registrations take on every user above them ({@link DelegatorLocks}):
 * a grant in flight either commits first (and the cascade that follows the hold sees it) or waits
 * and then sees the hold.
 */
@ApplicationScoped
public class UserHolds {

    private static final String COLUMNS = "directory_id, user_id, reason, issuer, jti, source_id, cause, placed_at";

    private final LineageRows rows;
    private final Transactions transactions;
    private final Clock clock;
    private final Event<UserHoldChanged> changes;

    UserHolds(LineageRows rows, Transactions transactions, Clock clock, Event<UserHoldChanged> changes) {
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
        this.changes = changes;
    }

    /**
     * Puts the user on hold, on the caller's transaction; a hold already there is kept as it was
     * (the first signal says why). Returns false when the directory has no such user.
     */
    public boolean place(UUID directoryId, UUID userId, String reason, String issuer, String jti, UUID sourceId,
            Cause cause) throws SQLException {
        if (rows.query("SELECT id FROM users WHERE directory_id = ? AND id = ? FOR NO KEY UPDATE", rs -> 1,
                directoryId, userId).isEmpty()) {
            return false;
        }
        OffsetDateTime now = clock.now();
        int placed = rows.update("INSERT INTO user_holds (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (user_id) DO NOTHING", directoryId, userId, reason, issuer, jti, sourceId, cause.txn(), now);
        if (placed == 1) {
            changes.fire(new UserHoldChanged(new UserHold(directoryId, userId, reason, issuer, jti, sourceId,
                    cause.txn(), now), UserHoldChanged.Kind.PLACED, null, cause));
        }
        return true;
    }

    /** An operator's release; false when the user is not on hold. */
    public boolean release(UUID directoryId, UUID userId, Cause cause) {
        return transactions.run(() -> clear(directoryId, userId, "operator", cause));
    }

    public Optional<UserHold> find(UUID directoryId, UUID userId) {
        return transactions.run(() -> findIn(directoryId, userId));
    }

    /** Refuses (409, nothing changed) when the user is on hold. Call after the user's row is locked. */
    void refuseIfHeld(UUID directoryId, UUID userId) throws SQLException {
        Optional<UserHold> hold = findIn(directoryId, userId);
        if (hold.isPresent()) {
            throw LineageRefusal.conflict("user " + userId + " is on hold (" + hold.get().reason()
                    + "): nothing new is granted from them until their IdP confirms them active or an operator "
                    + "releases the hold");
        }
    }

    /**
     * The IdP's SCIM confirms an existing user active: the hold ends. A write that leaves the user
     * inactive keeps it (the leaver's cascade has already run; nothing more to do).
     */
    void onUserWrite(@Observes @Priority(ObserverOrder.REACT) UserLifecycleEvent event) {
        // A user created just now has no hold (user_holds.user_id references users): no round trip.
        if (event.before() == null || event.after() == null || !active(event.after())) {
            return;
        }
        try {
            clear(event.directoryId(), event.userId(), "scim", event.cause());
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static boolean active(JsonNode user) {
        JsonNode active = user.get("active");
        return active != null && active.isBoolean() && active.booleanValue();
    }

    private boolean clear(UUID directoryId, UUID userId, String how, Cause cause) throws SQLException {
        List<UserHold> removed = rows.query("DELETE FROM user_holds WHERE directory_id = ? AND user_id = ? RETURNING "
                + COLUMNS, UserHolds::hold, directoryId, userId);
        for (UserHold hold : removed) {
            changes.fire(new UserHoldChanged(hold, UserHoldChanged.Kind.RELEASED, how, cause));
        }
        return !removed.isEmpty();
    }

    private Optional<UserHold> findIn(UUID directoryId, UUID userId) throws SQLException {
        return rows.query("SELECT " + COLUMNS + " FROM user_holds WHERE directory_id = ? AND user_id = ?",
                UserHolds::hold, directoryId, userId).stream().findFirst();
    }

    private static UserHold hold(ResultSet rs) throws SQLException {
        return new UserHold(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class),
                rs.getObject(8, OffsetDateTime.class));
    }
}
