package dev.tether.scim.api;

import dev.tether.scim.patch.DialectRule;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking and where: the directory (already authenticated), the absolute SCIM base
 * URL of that directory for {@code meta.location}, and the cause id shared by everything
 * this request makes happen, and the IdP dialect rules the directory has left on.
 */
record ScimRequest(UUID directoryId, String baseUrl, UUID cause, Set<DialectRule> dialect) {

    String location(String endpoint, UUID id) {
        return baseUrl + endpoint + "/" + id;
    }
}
