package dev.tether.lineage;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a delegation or credential was revoked, as stored in revoke_reason and published: one of
 * Tether's own reasons, or {@code signal:<event>} when an incoming Security Event Token (an
 * IdP's account-disabled, say) set the cascade off.
 */
public record RevocationReason(String code) {

    public static final RevocationReason LEAVER = new RevocationReason("leaver");
    public static final RevocationReason MOVER = new RevocationReason("mover");
    public static final RevocationReason AGENT_DISABLED = new RevocationReason("agent_disabled");
    public static final RevocationReason EXPIRED = new RevocationReason("expired");
    public static final RevocationReason MANUAL = new RevocationReason("manual");
    /** A reviewer revoked it in a recertification campaign, or nobody answered and the campaign's rule is revoke. */
    public static final RevocationReason RECERTIFICATION = new RevocationReason("recertification");
    /** Its reviewBy passed with no approval. */
    public static final RevocationReason RECERTIFICATION_LAPSED = new RevocationReason("recertification-lapsed");

    /** Tether's own reasons, known before any signal arrives (metrics register them at start). */
    public static final List<RevocationReason> OWN = List.of(LEAVER, MOVER, AGENT_DISABLED, EXPIRED, MANUAL,
            RECERTIFICATION, RECERTIFICATION_LAPSED);

    /** The short event name of a signal reason: the last segment of an event type URI, as the CHECK allows. */
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public RevocationReason {
        Objects.requireNonNull(code, "code");
    }

    /** A cascade set off by an incoming signal, e.g. {@code signal:account-disabled}. */
    public static RevocationReason signal(String eventName) {
        if (!EVENT_NAME.matcher(eventName).matches()) {
            throw new IllegalArgumentException("not an event name: " + eventName);
        }
        return new RevocationReason("signal:" + eventName);
    }

    public boolean isSignal() {
        return code.startsWith("signal:");
    }

    @Override
    public String toString() {
        return code;
    }
}
