package dev.tether.scim.patch;

/**
 * A group member named by a PATCH: the member's id and, when the client said, its resource type
 * (canonical spelling: "User", "Group" or "Agent"); {@code type} is null when not given.
 */
public record MemberRef(String value, String type) {

    public MemberRef {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("member value is required");
        }
    }
}
