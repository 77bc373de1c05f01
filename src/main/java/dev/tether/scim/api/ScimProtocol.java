package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.DirectoryExtensions;
import dev.tether.directory.ResourceQuery;
import dev.tether.directory.TableMappings;
import dev.tether.platform.ScimLimits;
import dev.tether.scim.filter.FilterEvaluator;
import dev.tether.scim.filter.FilterException;
import dev.tether.scim.filter.FilterLimits;
import dev.tether.scim.filter.FilterParser;
import dev.tether.scim.filter.SqlFragment;
import dev.tether.scim.filter.SqlMapping;
import dev.tether.scim.filter.SqlTranslator;
import dev.tether.scim.patch.DialectRule;
import dev.tether.scim.patch.IdpDialect;
import dev.tether.scim.patch.MemberChange;
import dev.tether.scim.patch.MembershipPatch;
import dev.tether.scim.patch.PatchEngine;
import dev.tether.scim.patch.PatchException;
import dev.tether.scim.patch.PatchOperation;
import dev.tether.scim.patch.PatchRequest;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.MemberRef;
import dev.tether.scim.schema.Projection;
import dev.tether.scim.schema.ResourceDocuments;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.SchemaRegistry;
import dev.tether.scim.schema.ScimValidationException;
import dev.tether.scim.schema.UnknownAttributes;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the plain-Java protocol packages (schema, filter, patch) meet the server: one place
 * that validates documents, applies PATCH requests, translates list queries to SQL and
 * projects responses, for each resource type.
 */
@ApplicationScoped
public class ScimProtocol {

    /** The metric of attributes dropped under the {@code ignore} policy, by directory and schema URN. */
    static final String DROPPED_METRIC = "tether_scim_dropped_attributes_total";

    private final SchemaRegistry registry;
    private final ResourceSchema users;
    private final ResourceSchema groups;
    private final ResourceSchema agents;
    private final Schemas global;
    private final DirectoryExtensions extensions;
    private final MeterRegistry meters;
    /**
     * The schemas of directories that registered extensions, with the schema version they were
     * loaded at. A request whose token read another version reloads them: that is how this
     * replica learns of a change made through any replica's admin API.
     */
    private final Map<UUID, Schemas> perDirectory = new ConcurrentHashMap<>();
    /** Reads filters as Entra sends them too (bare-word values): {@link DialectRule#UNQUOTED_FILTER_VALUES}. */
    private final FilterParser filters;
    /** Reads only what RFC 7644 §3.4.2.2 allows, for directories that switched that rule off. */
    private final FilterParser strictFilters;
    /** tether.scim.max-string-length */
    private final int maxStringLength;
    /** Keyed by identity (ResourceSchema keeps Object's equals): the global ones and each cached directory's. */
    private final Map<ResourceSchema, PerType> types = new ConcurrentHashMap<>();

    /** The schemas in force for one directory: the built-in ones plus its registered extensions. */
    public record Schemas(SchemaRegistry registry, ResourceSchema users, ResourceSchema groups, ResourceSchema agents,
            long version) {

        static Schemas of(SchemaRegistry registry, long version) {
            return new Schemas(registry, registry.resourceSchema("User"), registry.resourceSchema("Group"),
                    registry.resourceSchema("Agent"), version);
        }

        List<ResourceSchema> all() {
            return List.of(users, groups, agents);
        }
    }

    /** Everything the protocol needs per resource type, built once. */
    private record PerType(FilterEvaluator evaluator, SqlTranslator sql, PatchEngine patch, IdpDialect dialect) {
    }

    /**
     * A parsed and normalised PATCH request for the stored document, and the attributes left out
     * of it because no schema defines them (only under the directory's {@code ignore} policy).
     */
    public record Patch(List<PatchOperation> operations, List<UnknownAttributes.Dropped> dropped) {
    }

    /**
     * A group PATCH split into member changes and the rest, which edits the document. The member
     * changes are the patch package's; {@link MemberRowChanges} turns them into the directory's
     * row changes.
     */
    public record GroupPatch(Patch document, List<MemberChange> memberChanges) {
    }

