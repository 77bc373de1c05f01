package dev.tether.scim.patch;

/**
 * A PATCH request that cannot be applied, with the RFC 7644 §3.12 {@code scimType} the API layer
 * returns with status 400.
 *
 * <p>Which type is used for what, so that callers see the same answer for the same mistake:
 * <ul>
 *   <li>{@code invalidSyntax}: the message itself is malformed (not a PatchOp, no Operations, unknown
 *       op, add/replace without a value, a no-path value that is not an object);</li>
 *   <li>{@code invalidPath}: the {@code path} is malformed or names no attribute of the schema;</li>
 *   <li>{@code invalidFilter}: the filter inside {@code [ ]} is malformed;</li>
 *   <li>{@code noTarget}: remove without a path, replace whose filter matches nothing;</li>
 *   <li>{@code mutability}: a readOnly attribute named by a path, an immutable value changed;</li>
 *   <li>{@code invalidValue}: a value that does not fit the schema (wrong type, unknown attribute or
 *       sub-attribute inside a value object, two primaries).</li>
 * </ul>
 */
public class PatchException extends RuntimeException {

    public static final String INVALID_SYNTAX = "invalidSyntax";
    public static final String INVALID_PATH = "invalidPath";
    public static final String NO_TARGET = "noTarget";
    public static final String MUTABILITY = "mutability";
    public static final String INVALID_VALUE = "invalidValue";
    public static final String INVALID_FILTER = "invalidFilter";

    private final String scimType;
    private final String detail;

    public PatchException(String scimType, String detail) {
        super(scimType + ": " + detail);
        this.scimType = scimType;
        this.detail = detail;
    }

    public static PatchException invalidSyntax(String detail) {
        return new PatchException(INVALID_SYNTAX, detail);
    }

    public static PatchException invalidPath(String detail) {
        return new PatchException(INVALID_PATH, detail);
    }

    public static PatchException noTarget(String detail) {
        return new PatchException(NO_TARGET, detail);
    }

    public static PatchException mutability(String detail) {
        return new PatchException(MUTABILITY, detail);
    }

    public static PatchException invalidValue(String detail) {
        return new PatchException(INVALID_VALUE, detail);
    }

    public static PatchException invalidFilter(String detail) {
        return new PatchException(INVALID_FILTER, detail);
    }

    /** The RFC 7644 §3.12 error keyword. */
    public String scimType() {
        return scimType;
    }

    /** Human-readable explanation for the error response's {@code detail}. */
    public String detail() {
        return detail;
    }

    /** The same error, its detail prefixed with the (1-based) operation it came from. */
    public PatchException inOperation(int index) {
        return new PatchException(scimType, "Operations[" + index + "]: " + detail);
    }
}
