package dev.tether.scim.filter;

/**
 * A filter that cannot be parsed, exceeds a limit, or combines an attribute and operator that
 * have no meaning (RFC 7644 §3.12). The SCIM layer answers 400 with {@link #SCIM_TYPE}; the
 * message is the human detail.
 */
public class FilterException extends RuntimeException {

    public static final String SCIM_TYPE = "invalidFilter";

    public FilterException(String message) {
        super(message);
    }

    public String scimType() {
        return SCIM_TYPE;
    }
}
