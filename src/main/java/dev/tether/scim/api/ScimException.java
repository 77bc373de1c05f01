package dev.tether.scim.api;

/**
 * A failure to report to a SCIM client as an RFC 7644 §3.12 error: HTTP status, optional
 * {@code scimType} and a human-readable detail.
 */
public class ScimException extends RuntimeException {

    private final int status;
    private final String scimType;

    public ScimException(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    public String detail() {
        return getMessage();
    }

    public static ScimException badRequest(String scimType, String detail) {
        return new ScimException(400, scimType, detail);
    }

    public static ScimException notFound(String resourceType, String id) {
        return new ScimException(404, null, resourceType + " " + id + " not found");
    }

    public static ScimException conflict(String scimType, String detail) {
        return new ScimException(409, scimType, detail);
    }

    public static ScimException preconditionFailed() {
        return new ScimException(412, null, "The resource version does not match If-Match; fetch it again");
    }
}
