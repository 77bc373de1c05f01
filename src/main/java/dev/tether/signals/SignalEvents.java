package dev.tether.signals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The event types the receiver knows (OpenID RISC, CAEP and SSF), by URI and by short name, and
 * what each does unless a source says otherwise. A SET must carry at least one of them.
 */
public final class SignalEvents {

    static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String SSF = "https://schemas.openid.net/secevent/ssf/event-type/";

    public static final String VERIFICATION = SSF + "verification";
    public static final String STREAM_UPDATED = SSF + "stream-updated";

    /** Revoke everything derived from the user (the leaver cascade) and put them on hold. */
    public static final String REVOKE = "revoke";
    /** Put the user on hold only: nothing new derives from them until SCIM confirms or an operator releases. */
    public static final String HOLD = "hold";
    /** Record the SET on the audit trail; no other effect. */
    public static final String RECORD = "record";
    public static final Set<String> ACTIONS = Set.of(REVOKE, HOLD, RECORD);

    /** Short name → default action, for every event about a subject the receiver knows. */
    static final Map<String, String> DEFAULT_ACTIONS;

    static {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("account-disabled", REVOKE);
        defaults.put("account-purged", REVOKE);
        defaults.put("credential-compromise", REVOKE);
        defaults.put("session-revoked", REVOKE);
        // revoked stays revoked, as for a rejoiner: an enabled account clears nothing by itself
        defaults.put("account-enabled", RECORD);
        defaults.put("account-credential-change-required", RECORD);
        defaults.put("identifier-changed", RECORD);
        defaults.put("identifier-recycled", RECORD);
        defaults.put("recovery-activated", RECORD);
        defaults.put("recovery-information-changed", RECORD);
        defaults.put("opt-out", RECORD);
        defaults.put("credential-change", RECORD);
        defaults.put("token-claims-change", RECORD);
        defaults.put("assurance-level-change", RECORD);
        defaults.put("device-compliance-change", RECORD);
        defaults.put("session-established", RECORD);
        defaults.put("session-presented", RECORD);
        defaults.put("risk-level-change", RECORD);
        DEFAULT_ACTIONS = Map.copyOf(defaults);
    }

    private static final Set<String> RISC_NAMES = Set.of("account-disabled", "account-purged", "account-enabled",
            "credential-compromise", "account-credential-change-required", "identifier-changed", "identifier-recycled",
            "recovery-activated", "recovery-information-changed", "opt-out");

    private SignalEvents() {
    }

    /** The short name of a subject event type this receiver knows ({@code account-disabled}); empty otherwise. */
    static Optional<String> subjectEventName(String uri) {
        String name;
        if (uri.startsWith(RISC)) {
            name = uri.substring(RISC.length());
            return RISC_NAMES.contains(name) ? Optional.of(name) : Optional.empty();
        }
        if (uri.startsWith(CAEP)) {
            name = uri.substring(CAEP.length());
            return DEFAULT_ACTIONS.containsKey(name) && !RISC_NAMES.contains(name) ? Optional.of(name) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Known at all: a subject event, or the stream's own verification and stream-updated. */
    static boolean known(String uri) {
        return uri.equals(VERIFICATION) || uri.equals(STREAM_UPDATED) || subjectEventName(uri).isPresent();
    }

    /** The URI of a subject event's short name, for the events a managed stream requests. */
    static String uri(String name) {
        return (RISC_NAMES.contains(name) ? RISC : CAEP) + name;
    }
}
