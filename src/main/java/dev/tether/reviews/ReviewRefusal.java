package dev.tether.reviews;

/** A recertification request refused for a reason the caller can fix; nothing was changed. */
public class ReviewRefusal extends RuntimeException {

    public enum Kind {
        /** The request itself is wrong (400); {@code pointer} names the field when known. */
        INVALID,
        /** The one answering is not this item's reviewer (403). */
        NOT_THE_REVIEWER,
        /** The request conflicts with the current state: the item is decided, the delegation gone (409). */
        CONFLICT,
        /** What the path names does not exist in this directory (404). */
        NOT_FOUND
    }

    private final Kind kind;
    private final String pointer;

    ReviewRefusal(Kind kind, String pointer, String detail) {
        super(detail);
        this.kind = kind;
        this.pointer = pointer;
    }

    public Kind kind() {
        return kind;
    }

    /** A JSON Pointer into the request body, or null. */
    public String pointer() {
        return pointer;
    }

    static ReviewRefusal invalid(String pointer, String detail) {
        return new ReviewRefusal(Kind.INVALID, pointer, detail);
    }

    static ReviewRefusal notTheReviewer(String detail) {
        return new ReviewRefusal(Kind.NOT_THE_REVIEWER, null, detail);
    }

    static ReviewRefusal conflict(String detail) {
        return new ReviewRefusal(Kind.CONFLICT, null, detail);
    }

    static ReviewRefusal notFound(String detail) {
        return new ReviewRefusal(Kind.NOT_FOUND, null, detail);
    }
}
