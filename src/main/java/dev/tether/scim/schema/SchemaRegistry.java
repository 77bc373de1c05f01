package dev.tether.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas and resource types Tether serves, loaded from the JSON documents under
 * {@code scim/} on the classpath. Those documents are what {@code /Schemas} and
 * {@code /ResourceTypes} return, so what is advertised and what is enforced cannot drift.
 */
public final class SchemaRegistry {

    public static final String USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String AGENT_URN = "urn:ietf:params:scim:schemas:core:2.0:Agent";

    /** Classpath resources, in the order /Schemas and /ResourceTypes list them. */
    static final List<String> SCHEMA_FILES = List.of("User.json", "EnterpriseUser.json", "Group.json", "Agent.json");
    static final List<String> RESOURCE_TYPE_FILES = List.of("User.json", "Group.json", "Agent.json");

    private final Map<String, Schema> schemas = new LinkedHashMap<>();
    private final Map<String, ObjectNode> schemaDocuments = new LinkedHashMap<>();
    private final Map<String, ResourceType> resourceTypes = new LinkedHashMap<>();
    private final Map<String, ObjectNode> resourceTypeDocuments = new LinkedHashMap<>();
    private final Map<String, ResourceSchema> resourceSchemas = new LinkedHashMap<>();

    private SchemaRegistry() {
    }

    /** Loads the built-in schemas and resource types. */
    public static SchemaRegistry loadDefault(ObjectMapper mapper) {
        SchemaRegistry registry = new SchemaRegistry();
        for (String file : SCHEMA_FILES) {
            ObjectNode doc = read(mapper, "scim/schemas/" + file);
            Schema schema = parseSchema(doc);
            registry.schemas.put(key(schema.id()), schema);
            registry.schemaDocuments.put(key(schema.id()), doc);
        }
        for (String file : RESOURCE_TYPE_FILES) {
            ObjectNode doc = read(mapper, "scim/resource-types/" + file);
            ResourceType type = parseResourceType(doc);
            registry.resourceTypes.put(key(type.name()), type);
            registry.resourceTypeDocuments.put(key(type.name()), doc);
            Schema core = registry.require(type.schema());
            List<Schema> extensions = new ArrayList<>();
            for (ResourceType.SchemaExtension ext : type.schemaExtensions()) {
                extensions.add(registry.require(ext.schema()));
            }
            registry.resourceSchemas.put(key(type.name()), new ResourceSchema(type, core, extensions));
        }
        return registry;
    }

    /** An extension schema registered for one directory, for one resource type. */
    public record Extension(String resourceType, ObjectNode schemaDocument) {
    }

    /**
     * This registry plus a directory's own extension schemas: each is served in /Schemas, listed
     * in its resource type's {@code schemaExtensions} (not required) and validated, filtered and
     * patched like the enterprise extension. This registry is left as it is.
     */
    public SchemaRegistry withExtensions(List<Extension> extensions) {
        SchemaRegistry out = new SchemaRegistry();
        out.schemas.putAll(schemas);
        schemaDocuments.forEach((k, v) -> out.schemaDocuments.put(k, v.deepCopy()));
        resourceTypeDocuments.forEach((k, v) -> out.resourceTypeDocuments.put(k, v.deepCopy()));
        Map<String, List<Schema>> added = new LinkedHashMap<>();
        for (Extension ext : extensions) {
            Schema schema = parseSchema(ext.schemaDocument());
            if (out.schemas.putIfAbsent(key(schema.id()), schema) != null) {
                continue; // a built-in schema always wins
            }
            out.schemaDocuments.put(key(schema.id()), ext.schemaDocument().deepCopy());
            ObjectNode typeDoc = out.resourceTypeDocuments.get(key(ext.resourceType()));
            if (typeDoc == null) {
                continue;
            }
            ObjectNode entry = typeDoc.withArray("schemaExtensions").addObject();
            entry.put("schema", schema.id());
            entry.put("required", false);
            added.computeIfAbsent(key(ext.resourceType()), k -> new ArrayList<>()).add(schema);
        }
        for (Map.Entry<String, ResourceType> e : resourceTypes.entrySet()) {
            ResourceSchema base = resourceSchemas.get(e.getKey());
            List<Schema> more = added.getOrDefault(e.getKey(), List.of());
            if (more.isEmpty()) {
                out.resourceTypes.put(e.getKey(), e.getValue());
                out.resourceSchemas.put(e.getKey(), base);
                continue;
            }
            ResourceType type = parseResourceType(out.resourceTypeDocuments.get(e.getKey()));
            List<Schema> all = new ArrayList<>(base.extensions());
            all.addAll(more);
            out.resourceTypes.put(e.getKey(), type);
            out.resourceSchemas.put(e.getKey(), new ResourceSchema(type, base.core(), all));
        }
        return out;
    }

