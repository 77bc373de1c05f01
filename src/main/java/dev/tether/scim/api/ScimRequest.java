package dev.tether.scim.api;

import java.util.UUID;

/**
 * Who is asking and where: the directory (already authenticated), the absolute SCIM base
 * URL of that directory for {@code meta.location}, and the cause id shared by everything
 * this request makes happen.
 */
record ScimRequest(UUID directoryId, String baseUrl, UUID cause) {

    String location(String endpoint, UUID id) {
        return baseUrl + endpoint + "/" + id;
    }
}
