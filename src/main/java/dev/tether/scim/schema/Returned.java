package dev.tether.scim.schema;

/** RFC 7643 §7 "returned". */
public enum Returned {
    ALWAYS("always"),
    NEVER("never"),
    DEFAULT("default"),
    REQUEST("request");

    private final String wireName;

    Returned(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Returned fromWire(String name) {
        return WireNames.lookup(Returned.class, name, Returned::wireName);
    }
}
