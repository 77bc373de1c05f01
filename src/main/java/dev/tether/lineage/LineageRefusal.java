package dev.tether.lineage;

/** A lineage write refused for a reason the caller can fix; nothing was changed. */
public class LineageRefusal extends RuntimeException {

    public enum Kind {
        /** The request itself is wrong (400). */
        INVALID,
        /** The request conflicts with the current state (409). */
        CONFLICT,
        /** What the path names does not exist in this directory (404). */
        NOT_FOUND
    }

    private final Kind kind;

    public LineageRefusal(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static LineageRefusal invalid(String detail) {
        return new LineageRefusal(Kind.INVALID, detail);
    }

    static LineageRefusal conflict(String detail) {
        return new LineageRefusal(Kind.CONFLICT, detail);
    }

    static LineageRefusal notFound(String detail) {
        return new LineageRefusal(Kind.NOT_FOUND, detail);
    }
}
