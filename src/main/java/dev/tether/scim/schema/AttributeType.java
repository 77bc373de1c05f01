package dev.tether.scim.schema;

/** SCIM attribute data types (RFC 7643 §2.3), with their wire names. */
public enum AttributeType {
    STRING("string"),
    BOOLEAN("boolean"),
    DECIMAL("decimal"),
    INTEGER("integer"),
    DATE_TIME("dateTime"),
    BINARY("binary"),
    REFERENCE("reference"),
    COMPLEX("complex");

    private final String wireName;

    AttributeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static AttributeType fromWire(String name) {
        return WireNames.lookup(AttributeType.class, name, AttributeType::wireName);
    }

    /** True for types whose values are compared as text (string, reference, binary). */
    public boolean isTextual() {
        return this == STRING || this == REFERENCE || this == BINARY;
    }
}
