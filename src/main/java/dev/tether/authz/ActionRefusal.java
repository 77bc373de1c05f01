package dev.tether.authz;

/**
 * A report of actions refused as a whole, changing nothing. {@code pointer} is a JSON Pointer
 * into the report's body; {@code conflict} marks an Idempotency-Key reused with another body.
 */
public class ActionRefusal extends RuntimeException {

    private final String pointer;
    private final boolean conflict;

    ActionRefusal(String pointer, String message, boolean conflict) {
        super(message);
        this.pointer = pointer;
        this.conflict = conflict;
    }

    public static ActionRefusal at(String pointer, String message) {
        return new ActionRefusal(pointer, message, false);
    }

    public String pointer() {
        return pointer;
    }

    public boolean conflict() {
        return conflict;
    }
}