    ScimProtocol(ObjectMapper mapper, ScimLimits limits, DirectoryExtensions extensions, MeterRegistry meters) {
        this.extensions = extensions;
        this.meters = meters;
        this.registry = SchemaRegistry.loadDefault(mapper);
        this.users = registry.resourceSchema("User");
        this.groups = registry.resourceSchema("Group");
        this.agents = registry.resourceSchema("Agent");
        FilterLimits filterLimits = new FilterLimits(limits.filterMaxLength(), limits.filterMaxDepth());
        this.filters = new FilterParser(filterLimits);
        this.strictFilters = new FilterParser(filterLimits, false);
        this.global = Schemas.of(registry, 0);
        this.maxStringLength = limits.maxStringLength();
        register(global);
    }

    private void register(Schemas schemas) {
        types.putIfAbsent(schemas.users(), perType(schemas.users(), TableMappings.users()));
        types.putIfAbsent(schemas.groups(), perType(schemas.groups(), TableMappings.groups()));
        types.putIfAbsent(schemas.agents(), perType(schemas.agents(), TableMappings.agents()));
    }

    /**
     * The schemas in force for a directory whose token read {@code version}. Version 0 (never
     * changed) costs nothing; otherwise the cached schemas serve until the version read with the
     * token differs, then they are loaded once again (one query).
     */
    Schemas schemas(UUID directoryId, long version) {
        if (version == 0) {
            return global;
        }
        Schemas cached = perDirectory.get(directoryId);
        if (cached != null && cached.version() == version) {
            return cached;
        }
        Optional<DirectoryExtensions.Snapshot> snapshot = extensions.snapshot(directoryId);
        if (snapshot.isEmpty()) {
            return global;
        }
        Schemas loaded;
        if (snapshot.get().extensions().isEmpty()) {
            loaded = new Schemas(registry, users, groups, agents, snapshot.get().version());
        } else {
            List<SchemaRegistry.Extension> exts = new ArrayList<>();
            for (DirectoryExtensions.StoredExtension e : snapshot.get().extensions()) {
                exts.add(new SchemaRegistry.Extension(e.resourceType(), e.schema()));
            }
            loaded = Schemas.of(registry.withExtensions(exts), snapshot.get().version());
            register(loaded);
        }
        Schemas previous = perDirectory.put(directoryId, loaded);
        if (previous != null && previous.registry() != registry) {
            previous.all().forEach(rs -> {
                if (rs != users && rs != groups && rs != agents && !loaded.all().contains(rs)) {
                    types.remove(rs);
                }
            });
        }
        return loaded;
    }

    /** Forgets what was cached for a directory, so that its next request loads its schemas again. */
    public void forget(UUID directoryId) {
        perDirectory.remove(directoryId);
    }

    private PerType perTypeOf(ResourceSchema schema) {
        PerType t = types.get(schema);
        if (t == null) {
            // cached schemas replaced while a request held them: build what it needs once more
            t = perType(schema, switch (schema.resourceType().name()) {
                case "User" -> TableMappings.users();
                case "Group" -> TableMappings.groups();
                default -> TableMappings.agents();
            });
        }
        return t;
    }

    /**
     * Under the directory's {@code ignore} policy, a resource body without the attributes no
     * schema defines; under {@code reject}, the body as it is (the validator refuses them).
     */
    UnknownAttributes.Stripped withoutUnknown(ScimRequest request, ResourceSchema schema, JsonNode body) {
        if (!request.ignoreUnknownAttributes()) {
            return new UnknownAttributes.Stripped(body, List.of());
        }
        return UnknownAttributes.fromResource(schema, body);
    }

    /** Counts dropped attributes by directory and schema URN, once the write that dropped them succeeded. */
    void countDropped(ScimRequest request, List<UnknownAttributes.Dropped> dropped) {
        for (UnknownAttributes.Dropped d : dropped) {
            meters.counter(DROPPED_METRIC, "directory", request.directoryId().toString(), "schema", d.schemaUrn())
                    .increment();
        }
    }

    /** The dropped attributes' paths, as the audit record lists them. */
    static List<String> paths(List<UnknownAttributes.Dropped> dropped) {
        return dropped.stream().map(UnknownAttributes.Dropped::path).distinct().toList();
    }

    private PerType perType(ResourceSchema schema, SqlMapping mapping) {
        FilterEvaluator evaluator = new FilterEvaluator(schema);
        // PATCH value paths (emails[type eq "work"]) use the same evaluator as in-memory list filters
        return new PerType(evaluator, new SqlTranslator(schema, mapping),
                new PatchEngine(schema, evaluator), new IdpDialect(schema, filters));
    }

