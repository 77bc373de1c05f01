package dev.tether.scim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one SCIM operation, independent of HTTP plumbing so that single requests
 * and Bulk operations share it.
 *
 * @param version  the resource version for the ETag, or null (deletes, errors)
 * @param location absolute resource URI for Location headers, or null
 */
record ScimResult(int status, ObjectNode body, Long version, String location) {

    static ScimResult noContent() {
        return new ScimResult(204, null, null, null);
    }
}
