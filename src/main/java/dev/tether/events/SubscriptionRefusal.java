package dev.tether.events;

/** A change to a subscription refused for a reason the caller can fix; nothing was changed. */
public class SubscriptionRefusal extends RuntimeException {

    public enum Kind {
        /** A field of the change is wrong (400); {@link #pointer} says which. */
        INVALID,
        /** The change does not fit the subscription (409), e.g. rotating the secret of an SSF one. */
        CONFLICT,
        /** No such subscription, or no such delivery of it (404). */
        NOT_FOUND
    }

    private final Kind kind;
    private final String pointer;

    public SubscriptionRefusal(Kind kind, String pointer, String detail) {
        super(detail);
        this.kind = kind;
        this.pointer = pointer;
    }

    static SubscriptionRefusal invalid(String pointer, String detail) {
        return new SubscriptionRefusal(Kind.INVALID, pointer, detail);
    }

    static SubscriptionRefusal notFound(String detail) {
        return new SubscriptionRefusal(Kind.NOT_FOUND, null, detail);
    }

    static SubscriptionRefusal conflict(String detail) {
        return new SubscriptionRefusal(Kind.CONFLICT, null, detail);
    }

    public Kind kind() {
        return kind;
    }

    /** The JSON Pointer of the refused field ("/url", "/eventTypes/2"); null when it is no one field. */
    public String pointer() {
        return pointer;
    }
}
