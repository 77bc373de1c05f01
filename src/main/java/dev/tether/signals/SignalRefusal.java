package dev.tether.signals;

/**
 * A Security Event Token, or a source definition, refused; nothing was changed. For SETs the
 * {@code err} is an RFC 8935 §2.4 error code: invalid_request, invalid_key, invalid_issuer,
 * invalid_audience, authentication_failed, access_denied. For source definitions it is
 * {@code invalid} (the request is wrong) or {@code not_found}.
 */
public class SignalRefusal extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_KEY = "invalid_key";
    public static final String INVALID_ISSUER = "invalid_issuer";
    public static final String INVALID_AUDIENCE = "invalid_audience";
    public static final String AUTHENTICATION_FAILED = "authentication_failed";
    public static final String ACCESS_DENIED = "access_denied";
    /** A source definition the operator must fix (400). */
    public static final String INVALID = "invalid";
    /** Asked of a source that cannot do it in its state: not a managed stream, or paused (409). */
    public static final String CONFLICT = "conflict";
    /** The transmitter did not answer a call Tether made for the operator as it should (502). */
    public static final String TRANSMITTER_FAILED = "transmitter_failed";

    private final String err;
    /** The JSON Pointer of the faulty field of a source definition; null otherwise. */
    private final String pointer;

    public SignalRefusal(String err, String description) {
        this(err, description, null);
    }

    public SignalRefusal(String err, String description, String pointer) {
        super(description);
        this.err = err;
        this.pointer = pointer;
    }

    public String err() {
        return err;
    }

    public String description() {
        return getMessage();
    }

    public String pointer() {
        return pointer;
    }

    static SignalRefusal field(String pointer, String description) {
        return new SignalRefusal(INVALID, description, pointer);
    }
}
