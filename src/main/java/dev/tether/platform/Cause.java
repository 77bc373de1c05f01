package dev.tether.platform;

import java.util.Objects;
import java.util.UUID;

/**
 * Why something happens: who acted, the request that asked (its id, method and path; none for a
 * job), and the {@code txn} that every fact it causes shares, in the outbox, the audit trail
 * and the revocation columns alike. The edge makes one per request or job run and passes it
 * down; nothing below the edge reads the HTTP request.
 */
public record Cause(Actor actor, String requestId, String method, String path, UUID txn) {

    public Cause {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(txn, "txn");
    }

    /**
     * Who acted. Types: {@code scim_token} (id = token id), {@code admin} (JWT subject),
     * {@code system} (Tether itself: jobs, and what a change sets off), {@code console} (id =
     * the subject of a person signed in to the console), {@code link} (id = a time-limited link
     * through which someone without an account acted, such as a customer's IT admin), {@code signal_source}
     * (id = the source an incoming Security Event Token came through), {@code user} (id = a
     * directory user answering as the reviewer of a delegation). Refused callers are
     * counted as {@code anonymous} by the audit trail's failed-authentication summary.
     */
    public record Actor(String type, String id) {
        public static final Actor SYSTEM = new Actor("system", null);

        public static Actor scimToken(UUID tokenId) {
            return new Actor("scim_token", tokenId.toString());
        }

        public static Actor admin(String jwtSubject) {
            return new Actor("admin", jwtSubject);
        }

        /** A person signed in to the console (id = their IdP subject; the sign-in record names them). */
        public static Actor console(String subject) {
            return new Actor("console", subject);
        }

        /** Whoever holds a time-limited link, acting through it (they have no account of their own). */
        public static Actor link(UUID linkId) {
            return new Actor("link", linkId.toString());
        }

        /** A person of the directory answering for a delegation in a recertification campaign (id = their user id). */
        public static Actor reviewer(UUID userId) {
            return new Actor("user", userId.toString());
        }

        public static Actor signalSource(UUID sourceId) {
            return new Actor("signal_source", sourceId.toString());
        }
    }

    /** The same request and txn, acted by {@code other}: a page that knows better who acts than the edge did. */
    public Cause actedBy(Actor other) {
        return new Cause(other, requestId, method, path, txn);
    }

    /** A cause with no request behind it: a scheduled job, start-up, a test. */
    public static Cause system() {
        return new Cause(Actor.SYSTEM, null, null, null, UUID.randomUUID());
    }
}
