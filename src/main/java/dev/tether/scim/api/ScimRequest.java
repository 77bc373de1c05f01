package dev.tether.scim.api;

import dev.tether.platform.Cause;
import java.util.UUID;

/**
 * Who is asking and where: the directory (already authenticated), the absolute SCIM base
 * URL of that directory for {@code meta.location}, and the cause of everything this request
 * makes happen.
 */
record ScimRequest(UUID directoryId, String baseUrl, Cause cause) {

    String location(String endpoint, UUID id) {
        return baseUrl + endpoint + "/" + id;
    }
}
