package dev.tether.scim.schema;

/**
 * A request that does not fit the schema. Always an HTTP 400; {@link #scimType()} is the
 * RFC 7644 §3.12 error keyword and {@link #detail()} names the offending attribute.
 */
public final class ScimValidationException extends RuntimeException {

    public static final String INVALID_SYNTAX = "invalidSyntax";
    public static final String INVALID_VALUE = "invalidValue";
    public static final String MUTABILITY = "mutability";

    private final String scimType;
    private final String detail;

    public ScimValidationException(String scimType, String detail) {
        super(scimType + ": " + detail);
        this.scimType = scimType;
        this.detail = detail;
    }

    public static ScimValidationException invalidSyntax(String detail) {
        return new ScimValidationException(INVALID_SYNTAX, detail);
    }

    public static ScimValidationException invalidValue(String detail) {
        return new ScimValidationException(INVALID_VALUE, detail);
    }

    public static ScimValidationException mutability(String detail) {
        return new ScimValidationException(MUTABILITY, detail);
    }

    public String scimType() {
        return scimType;
    }

    public String detail() {
        return detail;
    }

    public int status() {
        return 400;
    }
}
