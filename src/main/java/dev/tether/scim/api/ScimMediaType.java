package dev.tether.scim.api;

/** Media types of RFC 7644 §3.1 and the SCIM message URNs. */
public final class ScimMediaType {

    public static final String SCIM_JSON = "application/scim+json";
    public static final String SCIM_JSON_UTF8 = "application/scim+json; charset=utf-8";

    public static final String ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String LIST_RESPONSE_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String SEARCH_REQUEST_URN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    public static final String BULK_REQUEST_URN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public static final String BULK_RESPONSE_URN = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    private ScimMediaType() {
    }
}
