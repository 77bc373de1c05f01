package dev.tether.scim.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about the attributes of one resource type: the common attributes
 * (RFC 7643 §3.1: id, externalId, meta), its core schema, and its extension schemas.
 */
public final class ResourceSchema {

    public static final String META_RESOURCE_TYPE = "resourceType";

    private final ResourceType resourceType;
    private final Schema core;
    private final List<Schema> extensions;

    public ResourceSchema(ResourceType resourceType, Schema core, List<Schema> extensions) {
        this.resourceType = resourceType;
        this.core = core;
        this.extensions = List.copyOf(extensions);
    }

    public ResourceType resourceType() {
        return resourceType;
    }

    public Schema core() {
        return core;
    }

    public List<Schema> extensions() {
        return extensions;
    }

    /** Core first, then extensions. */
    public List<Schema> allSchemas() {
        List<Schema> all = new ArrayList<>(extensions.size() + 1);
        all.add(core);
        all.addAll(extensions);
        return all;
    }

    /** The schema (core or extension) with this URN, compared case-insensitively. */
    public Optional<Schema> schema(String urn) {
        for (Schema s : allSchemas()) {
            if (s.id().equalsIgnoreCase(urn)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public Optional<Schema> extension(String urn) {
        for (Schema s : extensions) {
            if (s.id().equalsIgnoreCase(urn)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The common attribute (id, externalId, meta) with this name. */
    public static Optional<AttributeDefinition> common(String name) {
        for (AttributeDefinition a : CommonAttributes.ALL) {
            if (a.name().equalsIgnoreCase(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves the top-level attribute a path names. An unqualified name is looked up among the
     * common attributes, then the core schema, then (leniently, as IdPs rely on it) the
     * extensions; a URN-qualified name only in the schema that URN names.
     */
    public Optional<Resolved> resolve(AttributePath path) {
        if (path.schemaUrn() != null) {
            Optional<Schema> schema = schema(path.schemaUrn());
            if (schema.isEmpty()) {
                return Optional.empty();
            }
            if (schema.get() == core) {
                Optional<AttributeDefinition> c = common(path.attribute());
                if (c.isPresent()) {
                    return Optional.of(new Resolved(null, c.get()));
                }
            }
            return schema.get().attribute(path.attribute()).map(a -> new Resolved(schema.get(), a));
        }
        Optional<AttributeDefinition> c = common(path.attribute());
        if (c.isPresent()) {
            return Optional.of(new Resolved(null, c.get()));
        }
        Optional<AttributeDefinition> a = core.attribute(path.attribute());
        if (a.isPresent()) {
            return Optional.of(new Resolved(core, a.get()));
        }
        for (Schema ext : extensions) {
            Optional<AttributeDefinition> e = ext.attribute(path.attribute());
            if (e.isPresent()) {
                return Optional.of(new Resolved(ext, e.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The definition a full path names: the attribute, or its sub-attribute when the path has one.
     */
    public Optional<AttributeDefinition> definition(AttributePath path) {
        Optional<Resolved> r = resolve(path);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        if (path.subAttribute() == null) {
            return Optional.of(r.get().attribute());
        }
        return r.get().attribute().subAttribute(path.subAttribute());
    }

    /**
     * An attribute found for a path, and the schema that holds it: null for the common
     * attributes, which live at the top level of every resource.
     */
    public record Resolved(Schema schema, AttributeDefinition attribute) {

        /** True when the attribute lives inside its extension's object in the resource JSON. */
        public boolean inExtension(ResourceSchema owner) {
            return schema != null && schema != owner.core;
        }
    }
}