    /** The filter reader for a request under these dialect rules. */
    private FilterParser filters(Set<DialectRule> dialect) {
        return dialect.contains(DialectRule.UNQUOTED_FILTER_VALUES) ? filters : strictFilters;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public ResourceSchema users() {
        return users;
    }

    public ResourceSchema groups() {
        return groups;
    }

    public ResourceSchema agents() {
        return agents;
    }

    ObjectNode documentForCreate(ResourceSchema schema, JsonNode body) {
        return storable(ResourceDocuments.forCreate(schema, body));
    }

    ObjectNode documentForReplace(ResourceSchema schema, JsonNode body, ObjectNode existing) {
        return storable(ResourceDocuments.forReplace(schema, body, existing));
    }

    /**
     * The document, once every string in it fits: at most {@code tether.scim.max-string-length}
     * characters, and an attribute kept in an indexed column at most
     * {@link ScimLimits#INDEXED_VALUE_MAX_BYTES} bytes of UTF-8 (lower-cased too, as the
     * case-insensitive indexes hold it). Otherwise {@code invalidValue}, before the database sees it.
     */
    private ObjectNode storable(ObjectNode document) {
        checkLengths(document, "");
        for (String indexed : INDEXED) {
            JsonNode value = document.get(indexed);
            if (value != null && value.isTextual()) {
                checkIndexable(indexed, value.textValue());
            }
        }
        for (JsonNode email : document.path("emails")) {
            if (email.path("value").isTextual()) {
                checkIndexable("emails.value", email.get("value").textValue());
            }
        }
        return document;
    }

    /** Top-level attributes the tables keep in indexed columns (directory/TableMappings). */
    private static final List<String> INDEXED = List.of("userName", "name", "externalId", "displayName");

    private void checkLengths(JsonNode node, String label) {
        if (node.isTextual()) {
            int length = node.textValue().codePointCount(0, node.textValue().length());
            if (length > maxStringLength) {
                throw ScimException.badRequest("invalidValue", "attribute '" + label + "' is " + length
                        + " characters long; the limit is " + maxStringLength);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkLengths(node.get(i), label + "[" + i + "]");
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> checkLengths(f.getValue(),
                    label.isEmpty() ? f.getKey() : label + "." + f.getKey()));
        }
    }

    private static void checkIndexable(String attribute, String value) {
        int bytes = Math.max(value.getBytes(StandardCharsets.UTF_8).length,
                value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8).length);
        if (bytes > ScimLimits.INDEXED_VALUE_MAX_BYTES) {
            throw ScimException.badRequest("invalidValue", "attribute '" + attribute + "' is " + bytes
                    + " bytes long in UTF-8; the limit for an indexed attribute is " + ScimLimits.INDEXED_VALUE_MAX_BYTES);
        }
    }

    /** The members a group body lists (POST, PUT), as the client named them. */
    List<MemberRef> requestedMembers(JsonNode body) {
        return ResourceDocuments.members(groups, body);
    }

    /**
     * Reads a PATCH body and rewrites the IdP quirks that the directory's dialect rules allow;
     * under the {@code ignore} policy, leaves out what names attributes no schema defines.
     */
    Patch parsePatch(ResourceSchema schema, JsonNode body, ScimRequest request) {
        Set<DialectRule> dialect = request.dialect();
        List<PatchOperation> ops = perTypeOf(schema).dialect().normalise(PatchRequest.parse(body, filters(dialect), dialect), dialect);
        return withoutUnknown(schema, ops, request.ignoreUnknownAttributes());
    }

