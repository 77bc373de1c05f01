package dev.tether.lineage;

import dev.tether.platform.Cause;

/**
 * Fired inside the transaction that placed or cleared a {@link UserHold}, so the audit trail
 * records it with the change. {@code released} says how a hold ended: {@code scim} (the IdP
 * confirmed the user active) or {@code operator}; null when the hold was placed.
 */
public record UserHoldChanged(UserHold hold, Kind kind, String released, Cause cause) {

    public enum Kind {
        PLACED, RELEASED
    }
}
