package dev.tether.lineage;

import java.util.Locale;

/** Why a delegation or credential was revoked, as stored in revoke_reason and published. */
public enum RevocationReason {
    LEAVER, MOVER, AGENT_DISABLED, EXPIRED, MANUAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