    private static Patch withoutUnknown(ResourceSchema schema, List<PatchOperation> ops, boolean ignore) {
        if (!ignore) {
            return new Patch(ops, List.of());
        }
        List<PatchOperation> kept = new ArrayList<>();
        List<UnknownAttributes.Dropped> dropped = new ArrayList<>();
        for (PatchOperation op : ops) {
            UnknownAttributes.Stripped stripped;
            if (op.path() == null) {
                stripped = UnknownAttributes.fromResource(schema, op.value());
            } else {
                var path = op.path();
                Optional<dev.tether.scim.schema.Schema> extension = path.schemaUrn() != null && !path.hasFilter()
                        && path.subAttribute() == null ? schema.extension(path.qualifiedName()) : Optional.empty();
                if (extension.isPresent()) {
                    stripped = UnknownAttributes.fromExtensionValue(extension.get(), op.value());
                } else {
                    Optional<ResourceSchema.Resolved> resolved = schema.resolve(path.attributePath());
                    boolean known = resolved.isPresent() && (path.subAttribute() == null
                            || resolved.get().attribute().subAttribute(path.subAttribute()).isPresent());
                    if (!known) {
                        String text = path.toString();
                        dropped.add(new UnknownAttributes.Dropped(UnknownAttributes.schemaOf(schema, text), text));
                        continue;
                    }
                    dev.tether.scim.schema.Schema owner = resolved.get().schema() == null ? schema.core() : resolved.get().schema();
                    stripped = path.subAttribute() == null
                            ? UnknownAttributes.fromAttributeValue(owner, resolved.get().attribute(), op.value(), path.toString())
                            : new UnknownAttributes.Stripped(op.value(), List.of());
                }
            }
            dropped.addAll(stripped.dropped());
            kept.add(stripped.dropped().isEmpty() ? op : new PatchOperation(op.op(), op.path(), stripped.value()));
        }
        return new Patch(kept, List.copyOf(dropped));
    }

    /**
     * Applies the operations, then checks the result as a whole like any written document. The
     * resource's id is put in view of the engine so that a value echoing it (Okta sends
     * {@code {"id": ..., "active": false}}) is recognised as unchanged rather than as a write.
     */
    ObjectNode applyPatch(ResourceSchema schema, UUID id, ObjectNode current, Patch patch) {
        if (patch.operations().isEmpty()) {
            return current;
        }
        // values of an extension the operator has since removed are no schema's any more: they go
        // with this write instead of failing it
        ObjectNode withId = (ObjectNode) UnknownAttributes.fromResource(schema, current).value();
        withId.put("id", id.toString());
        ObjectNode patched = perTypeOf(schema).patch().apply(withId, patch.operations());
        patched.remove("id");
        return storable(ResourceDocuments.checkPatched(schema, patched, current));
    }

    GroupPatch parseGroupPatch(ResourceSchema groupSchema, JsonNode body, ScimRequest request) {
        Set<DialectRule> dialect = request.dialect();
        PerType group = perTypeOf(groupSchema);
        List<PatchOperation> ops = group.dialect().normalise(PatchRequest.parse(body, filters(dialect), dialect), dialect);
        Patch known = withoutUnknown(groupSchema, ops, request.ignoreUnknownAttributes());
        MembershipPatch.Split split = MembershipPatch.split(groupSchema, known.operations(), group.evaluator());
        return new GroupPatch(new Patch(split.otherOperations(), known.dropped()), split.memberChanges());
    }

    ObjectNode project(ResourceSchema schema, ObjectNode full, RequestedAttributes requested) {
        return Projection.project(schema, full, requested.attributes(), requested.excludedAttributes());
    }

    boolean wants(ResourceSchema schema, String attribute, RequestedAttributes requested) {
        return Projection.wants(schema, attribute, requested.attributes(), requested.excludedAttributes());
    }

    /** Translates a list request's filter and sortBy into SQL over the type's table. */
    ResourceQuery query(ResourceSchema schema, ListRequest list, int offset, int limit, Set<DialectRule> dialect) {
        SqlTranslator sql = perTypeOf(schema).sql();
        SqlFragment where = null;
        if (list.filter() != null) {
            where = sql.translate(filters(dialect).read(list.filter()));
        }
        SqlFragment order = null;
        if (list.sortBy() != null) {
            AttributePath path;
            try {
                path = AttributePath.parse(list.sortBy());
            } catch (IllegalArgumentException e) {
                throw ScimException.badRequest("invalidValue", "sortBy is not an attribute path: " + list.sortBy());
            }
            order = sql.orderBy(path);
        }
        return new ResourceQuery(
                where == null ? null : where.sql(), where == null ? List.of() : where.params(),
                order == null ? null : order.sql(), order == null ? List.of() : order.params(),
                list.descending(), offset, limit);
    }

    /** The SCIM error a protocol-level failure stands for, or null when it is none. */
    static ScimException asScimError(Throwable e) {
        if (e instanceof FilterException f) {
            return ScimException.badRequest("invalidFilter", f.getMessage());
        }
        if (e instanceof PatchException p) {
            return ScimException.badRequest(p.scimType(), p.detail());
        }
        if (e instanceof ScimValidationException v) {
            return ScimException.badRequest(v.scimType(), v.detail());
        }
        return null;
    }
}
