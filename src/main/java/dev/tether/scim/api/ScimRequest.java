package dev.tether.scim.api;

import dev.tether.platform.Cause;
import dev.tether.scim.patch.DialectRule;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking and where: the directory (already authenticated), the absolute SCIM base
 * URL of that directory for {@code meta.location}, the cause of everything this request makes
 * happen, and the IdP dialect rules the directory has left on.
 */
record ScimRequest(UUID directoryId, String baseUrl, Cause cause, Set<DialectRule> dialect) {

    String location(String endpoint, UUID id) {
        return baseUrl + endpoint + "/" + id;
    }
}