    private Schema require(String urn) {
        Schema s = schemas.get(key(urn));
        if (s == null) {
            throw new IllegalStateException("resource type names unknown schema " + urn);
        }
        return s;
    }

    public Optional<Schema> schema(String urn) {
        return Optional.ofNullable(schemas.get(key(urn)));
    }

    public Collection<Schema> schemas() {
        return Collections.unmodifiableCollection(schemas.values());
    }

    /** The JSON document of a schema exactly as loaded (without {@code meta}). */
    public Optional<ObjectNode> schemaDocument(String urn) {
        return Optional.ofNullable(schemaDocuments.get(key(urn))).map(ObjectNode::deepCopy);
    }

    public List<ObjectNode> schemaDocuments() {
        return schemaDocuments.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** The resource types, in the order /ResourceTypes lists them. */
    public Collection<ResourceType> resourceTypes() {
        return Collections.unmodifiableCollection(resourceTypes.values());
    }

    public Optional<ResourceType> resourceType(String name) {
        return Optional.ofNullable(resourceTypes.get(key(name)));
    }

    public Optional<ObjectNode> resourceTypeDocument(String name) {
        return Optional.ofNullable(resourceTypeDocuments.get(key(name))).map(ObjectNode::deepCopy);
    }

    public List<ObjectNode> resourceTypeDocuments() {
        return resourceTypeDocuments.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** The combined attribute view of a resource type ("User", "Group"). */
    public ResourceSchema resourceSchema(String resourceTypeName) {
        ResourceSchema rs = resourceSchemas.get(key(resourceTypeName));
        if (rs == null) {
            throw new IllegalArgumentException("unknown resource type " + resourceTypeName);
        }
        return rs;
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static ObjectNode read(ObjectMapper mapper, String resource) {
        try (InputStream in = SchemaRegistry.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schema parseSchema(JsonNode doc) {
        List<AttributeDefinition> attrs = new ArrayList<>();
        for (JsonNode a : doc.path("attributes")) {
            attrs.add(parseAttribute(a));
        }
        return new Schema(doc.path("id").asText(), doc.path("name").asText(null),
                doc.path("description").asText(null), attrs);
    }

    static AttributeDefinition parseAttribute(JsonNode a) {
        List<AttributeDefinition> subs = new ArrayList<>();
        for (JsonNode s : a.path("subAttributes")) {
            subs.add(parseAttribute(s));
        }
        return new AttributeDefinition(
                a.path("name").asText(),
                AttributeType.fromWire(a.path("type").asText("string")),
                a.path("multiValued").asBoolean(false),
                a.path("description").asText(null),
                a.path("required").asBoolean(false),
                a.path("caseExact").asBoolean(false),
                Mutability.fromWire(a.path("mutability").asText("readWrite")),
                Returned.fromWire(a.path("returned").asText("default")),
                Uniqueness.fromWire(a.path("uniqueness").asText("none")),
                strings(a.path("canonicalValues")),
                strings(a.path("referenceTypes")),
                subs);
    }

    static ResourceType parseResourceType(JsonNode doc) {
        List<ResourceType.SchemaExtension> exts = new ArrayList<>();
        for (JsonNode e : doc.path("schemaExtensions")) {
            exts.add(new ResourceType.SchemaExtension(e.path("schema").asText(), e.path("required").asBoolean(false)));
        }
        return new ResourceType(doc.path("id").asText(), doc.path("name").asText(), doc.path("endpoint").asText(),
                doc.path("description").asText(null), doc.path("schema").asText(), exts);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }
}
