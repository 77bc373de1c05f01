package dev.tether.directory;

import java.time.Instant;
import java.util.UUID;

/**
 * How one SCIM request of a directory ended, as its IdP saw it: method, the resource it named
 * (never the query or an id, which may hold personal data), status, and for errors the SCIM
 * error's scimType and detail.
 */
public record ScimRequestOutcome(UUID directoryId, Instant at, String method, String resource, int status,
                                 String scimType, String detail, String userAgent) {

    public boolean failed() {
        return status >= 400;
    }

    /** A GET that succeeded: what every IdP's "Test Connection" button sends. */
    public boolean read() {
        return "GET".equals(method) && status >= 200 && status < 300;
    }

    /** A user created or changed: the first of these is the first user the IdP pushed. */
    public boolean userWritten() {
        return "Users".equals(resource) && status >= 200 && status < 300
                && ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
    }
}
