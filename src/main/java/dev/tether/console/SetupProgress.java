package dev.tether.console;

import dev.tether.directory.ConnectionHealth;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * What the setup page tells the IT admin while it waits: from the directory's connection
 * health and the moment setup began (the page's token issued, or the link made), whether the
 * IdP has called since, and if its latest call failed, what to fix.
 *
 * @param state    waiting, connected (a read answered: the IdP's test), user-seen, or error
 * @param headline one sentence for the page's live region
 * @param fix      for an error, what to change in the IdP; else null
 */
@RegisterForReflection // serialised as the page's status JSON
public record SetupProgress(String state, String headline, String fix, Instant readAt, Instant userSeenAt,
                            Instant errorAt, Integer errorStatus, String errorScimType, String errorDetail) {

    public static final String WAITING = "waiting";
    public static final String CONNECTED = "connected";
    public static final String USER_SEEN = "user-seen";
    public static final String ERROR = "error";

    public static SetupProgress of(ConnectionHealth health, Instant since) {
        Instant readAt = after(health.lastReadAt(), since);
        Instant userAt = after(health.lastUserWriteAt(), since);
        Instant errorAt = after(health.lastErrorAt(), since);
        Instant success = userAt == null ? readAt : readAt == null || userAt.isAfter(readAt) ? userAt : readAt;
        if (errorAt != null && (success == null || !errorAt.isBefore(success))) {
            int status = health.lastErrorStatus() == null ? 0 : health.lastErrorStatus();
            return new SetupProgress(ERROR, "Tether received a request from your identity provider and refused it ("
                    + status + ").", fix(status, health.lastErrorScimType(), health.lastErrorDetail()), readAt, userAt,
                    errorAt, status, health.lastErrorScimType(), health.lastErrorDetail());
        }
        if (userAt != null) {
            return new SetupProgress(USER_SEEN, "It works: the first user arrived from your identity provider.", null,
                    readAt, userAt, null, null, null, null);
        }
        if (readAt != null) {
            return new SetupProgress(CONNECTED, "Connection tested: your identity provider reached Tether with the"
                    + " token. Now assign people and switch provisioning on; the first user will show here.", null,
                    readAt, null, null, null, null, null);
        }
        return new SetupProgress(WAITING, "Waiting for the first request from your identity provider.", null, null,
                null, null, null, null, null);
    }

    /** What the IT admin can change in their IdP for an error Tether answered. */
    static String fix(int status, String scimType, String detail) {
        String seen = detail == null ? "" : " Tether said: \"" + detail + "\"";
        return switch (status) {
            case 401 -> "The token was wrong, revoked or expired. Paste the token issued on this page again, whole"
                    + " (it starts with tether_), and check that the URL is this directory's SCIM base URL.";
            case 403 -> "The token is not allowed to do this. Issue a new token on this page and paste it again.";
            case 404 -> "The identity provider asked for something that is not there. Check the SCIM base URL is"
                    + " pasted exactly, with nothing such as /Users added after it." + seen;
            case 409 -> "A user or group with the same " + ("uniqueness".equals(scimType) ? "unique value" : "identity")
                    + " already exists in this directory. Make sure the IdP matches users on userName, or remove the"
                    + " duplicate." + seen;
            case 429 -> "Too many failed requests: wait a minute, correct the token, then test again.";
            case 400 -> "The request did not fit the SCIM schema" + (scimType == null ? "" : " (" + scimType + ")")
                    + ". Check the attribute mappings against the table on this page." + seen;
            default -> status >= 500
                    ? "Tether could not answer. This is not your setup's fault: try again in a minute, and if it"
                            + " repeats, tell whoever sent you this link the time it happened."
                    : "Check the attribute mappings and options against this page." + seen;
        };
    }

    private static Instant after(Instant at, Instant since) {
        return at != null && !at.isBefore(since) ? at : null;
    }
}
