package dev.tether.scim.schema;

import java.util.List;
import java.util.Optional;

/** A SCIM schema (RFC 7643 §7): a URN and its top-level attributes. */
public record Schema(String id, String name, String description, List<AttributeDefinition> attributes) {

    public Schema {
        attributes = List.copyOf(attributes);
    }

    /** The top-level attribute with this name, compared case-insensitively. */
    public Optional<AttributeDefinition> attribute(String attributeName) {
        for (AttributeDefinition a : attributes) {
            if (a.name().equalsIgnoreCase(attributeName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
