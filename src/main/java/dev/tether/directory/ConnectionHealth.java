package dev.tether.directory;

import java.time.Instant;
import java.util.UUID;

/**
 * What a directory's IdP connection has done: SCIM requests and errors answered so far, the
 * last request, the last successful read and user write, and the last error with the SCIM
 * error it was answered with. All times null until the IdP has sent such a request.
 */
public record ConnectionHealth(UUID directoryId, long requests, long errors,
                               Instant lastRequestAt, String lastMethod, String lastResource, Integer lastStatus,
                               String lastUserAgent, Instant lastReadAt, Instant lastUserWriteAt,
                               Instant lastErrorAt, String lastErrorMethod, String lastErrorResource,
                               Integer lastErrorStatus, String lastErrorScimType, String lastErrorDetail) {

    /** A directory whose IdP has not called yet. */
    public static ConnectionHealth none(UUID directoryId) {
        return new ConnectionHealth(directoryId, 0, 0, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
