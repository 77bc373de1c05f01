package dev.tether.scim.api;

import dev.tether.platform.Cause;
import dev.tether.scim.patch.DialectRule;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking and where: the directory (already authenticated), the absolute SCIM base
 * URL of that directory for {@code meta.location}, the cause of everything this request makes
 * happen, the IdP dialect rules the directory has left on, the schemas in force for the directory
 * (built-in plus its registered extensions) and whether it ignores attributes no schema defines.
 */
record ScimRequest(UUID directoryId, String baseUrl, Cause cause, Set<DialectRule> dialect,
        ScimProtocol.Schemas schemas, boolean ignoreUnknownAttributes) {

    String location(String endpoint, UUID id) {
        return baseUrl + endpoint + "/" + id;
    }
}
