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
     * the subject of a person signed in to the console), {@code signal_source}
     * (id = the source an incoming Security Event Token came through). Refused callers are
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

        public static Actor signalSource(UUID sourceId) {
            return new Actor("signal_source", sourceId.toString());
        }
    }

    /** A cause with no request behind it: a scheduled job, start-up, a test. */
    public static Cause system() {
        return new Cause(Actor.SYSTEM, null, null, null, UUID.randomUUID());
    }
}
