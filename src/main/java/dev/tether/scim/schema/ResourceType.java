package dev.tether.scim.schema;

import java.util.List;

/** A SCIM resource type (RFC 7643 §6): its endpoint, core schema and extensions. */
public record ResourceType(
        String id, String name, String endpoint, String description, String schema,
        List<SchemaExtension> schemaExtensions) {

    public ResourceType {
        schemaExtensions = schemaExtensions == null ? List.of() : List.copyOf(schemaExtensions);
    }

    public record SchemaExtension(String schema, boolean required) {
    }
}
