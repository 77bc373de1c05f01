package dev.tether.scim.schema;

/**
 * One member of a group as a client named it: the member's {@code id} and, when given, its
 * resource type in canonical spelling ({@code User}, {@code Group} or {@code Agent}).
 */
public record MemberRef(String value, String type) {

    public MemberRef {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("member value is empty");
        }
    }
}
